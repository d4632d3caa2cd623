using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;
using Spacedrive.Storage.Tests.Library;

namespace Spacedrive.Storage.Tests.Search;

public sealed class TagStoreSpec : IDisposable
{
    private const string R = SearchFixture.Root;
    private readonly SearchFixture _f = new();

    public void Dispose() => _f.Dispose();

    private List<string> Tagged(params string[] tags) => [.. _f.Paths(new SearchQuery { Tags = tags, Target = SearchTarget.All, Sort = SearchSort.Name, Limit = 100 }).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_tag_must_include_its_descendants_through_several_parents()
    {
        _f.Tags.Create(new CreateTag(null, "Travel"));
        _f.Tags.Create(new CreateTag(null, "Family"));
        _f.Tags.Create(new CreateTag(null, "Italy", Parents: ["travel"]));
        _f.Tags.Create(new CreateTag(null, "Rome 2024", Parents: ["Italy", "family"], Color: "#ff0000", Aliases: ["roma"]));
        _f.Add("p/colosseum.jpg", "p/beach.jpg", "p/mum.jpg");
        _f.Tags.Apply(new ApplyTags(null, ["roma"], [R + "/p/colosseum.jpg"]));
        _f.Tags.Apply(new ApplyTags(null, ["travel"], [R + "/p/beach.jpg"]));
        _f.Tags.Apply(new ApplyTags(null, ["family"], [R + "/p/mum.jpg"]));

        Assert.Equal([R + "/p/beach.jpg", R + "/p/colosseum.jpg"], Tagged("Travel"));
        Assert.Equal([R + "/p/colosseum.jpg", R + "/p/mum.jpg"], Tagged("family"));
        Assert.Equal([R + "/p/colosseum.jpg"], Tagged("travel", "family"));
        Assert.Equal(3, _f.Find(new SearchQuery { AnyTags = ["italy", "travel", "family"] }).Total);
        Assert.Equal([R + "/p/beach.jpg", R + "/p/mum.jpg"], _f.Paths(new SearchQuery { NotTags = ["italy"], Text = "jpg" }).Order(StringComparer.Ordinal));
        Assert.Equal(["Rome 2024"], _f.Find(new SearchQuery { Text = "colosseum" }).Items[0].Tags!);

        var tree = _f.Tags.Tree(new GetTagTree(null));
        Assert.Equal(["Family", "Travel"], tree.Select(n => n.Name).Order());
        Assert.Equal("Rome 2024", tree.Single(n => n.Name == "Family").Children.Single().Name);
        Assert.Equal("Rome 2024", tree.Single(n => n.Name == "Travel").Children.Single().Children.Single().Name);

        var details = _f.Tags.Show(new ShowTag(null, "travel"));
        Assert.Equal(2, details.EntryCount);
        Assert.Equal(["Italy"], details.Children.Select(c => c.Name));
    }

    [Fact]
    public void A_cycle_must_be_refused_with_a_clear_error()
    {
        _f.Tags.Create(new CreateTag(null, "a"));
        _f.Tags.Create(new CreateTag(null, "b", Parents: ["a"]));
        _f.Tags.Create(new CreateTag(null, "c", Parents: ["b"]));
        var e = Assert.Throws<SearchException>(() => _f.Tags.Update(new UpdateTag(null, "a", AddParents: ["c"])));
        Assert.Equal("tag_cycle", e.Code);
        Assert.Contains("cycle", e.Message, StringComparison.Ordinal);
        Assert.Equal("tag_cycle", Assert.Throws<SearchException>(() => _f.Tags.Update(new UpdateTag(null, "a", AddParents: ["a"]))).Code);
        // Nothing changed: a is still a root.
        Assert.Empty(_f.Tags.Show(new ShowTag(null, "a")).Parents);
        Assert.Equal("tag_exists", Assert.Throws<SearchException>(() => _f.Tags.Create(new CreateTag(null, "A"))).Code);
        Assert.Equal("tag_not_found", Assert.Throws<SearchException>(() => _f.Tags.Create(new CreateTag(null, "d", Parents: ["zzz"]))).Code);
        // Same name in another namespace is another tag; a bare name then is ambiguous for commands.
        _f.Tags.Create(new CreateTag(null, "a", Namespace: "work"));
        Assert.Equal("ambiguous_tag", Assert.Throws<SearchException>(() => _f.Tags.Delete(new DeleteTag(null, "a"))).Code);
        Assert.Equal("a", _f.Tags.Show(new ShowTag(null, "work:a")).Tag.Name);
    }

    [Fact]
    public void Tags_must_survive_move_and_rename_of_the_tagged_entries()
    {
        _f.Add("inbox/scan.pdf", "inbox/sub/deep.txt", "archive/");
        _f.Tags.Create(new CreateTag(null, "todo"));
        _f.Tags.Apply(new ApplyTags(null, ["todo"], [R + "/inbox/scan.pdf", R + "/inbox/sub/deep.txt", R + "/inbox"]));
        _f.Write(c =>
        {
            c.Move(_f.Id(R + "/inbox/scan.pdf"), _f.Id(R + "/archive"), "2024-scan.pdf");
            c.Move(_f.Id(R + "/inbox/sub"), _f.Id(R + "/archive"));
        });
        Assert.Equal([R + "/archive/2024-scan.pdf", R + "/archive/sub/deep.txt", R + "/inbox"], Tagged("todo"));
    }

    [Fact]
    public void A_content_tag_must_reach_every_copy_now_and_later_and_survive_reindexing()
    {
        var content = _f.AddContent("0123456789abcdef");
        _f.AddOne("a/song.mp3", e => e with { ContentId = content });
        _f.AddOne("b/song copy.mp3", e => e with { ContentId = content });
        _f.Tags.Create(new CreateTag(null, "favourite"));
        var applied = _f.Tags.Apply(new ApplyTags(null, ["favourite"], [R + "/a/song.mp3"], TagScope.Content));
        Assert.Equal(1, applied.Changed);
        Assert.Equal([R + "/a/song.mp3", R + "/b/song copy.mp3"], Tagged("favourite"));

        // Re-index: the entry is deleted and inserted again (new uuid), a third copy appears.
        _f.Write(c => c.DeleteSubtree(_f.Id(R + "/a/song.mp3")));
        _f.AddOne("c/again.mp3", e => e with { ContentId = content });
        _f.AddOne("a/song.mp3 ", e => e with { Name = "song.mp3", ContentId = content });
        Assert.Equal(3, Tagged("favourite").Count);

        // A content tag is removed through the content scope, from any copy.
        Assert.Equal(1, _f.Tags.Remove(new RemoveTags(null, ["favourite"], [R + "/c/again.mp3"], TagScope.Content)).Changed);
        Assert.Empty(Tagged("favourite"));
        Assert.Equal("no_content_identity", Assert.Throws<SearchException>(() =>
            _f.Tags.Apply(new ApplyTags(null, ["favourite"], [R + "/a"], TagScope.Content))).Code);
    }

    [Fact]
    public void Entry_tags_must_be_applied_once_removed_by_id_and_deleted_with_the_tag()
    {
        _f.Add("x.txt");
        var tag = _f.Tags.Create(new CreateTag(null, "keep", Namespace: "status", Description: "do not delete"));
        var id = _f.Find(new SearchQuery { Text = "x.txt" }).Items[0].Id.ToString();
        Assert.Equal(1, _f.Tags.Apply(new ApplyTags(null, [tag.Id.ToString()], [id])).Changed);
        Assert.Equal(0, _f.Tags.Apply(new ApplyTags(null, ["status:keep"], [R + "/x.txt"])).Changed);
        Assert.Equal(["status:keep"], _f.Find(new SearchQuery { Text = "x.txt" }).Items[0].Tags!);
        Assert.Equal(1, _f.Tags.List(new ListTags(null)).Single().Applications);

        var renamed = _f.Tags.Update(new UpdateTag(null, "keep", NewName: "keeper"));
        Assert.Equal("keeper", renamed.Name);
        Assert.Equal([R + "/x.txt"], Tagged("keeper"));
        Assert.Equal("entry_not_found", Assert.Throws<SearchException>(() => _f.Tags.Apply(new ApplyTags(null, ["keeper"], ["/no/such"]))).Code);

        Assert.Equal(1, _f.Tags.Delete(new DeleteTag(null, "keeper")).Applications);
        Assert.Empty(_f.Tags.List(new ListTags(null)));
        Assert.Null(_f.Find(new SearchQuery { Text = "x.txt" }).Items[0].Tags);
        Assert.Equal(0L, LibraryRows.Scalar(_f.Db.Writer, null, "SELECT COUNT(*) FROM user_metadata"));
    }

    [Fact]
    public void Archive_and_hidden_privacy_tags_must_keep_their_entries_out_of_search_unless_asked()
    {
        _f.Add("old.txt", "secret.txt", "plain.txt");
        _f.Tags.Create(new CreateTag(null, "old", Privacy: TagPrivacy.Archive));
        _f.Tags.Create(new CreateTag(null, "private", Privacy: TagPrivacy.Hidden));
        _f.Tags.Apply(new ApplyTags(null, ["old"], [R + "/old.txt"]));
        _f.Tags.Apply(new ApplyTags(null, ["private"], [R + "/secret.txt"]));
        Assert.Equal(["plain.txt"], _f.Find(new SearchQuery { Text = "txt" }).Items.Select(i => i.Name));
        Assert.Equal(["old.txt", "plain.txt"], _f.Find(new SearchQuery { Text = "txt", IncludeArchived = true, Sort = SearchSort.Name }).Items.Select(i => i.Name));
        Assert.Equal(3, _f.Find(new SearchQuery { Text = "txt", IncludeArchived = true, IncludeHidden = true }).Total);
        Assert.Equal(["old"], _f.Tags.List(new ListTags(null)).Select(t => t.Name));
        Assert.Equal(2, _f.Tags.List(new ListTags(null, IncludeHidden: true)).Count);
    }
}
