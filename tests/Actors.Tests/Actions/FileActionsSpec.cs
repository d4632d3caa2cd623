using Spacedrive.Actors.Actions;
using Spacedrive.Actors.Files;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;

namespace Spacedrive.Actors.Tests.Actions;

/// <summary>sd file mkdir|rename|delete as actions: the disk changes, the index follows by itself, nothing is lost on bad input.</summary>
public sealed class FileActionsSpec : ActionFixture
{
    public FileActionsSpec() : base(NewRoot()) { }

    private long EntryCount() => Scalar("SELECT COUNT(*) FROM entries");

    [Fact]
    public async Task Rename_must_keep_the_entry_uuid_tags_and_metadata()
    {
        await IndexAsync();
        var uuid = Text("SELECT lower(hex(uuid)) FROM entries WHERE name = 'a.txt'")!;
        await Ok<TagReply>(new CreateTag(null, "red"));
        await Ok<TagsApplied>(new ApplyTags(null, ["red"], [F("a.txt")]));
        var entries = EntryCount();

        var reply = await Ok<FileActionReply>(new RenameFile(null, F("a.txt"), "renamed.txt"));

        Assert.True(reply.Indexed);
        Assert.Equal(Guid.Parse(uuid), reply.EntryId);
        Assert.Equal(F("renamed.txt"), reply.Path);
        Assert.False(File.Exists(F("a.txt")));
        Assert.Equal("alpha", File.ReadAllText(F("renamed.txt")));
        Assert.Equal(uuid, Text("SELECT lower(hex(uuid)) FROM entries WHERE name = 'renamed.txt'"));
        Assert.Equal("txt", Text("SELECT extension FROM entries WHERE name = 'renamed.txt'"));
        Assert.Equal(entries, EntryCount());
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM user_metadata WHERE entry_uuid = unhex($u)", ("$u", uuid)));
        var tagged = await Ok<TagDetails>(new ShowTag(null, "red"));
        Assert.Equal(F("renamed.txt"), Assert.Single(tagged.Entries).Path);
        Assert.Equal("file.rename", (await AuditAsync())[0].Action);
    }

    [Fact]
    public async Task Renaming_a_folder_must_move_its_subtree_paths_in_the_index()
    {
        await IndexAsync();
        var uuid = Text("SELECT lower(hex(uuid)) FROM entries WHERE name = 'sub'");

        await Ok<FileActionReply>(new RenameFile(null, F("sub"), "moved"));

        Assert.Equal(uuid, Text("SELECT lower(hex(uuid)) FROM entries WHERE name = 'moved'"));
        Assert.Equal(1, Scalar("SELECT COUNT(*) FROM directory_paths WHERE path = $p", ("$p", F("moved"))));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM directory_paths WHERE path = $p", ("$p", F("sub"))));
        var listing = await Ok<DirectoryListing>(new ListDirectory(null, F("moved")));
        Assert.Equal(["b.txt", "c.txt"], listing.Items.Select(i => i.Name));
        Assert.Equal(F("moved/b.txt"), Assert.Single((await Ok<SearchReply>(new SearchEntries(null, new SearchQuery { Text = "b.txt" }))).Items).Path);
    }

    [Fact]
    public async Task Bad_input_must_be_refused_with_a_clear_code_and_lose_nothing()
    {
        await IndexAsync();
        var entries = EntryCount();
        var audit = (await AuditAsync()).Count;

        Assert.Equal(ActionErrors.Conflict, (await Refused(new RenameFile(null, F("a.txt"), "sub"))).Code);
        Assert.Equal(ActionErrors.InvalidName, (await Refused(new RenameFile(null, F("a.txt"), "x/y.txt"))).Code);
        Assert.Equal(ActionErrors.InvalidName, (await Refused(new RenameFile(null, F("a.txt"), ".."))).Code);
        Assert.Equal(ActionErrors.NotFound, (await Refused(new RenameFile(null, F("missing.txt"), "z.txt"))).Code);
        Assert.Equal(ActionErrors.Invalid, (await Refused(new RenameFile(null, "relative/a.txt", "z.txt"))).Code);
        Assert.Equal(ActionErrors.NotFound, (await Refused(new DeleteFiles(null, [F("missing.txt")]))).Code);
        Assert.Equal(ActionErrors.Invalid, (await Refused(new DeleteFiles(null, []))).Code);
        Assert.Equal(ActionErrors.Invalid, (await Refused(new DeleteFiles(null, [Files]))).Code); // a location's root
        Assert.Equal(ActionErrors.Conflict, (await Refused(new MakeDirectory(null, F("sub")))).Code);
        Assert.Equal(ActionErrors.NotFound, (await Refused(new MakeDirectory(null, F("no/such/parent")))).Code);

        Assert.Equal("alpha", File.ReadAllText(F("a.txt")));
        Assert.Equal("bravo", File.ReadAllText(F("sub/b.txt")));
        Assert.Equal(entries, EntryCount());
        Assert.Equal(audit, (await AuditAsync()).Count);
    }

