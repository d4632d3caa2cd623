using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Libraries;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Search;

/// <summary>A library actor answers search and tag requests through its /search and /tags children.</summary>
public sealed class SearchAndTagsActorSpec : TestKit, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sd-search-actor-" + Guid.NewGuid().ToString("N")[..12]);

    void IDisposable.Dispose()
    {
        Shutdown();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }

    private IActorRef StartLibrary(out string dbPath)
    {
        var manager = Sys.ActorOf(LibraryManager.Props(Path.Combine(_root, "libraries"), TimeProvider.System));
        manager.Tell(new GetLibraryRef(null), TestActor);
        var library = ExpectMsg<LibraryRefReply>();
        dbPath = Path.Combine(library.Library.Path, "library.db");
        return library.Actor;
    }

    private static void Seed(string dbPath)
    {
        using var connection = new SqliteConnection($"Data Source={dbPath};Pooling=False");
        connection.Open();
        using var tx = connection.BeginTransaction();
        long Scalar(string sql)
        {
            using var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            return (long)cmd.ExecuteScalar()!;
        }
        var device = Scalar($"INSERT INTO devices (uuid, name, slug, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', 'd', 'd', 1, 1) RETURNING id");
        var location = Scalar($"INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', {device}, 'music', '/music', 1, 1) RETURNING id");
        using var closure = new EntryClosure(connection, tx);
        NewEntry Entry(long? parent, string name, EntryKind kind) => new()
        {
            Uuid = Guid.NewGuid(), DeviceId = device, LocationId = location, ParentId = parent, Name = name, Kind = kind,
            RootPath = parent is null ? "/music" : null, Size = 7, IndexedAt = 1, Category = kind == EntryKind.File ? 3 : null,
        };
        var root = closure.Insert(Entry(null, "music", EntryKind.Directory));
        var album = closure.Insert(Entry(root, "Album", EntryKind.Directory));
        closure.Insert(Entry(album, "01 Intro.mp3", EntryKind.File));
        closure.Insert(Entry(album, "02 Outro.mp3", EntryKind.File));
        tx.Commit();
    }

    [Fact]
    public void A_library_must_answer_search_and_tag_requests()
    {
        var library = StartLibrary(out var db);
        Seed(db);

        library.Tell(new SearchEntries(null, new SearchQuery { Text = "intro" }), TestActor);
        var found = ExpectMsg<SearchReply>();
        Assert.Equal("/music/Album/01 Intro.mp3", Assert.Single(found.Items).Path);
        Assert.Equal("audio", found.Items[0].Category);
        Assert.Equal(1, found.Facets!.Category["audio"]);

        library.Tell(new CreateTag(null, "Music"), TestActor);
        ExpectMsg<TagReply>();
        library.Tell(new CreateTag(null, "Live", Parents: ["music"]), TestActor);
        Assert.Single(ExpectMsg<TagReply>().Tag.Parents);
        library.Tell(new ApplyTags(null, ["live"], ["/music/Album/02 Outro.mp3"]), TestActor);
        Assert.Equal(1, ExpectMsg<TagsApplied>().Changed);

        library.Tell(new SearchEntries(null, new SearchQuery { Tags = ["music"] }), TestActor);
        Assert.Equal("02 Outro.mp3", Assert.Single(ExpectMsg<SearchReply>().Items).Name);

        library.Tell(new UpdateTag(null, "music", AddParents: ["live"]), TestActor);
        Assert.Equal(SearchErrors.TagCycle, ExpectMsg<LibraryOperationFailed>().Code);

        library.Tell(new ListDirectory(null, "/music/Album", ListSort.Name, Descending: true), TestActor);
        Assert.Equal(["02 Outro.mp3", "01 Intro.mp3"], ExpectMsg<DirectoryListing>().Items.Select(i => i.Name));

        library.Tell(new SearchEntries(null, new SearchQuery { Path = "/elsewhere" }), TestActor);
        Assert.Equal(SearchErrors.PathNotIndexed, ExpectMsg<LibraryOperationFailed>().Code);

        library.Tell(new GetTagTree(null), TestActor);
        Assert.Equal("Live", Assert.Single(ExpectMsg<TagTreeReply>().Roots).Children.Single().Name);
    }
}
