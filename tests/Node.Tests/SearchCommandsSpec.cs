using Microsoft.Data.Sqlite;
using Spacedrive.Node.Tests.Infrastructure;
using Spacedrive.Storage.Library;

namespace Spacedrive.Node.Tests;

/// <summary>`sd search`, `sd tag` and `sd file ls` end to end through the real binary, over a library seeded in its database.</summary>
public sealed class SearchCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();
    private readonly SdRunner _sd;

    public SearchCommandsSpec() => _sd = new SdRunner(_temp.Combine("data"));

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _temp.Dispose();
    }

    private void Seed()
    {
        _sd.Run("library", "list", "--json").ShouldSucceed();
        var db = Path.Combine(_sd.DataDir, "libraries", "Default.sdlibrary", "library.db");
        using var connection = new SqliteConnection($"Data Source={db};Pooling=False");
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
        var location = Scalar($"INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', {device}, 'docs', '/docs', 1, 1) RETURNING id");
        using var closure = new EntryClosure(connection, tx);
        NewEntry Entry(long? parent, string name, EntryKind kind, long size = 0) => new()
        {
            Uuid = Guid.NewGuid(), DeviceId = device, LocationId = location, ParentId = parent, Name = name, Kind = kind,
            RootPath = parent is null ? "/docs" : null, Size = size, IndexedAt = 1, ModifiedAt = UnixNanos.From(DateTimeOffset.UtcNow.AddDays(-1)),
            Category = kind == EntryKind.File ? 4 : null,
        };
        var root = closure.Insert(Entry(null, "docs", EntryKind.Directory));
        var work = closure.Insert(Entry(root, "work", EntryKind.Directory));
        closure.Insert(Entry(work, "Q3 report.pdf", EntryKind.File, 2_000_000));
        closure.Insert(Entry(work, "report-draft.pdf", EntryKind.File, 10));
        closure.Insert(Entry(root, "notes.txt", EntryKind.File, 5));
        tx.Commit();
    }

    [Fact]
    public void Search_tag_and_ls_must_work_through_the_cli()
    {
        Seed();
        var found = _sd.Run("search", "files", "REPORT", "--json").ShouldSucceed().Json;
        Assert.Equal(2, found.GetProperty("total").GetInt64());
        Assert.Equal("/docs/work/report-draft.pdf", found.GetProperty("items")[0].GetProperty("path").GetString());
        Assert.Equal(2, found.GetProperty("facets").GetProperty("category").GetProperty("document").GetInt64());

        var big = _sd.Run("search", "files", "--min-size", "1MB", "--modified-after", "7d", "--ext", "PDF", "--json").ShouldSucceed().Json;
        Assert.Equal("Q3 report.pdf", big.GetProperty("items").EnumerateArray().Single().GetProperty("name").GetString());

        _sd.Run("tag", "create", "Work", "--color", "#3b82f6", "--json").ShouldSucceed();
        _sd.Run("tag", "create", "Q3", "--parent", "work", "--json").ShouldSucceed();
        var applied = _sd.Run("tag", "apply", "q3", "/docs/work/Q3 report.pdf", "--json").ShouldSucceed().Json;
        Assert.Equal(1, applied.GetProperty("changed").GetInt64());
        var tagged = _sd.Run("search", "files", "--tag", "work", "--json").ShouldSucceed().Json;
        Assert.Equal("Q3 report.pdf", tagged.GetProperty("items").EnumerateArray().Single().GetProperty("name").GetString());

        var cycle = _sd.Run("tag", "link", "work", "q3", "--json");
        Assert.NotEqual(0, cycle.ExitCode);
        Assert.Equal("tag_cycle", cycle.Json.GetProperty("error").GetProperty("code").GetString());

        var ls = _sd.Run("file", "ls", "/docs", "--sort", "size", "--desc", "--json").ShouldSucceed().Json;
        Assert.Equal(["notes.txt", "work"], ls.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()));
        Assert.Equal(2, ls.GetProperty("total").GetInt64());
    }
}
