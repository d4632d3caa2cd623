using Spacedrive.Runtime.Actor;
using Spacedrive.Actors.Actions;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Files;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Tags;

namespace Spacedrive.Actors.Tests.Actions;

/// <summary>
/// sd file copy|move as the audited actions file.copy and file.move: the audit record is pending while the transfer
/// job runs and ends with its outcome once the index has followed (copies indexed with their content identity, moved
/// entries keeping their uuid and tags, entries moved out of the location removed).
/// </summary>
public abstract class FileTransferActionsFixture(string extraConfig) : ActionFixture(NewRoot(), extraConfig)
{
    protected async Task<TransferStarted> RunAsync(object request)
    {
        var started = await Ok<TransferStarted>(request);
        Assert.NotNull(started.AuditId);
        Assert.Equal(JobStatus.Completed, (await JobEnded(started.Job.Id)).Status);
        await AwaitAssertAsync(async () =>
            Assert.Equal(AuditLog.Succeeded, (await AuditAsync()).Single(r => r.Id == started.AuditId).Result), TimeSpan.FromSeconds(30));
        return started;
    }

    protected string? UuidAt(string path) => Text(
        "SELECT lower(hex(e.uuid)) FROM entries e JOIN directory_paths d ON d.entry_id = e.parent_id WHERE d.path = $dir AND e.name = $name",
        ("$dir", Path.GetDirectoryName(path)!), ("$name", Path.GetFileName(path)));

    protected long ContentAt(string path) => Scalar(
        "SELECT e.content_id FROM entries e JOIN directory_paths d ON d.entry_id = e.parent_id WHERE d.path = $dir AND e.name = $name",
        ("$dir", Path.GetDirectoryName(path)!), ("$name", Path.GetFileName(path)));

    protected async Task AuditVerifiesAsync() => Assert.True((await Ok<AuditVerifyReply>(new VerifyAuditLog(null))).Ok);

    protected async Task<string> TagAsync(string path)
    {
        await Ok<TagReply>(new CreateTag(null, "red"));
        await Ok<TagsApplied>(new ApplyTags(null, ["red"], [path]));
        return UuidAt(path)!;
    }

    protected async Task<string> TaggedPathAsync() => Assert.Single((await Ok<TagDetails>(new ShowTag(null, "red"))).Entries).Path;
}

public sealed class FileTransferActionsSpec() : FileTransferActionsFixture("")
{
    [Fact]
    public async Task Copy_into_a_location_must_index_the_copies_with_the_content_of_their_sources()
    {
        Directory.CreateDirectory(F("dest"));
        await IndexAsync();
        var content = ContentAt(F("sub/b.txt"));
        Assert.True(content > 0, "the source has a content identity (content mode)");

        var started = await RunAsync(new CopyFiles(null, new TransferRequest([F("a.txt"), F("sub")], F("dest"))));

        Assert.Equal("file.copy", (await AuditAsync()).Single(r => r.Id == started.AuditId).Action);
        Assert.Equal("bravo", File.ReadAllText(F("dest/sub/b.txt")));
        Assert.NotNull(UuidAt(F("dest/a.txt")));
        Assert.NotEqual(UuidAt(F("a.txt")), UuidAt(F("dest/a.txt")));
        Assert.Equal(ContentAt(F("a.txt")), ContentAt(F("dest/a.txt")));
        Assert.Equal(content, ContentAt(F("dest/sub/b.txt")));
        Assert.Equal(ContentAt(F("sub/c.txt")), ContentAt(F("dest/sub/c.txt")));
        Assert.NotNull(UuidAt(F("sub/b.txt"))); // the sources stay indexed
        await AuditVerifiesAsync();
    }

