using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;
using Spacedrive.Storage.Tags;
using Spacedrive.Storage.Tests.Library;

namespace Spacedrive.Storage.Tests.Search;

internal sealed class TestCategories : ICategoryNames
{
    public static readonly TestCategories Instance = new();

    private static readonly string[] Names = ["unknown", "image", "video", "audio", "document", "archive", "code", "text"];

    public string Name(int id) => id >= 0 && id < Names.Length ? Names[id] : "unknown";

    public bool TryGetId(string name, out int id)
    {
        id = Array.FindIndex(Names, n => string.Equals(n, name, StringComparison.OrdinalIgnoreCase));
        return id >= 0;
    }

    public static int Of(string fileName) => NewEntry.ExtensionOf(fileName, EntryKind.File) switch
    {
        "jpg" or "png" or "heic" => 1,
        "mp4" or "mov" => 2,
        "mp3" => 3,
        "pdf" or "docx" => 4,
        "zip" => 5,
        "cs" or "rs" or "py" => 6,
        "txt" or "md" => 7,
        _ => 0,
    };
}

/// <summary>A library with one device, one location rooted at /home/ana and helpers to grow a tree in it.</summary>
internal sealed class SearchFixture : IDisposable
{
    public const string Root = "/home/ana";
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<string, long> _ids = new(StringComparer.Ordinal);
    private readonly FakeTime _time = new();

    public SearchFixture()
    {
        Db = LibraryDatabase.Create(_temp.File("library.db"));
        using var tx = Db.Writer.BeginTransaction();
        (Device, Location, RootId) = LibraryRows.AddLocationWithRoot(Db.Writer, tx, Root);
        tx.Commit();
        _ids[Root] = RootId;
        Reader = Db.OpenReader();
        Search = new SqliteSearchSource(Reader, TestCategories.Instance);
        Tags = new TagStore(Db.Writer, _time);
    }

    public LibraryDatabase Db { get; }
    public SqliteConnection Reader { get; }
    public SqliteSearchSource Search { get; }
    public TagStore Tags { get; }
    public long Device { get; }
    public long Location { get; }
    public long RootId { get; }

    public long Id(string path) => _ids[path];

    /// <summary>Adds entries by path relative to the root; a trailing '/' makes a directory; parents are made as needed.</summary>
    public IReadOnlyList<long> Add(params string[] paths) => [.. paths.Select(p => AddOne(p, null))];

    public long AddOne(string relative, Func<NewEntry, NewEntry>? edit)
    {
        var isDir = relative.EndsWith('/');
        var full = Root + "/" + relative.TrimEnd('/');
        if (_ids.TryGetValue(full, out var existing)) return existing;
        var slash = full.LastIndexOf('/');
        var parentPath = full[..slash];
        var parent = parentPath == Root ? RootId : AddOne(parentPath[(Root.Length + 1)..] + "/", null);
        var name = full[(slash + 1)..];
        var entry = LibraryRows.Entry(Device, Location, parent, name, isDir ? EntryKind.Directory : EntryKind.File) with
        {
            Category = isDir ? null : TestCategories.Of(name),
            Hidden = name.StartsWith('.'),
        };
        if (edit is not null) entry = edit(entry);
        var id = EntryClosure.InsertBatch(Db.Writer, [entry])[0];
        _ids[full] = id;
        return id;
    }

    public long AddContent(string hash, int kind = 0)
    {
        using var cmd = Db.Writer.CreateCommand();
        cmd.CommandText = "INSERT INTO content_identities (uuid, content_hash, total_size, kind, first_seen_at, last_verified_at) VALUES ($u, $h, 1, $k, 1, 1) RETURNING id";
        cmd.Parameters.AddWithValue("$u", Spacedrive.Messages.ContentId.FromHash(hash).Uuid.ToString("D"));
        cmd.Parameters.AddWithValue("$h", hash);
        cmd.Parameters.AddWithValue("$k", kind);
        return (long)cmd.ExecuteScalar()!;
    }

    public void Write(Action<EntryClosure> action)
    {
        using var tx = Db.Writer.BeginTransaction();
        using var closure = new EntryClosure(Db.Writer, tx);
        action(closure);
        tx.Commit();
    }

    public SearchReply Find(SearchQuery query) => Search.Search(query);

    public List<string> Paths(SearchQuery query) => [.. Search.Search(query).Items.Select(i => i.Path)];

    public List<string> AllNames()
    {
        using var cmd = Reader.CreateCommand();
        cmd.CommandText = "SELECT name FROM entries";
        using var r = cmd.ExecuteReader();
        var names = new List<string>();
        while (r.Read()) names.Add(r.GetString(0));
        return names;
    }

    public void Dispose()
    {
        Search.Dispose();
        Reader.Dispose();
        Db.Dispose();
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private sealed class FakeTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
    }
}