    [Fact]
    public async Task Mkdir_must_create_the_folder_and_index_it_when_its_parent_is_indexed()
    {
        await IndexAsync();
        var entries = EntryCount();

        var inside = await Ok<FileActionReply>(new MakeDirectory(null, F("sub/new")));
        Assert.True(Directory.Exists(F("sub/new")));
        Assert.True(inside.Indexed);
        Assert.Equal(entries + 1, EntryCount());
        Assert.Equal(inside.EntryId!.Value.ToString("N"), Text("SELECT lower(hex(e.uuid)) FROM entries e JOIN directory_paths p ON p.entry_id = e.id WHERE p.path = $p", ("$p", F("sub/new"))));
        Assert.Equal(3, Scalar("SELECT child_count FROM entries WHERE name = 'sub'"));
        Assert.Equal(3, Scalar("SELECT COUNT(*) FROM entry_closure WHERE descendant_id = (SELECT id FROM entries WHERE name = 'new')"));

        var outside = await Ok<FileActionReply>(new MakeDirectory(null, Path.Combine(Root, "elsewhere")));
        Assert.True(Directory.Exists(Path.Combine(Root, "elsewhere")));
        Assert.False(outside.Indexed);
        Assert.Equal(entries + 1, EntryCount());
        Assert.Equal(["file.mkdir", "file.mkdir"], (await AuditAsync()).Take(2).Select(r => r.Action));
    }

    [Fact]
    public async Task Delete_must_move_to_the_trash_with_a_trashinfo_and_remove_the_entries()
    {
        await IndexAsync();
        var entries = EntryCount();
        var subId = Scalar("SELECT id FROM entries WHERE name = 'sub'");

        var reply = await Ok<FileJobReply>(new DeleteFiles(null, [F("sub")]));
        Assert.Equal(JobStatus.Completed, (await JobEnded(reply.Job.Id)).Status);

        Assert.False(Directory.Exists(F("sub")));
        Assert.Equal("bravo", File.ReadAllText(Path.Combine(Trash, "files", "sub", "b.txt")));
        var info = File.ReadAllLines(Path.Combine(Trash, "info", "sub.trashinfo"));
        Assert.Equal("[Trash Info]", info[0]);
        Assert.Equal("Path=" + FreedesktopTrash.Escape(F("sub")), info[1]);
        Assert.Matches(@"^DeletionDate=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$", info[2]);
        Assert.Equal(entries - 3, EntryCount());
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM entry_closure WHERE ancestor_id = $id OR descendant_id = $id", ("$id", subId)));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM directory_paths WHERE entry_id = $id", ("$id", subId)));
        await AwaitAssertAsync(async () => Assert.Equal(AuditLog.Succeeded, (await AuditAsync()).Single(r => r.Action == "file.delete").Result), TimeSpan.FromSeconds(10));

        // The same name again gets a unique name in the trash.
        File.WriteAllText(F("a2.txt"), "again");
        var first = await Ok<FileJobReply>(new DeleteFiles(null, [F("a.txt")]));
        await JobEnded(first.Job.Id);
        File.WriteAllText(F("a.txt"), "new alpha");
        var second = await Ok<FileJobReply>(new DeleteFiles(null, [F("a.txt")]));
        await JobEnded(second.Job.Id);
        Assert.Equal("alpha", File.ReadAllText(Path.Combine(Trash, "files", "a.txt")));
        Assert.Equal("new alpha", File.ReadAllText(Path.Combine(Trash, "files", "a.txt.2")));
        Assert.True(File.Exists(Path.Combine(Trash, "info", "a.txt.2.trashinfo")));
        Assert.True((await Ok<AuditVerifyReply>(new VerifyAuditLog(null))).Ok);
    }

    [Fact]
    public async Task Permanent_delete_must_remove_the_files_without_the_trash()
    {
        await IndexAsync();
        var reply = await Ok<FileJobReply>(new DeleteFiles(null, [F("a.txt"), F("sub")], Permanent: true));
        Assert.Equal(JobStatus.Completed, (await JobEnded(reply.Job.Id)).Status);

        Assert.False(File.Exists(F("a.txt")));
        Assert.False(Directory.Exists(F("sub")));
        Assert.False(Directory.Exists(Path.Combine(Trash, "files")) && Directory.EnumerateFileSystemEntries(Path.Combine(Trash, "files")).Any());
        Assert.Equal(1, EntryCount()); // the location's root
    }
}