    [Fact]
    public async Task Move_within_a_location_must_keep_the_entry_uuid_and_its_tags()
    {
        Directory.CreateDirectory(F("dest"));
        await IndexAsync();
        var file = await TagAsync(F("a.txt"));
        var folder = UuidAt(F("sub"));
        var entries = Scalar("SELECT COUNT(*) FROM entries");

        var started = await RunAsync(new MoveFiles(null, new TransferRequest([F("a.txt"), F("sub")], F("dest"))));

        Assert.True(started.Preview.SameVolume);
        Assert.False(File.Exists(F("a.txt")));
        Assert.Equal(file, UuidAt(F("dest/a.txt")));
        Assert.Equal(folder, UuidAt(F("dest/sub")));
        Assert.NotNull(UuidAt(F("dest/sub/b.txt")));
        Assert.Null(UuidAt(F("a.txt")));
        Assert.Equal(entries, Scalar("SELECT COUNT(*) FROM entries"));
        Assert.Equal(F("dest/a.txt"), await TaggedPathAsync());
        Assert.Equal("file.move", (await AuditAsync()).Single(r => r.Id == started.AuditId).Action);
        await AuditVerifiesAsync();
    }

    [Fact]
    public async Task Move_out_of_a_location_must_remove_its_entries()
    {
        await IndexAsync();
        var entries = Scalar("SELECT COUNT(*) FROM entries");
        var outside = Path.Combine(Root, "outside");
        Directory.CreateDirectory(outside);

        await RunAsync(new MoveFiles(null, new TransferRequest([F("sub")], outside)));

        Assert.Equal("charlie", File.ReadAllText(Path.Combine(outside, "sub", "c.txt")));
        Assert.Null(UuidAt(F("sub")));
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM entries WHERE name IN ('sub', 'b.txt', 'c.txt')"));
        Assert.Equal(entries - 3, Scalar("SELECT COUNT(*) FROM entries"));
        await AuditVerifiesAsync();
    }

    [Fact]
    public async Task A_dry_run_must_preview_files_bytes_conflicts_and_free_space_and_change_nothing()
    {
        await IndexAsync();
        File.WriteAllText(Path.Combine(Root, "a.txt"), "taken");
        var audit = (await AuditAsync()).Count;
        var entries = Scalar("SELECT COUNT(*) FROM entries");

        var preview = (await Ok<ActionPreviewReply>(new PreviewAction(null, "file.copy",
            new CopyFiles(null, new TransferRequest([F("a.txt"), F("sub")], Root))))).Preview;

        Assert.Equal("file.copy", preview.Action);
        Assert.Equal(3, preview.Files);
        Assert.Equal(5 + 5 + 7, preview.Bytes);
        Assert.True(preview.FreeBytes > 0);
        Assert.True(preview.StartsJob);
        var conflict = Assert.Single(preview.Conflicts);
        Assert.Equal(TransferErrors.Conflict, conflict.Code);
        Assert.False(preview.Allowed);
        Assert.True(File.Exists(F("a.txt")));
        Assert.False(Directory.Exists(Path.Combine(Root, "sub")));
        Assert.Equal(audit, (await AuditAsync()).Count);
        Assert.Equal(entries, Scalar("SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task A_refused_transfer_must_keep_its_code_and_write_no_audit_record()
    {
        await IndexAsync();
        File.WriteAllText(Path.Combine(Root, "a.txt"), "taken");
        var audit = (await AuditAsync()).Count;

        Assert.Equal(TransferErrors.Conflict, (await Refused(new CopyFiles(null, new TransferRequest([F("a.txt")], Root + "/")))).Code);
        Assert.Equal(TransferErrors.SourceNotFound, (await Refused(new MoveFiles(null, new TransferRequest([F("missing")], Root + "/")))).Code);
        Assert.Equal(TransferErrors.DestinationInsideSource, (await Refused(new MoveFiles(null, new TransferRequest([F("sub")], F("sub/inner/"))))).Code);

        Assert.Equal("taken", File.ReadAllText(Path.Combine(Root, "a.txt")));
        Assert.Equal(audit, (await AuditAsync()).Count);
    }
}

/// <summary>The same moves with every move forced across volumes (copy, make durable, remove the source: new inodes).</summary>
public sealed class FileTransferActionsCrossVolumeSpec() : FileTransferActionsFixture("spacedrive.files.transfer.force-cross-volume = on")
{
    [Fact]
    public async Task A_forced_cross_volume_move_must_keep_the_entry_uuids_and_tags()
    {
        Directory.CreateDirectory(F("dest"));
        await IndexAsync();
        var file = await TagAsync(F("a.txt"));
        var folder = UuidAt(F("sub"));
        var child = UuidAt(F("sub/b.txt"));
        var inode = Scalar("SELECT inode FROM entries WHERE uuid = unhex($u)", ("$u", file));

        var started = await RunAsync(new MoveFiles(null, new TransferRequest([F("a.txt"), F("sub")], F("dest"))));

        Assert.False(started.Preview.SameVolume);
        Assert.False(Directory.Exists(F("sub")));
        Assert.Equal(file, UuidAt(F("dest/a.txt")));
        Assert.Equal(child, UuidAt(F("dest/sub/b.txt")));
        Assert.NotNull(UuidAt(F("dest/sub")));
        _ = folder; // a folder moved item by item is a new folder; what it holds keeps its identity
        Assert.NotEqual(inode, Scalar("SELECT inode FROM entries WHERE uuid = unhex($u)", ("$u", file))); // the index follows the new inode
        Assert.Equal(F("dest/a.txt"), await TaggedPathAsync());
        Assert.Null(UuidAt(F("sub")));
        Assert.True(ContentAt(F("dest/a.txt")) > 0);
        await AuditVerifiesAsync();
    }
}

/// <summary>A transfer slowed down (a diagnostic delay before each item) so that it can be stopped midway.</summary>
public sealed class FileTransferActionsCancelSpec() : FileTransferActionsFixture("spacedrive.files.transfer.diagnostic-file-delay = 300ms")
{
    [Fact]
    public async Task A_cancelled_copy_must_be_audited_cancelled_and_index_what_was_copied()
    {
        Directory.CreateDirectory(F("dest"));
        await IndexAsync();

        var started = await Ok<TransferStarted>(new CopyFiles(null, new TransferRequest([F("a.txt"), F("sub")], F("dest"))));
        Assert.Equal(AuditLog.Pending, (await AuditAsync()).Single(r => r.Id == started.AuditId).Result);
        await Library.Ask<object>(new CancelJob(null, started.Job.Id.ToString("D")), TimeSpan.FromSeconds(30));
        Assert.Equal(JobStatus.Cancelled, (await JobEnded(started.Job.Id)).Status);

        await AwaitAssertAsync(async () =>
            Assert.Equal(AuditLog.Cancelled, (await AuditAsync()).Single(r => r.Id == started.AuditId).Result), TimeSpan.FromSeconds(30));
        foreach (var copied in Directory.EnumerateFiles(F("dest"), "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith(".sd-partial", StringComparison.Ordinal)))
            Assert.True(UuidAt(copied) is not null, $"{copied} was copied but is not indexed");
        Assert.Equal(ContentAt(F("a.txt")), File.Exists(F("dest/a.txt")) ? ContentAt(F("dest/a.txt")) : ContentAt(F("a.txt")));
        await AuditVerifiesAsync();
    }
}

/// <summary>A slow move across volumes: the location's watcher sees each source vanish while the job still runs.</summary>
public sealed class FileTransferActionsSlowMoveSpec() : FileTransferActionsFixture(
    "spacedrive.files.transfer.force-cross-volume = on\nspacedrive.files.transfer.diagnostic-file-delay = 250ms\nspacedrive.files.transfer.batch-files = 1")
{
    [Fact]
    public async Task A_slow_cross_volume_move_must_keep_uuids_and_tags_while_the_watcher_sees_the_sources_vanish()
    {
        Directory.CreateDirectory(F("dest"));
        await IndexAsync();
        var file = await TagAsync(F("sub/b.txt"));
        var other = UuidAt(F("sub/c.txt"));
        var top = UuidAt(F("a.txt"));

        await RunAsync(new MoveFiles(null, new TransferRequest([F("sub"), F("a.txt")], F("dest"))));

        Assert.Equal(file, UuidAt(F("dest/sub/b.txt")));
        Assert.Equal(other, UuidAt(F("dest/sub/c.txt")));
        Assert.Equal(top, UuidAt(F("dest/a.txt")));
        Assert.Equal(F("dest/sub/b.txt"), await TaggedPathAsync());
        Assert.Equal(0, Scalar("SELECT COUNT(*) FROM directory_paths WHERE path = $p", ("$p", F("sub"))));
        await AuditVerifiesAsync();
    }
}
