using System.Text;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Indexing;

/// <summary>A temp folder with a tree to index and a fresh library holding one location over it.</summary>
public sealed class IndexFixture : IDisposable
{
    private static int s_counter;

    public IndexFixture(string? treeName = null)
    {
        Base = Path.Combine(Path.GetTempPath(), $"sd-idx-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{Guid.NewGuid():N}"[..40]);
        Root = Path.Combine(Base, treeName ?? "tree");
        Directory.CreateDirectory(Root);
        Db = LibraryDatabase.Create(Path.Combine(Base, "library.db"));
        Exec("INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ($u, 'test', 'test', 1, 0, 0)", ("$u", Guid.NewGuid().ToString("D")));
        LocationId = AddLocation(Root);
    }

    public string Base { get; }

    public string Root { get; }

    public LibraryDatabase Db { get; }

    public long LocationId { get; }

    public long AddLocation(string path)
    {
        Exec("INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ($u, 1, $n, $p, 0, 0)",
            ("$u", Guid.NewGuid().ToString("D")), ("$n", Path.GetFileName(path)), ("$p", path));
        return Scalar("SELECT last_insert_rowid()");
    }

    public IndexerRequest Request(IndexMode mode = IndexMode.Shallow, RuleToggles? rules = null, IndexScope scope = IndexScope.Recursive) =>
        new() { LocationId = LocationId, Path = Root, Mode = mode, Rules = rules ?? RuleToggles.Default, Scope = scope };

    public static IndexerSettings SmallBatches { get; } = new() { BatchSize = 7, ContentBatchSize = 5, CheckpointItems = 1, DiscoveryWorkers = 2, ChannelCapacity = 2 };

    public Task<IndexerResult> IndexAsync(IndexMode mode = IndexMode.Shallow, RuleToggles? rules = null, IndexerSettings? settings = null,
        IIndexerObserver? observer = null, IndexerCheckpoint? resume = null, IContentIdentifier? identifier = null, CancellationToken ct = default) =>
        new IndexerEngine(Db, resume?.Request.ToRequest() ?? Request(mode, rules), settings ?? new IndexerSettings { DiscoveryWorkers = 2 },
            identifier, observer, resume).RunAsync(ct);

    public string File(string relative, string content = "x", DateTime? mtime = null)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        System.IO.File.WriteAllText(path, content);
        if (mtime is { } m)
        {
            System.IO.File.SetLastWriteTimeUtc(path, m);
        }
        return path;
    }

    public string Dir(string relative)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Full path → (uuid, kind, size) of every entry of the location.</summary>
    public Dictionary<string, (string Uuid, EntryKind Kind, long Size)> Entries()
    {
        var result = new Dictionary<string, (string, EntryKind, long)>(StringComparer.Ordinal);
        using var command = Db.Writer.CreateCommand();
        command.CommandText = """
            SELECT lower(hex(e.uuid)), e.kind, e.size, CASE WHEN e.kind = 1 THEN own.path ELSE parent.path || '/' || e.name END
            FROM entries AS e LEFT JOIN directory_paths AS own ON own.entry_id = e.id
            LEFT JOIN directory_paths AS parent ON parent.entry_id = e.parent_id
            WHERE e.location_id = $loc
            """;
        command.Parameters.AddWithValue("$loc", LocationId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            result[reader.GetString(3)] = (reader.GetString(0), (EntryKind)reader.GetInt32(1), reader.GetInt64(2));
        }
        return result;
    }

    /// <summary>Canonical dump of the location's entries without ids, UUIDs and times of indexing.</summary>
    public string Dump()
    {
        using var command = Db.Writer.CreateCommand();
        command.CommandText = """
            SELECT CASE WHEN e.kind = 1 THEN own.path ELSE parent.path || '/' || e.name END AS p,
                   e.name, e.extension, e.kind, e.size, e.aggregate_size, e.child_count, e.file_count, e.inode,
                   e.created_at, e.modified_at, e.hidden, e.permissions, e.symlink_target, c.content_hash, c.entry_count, e.category
            FROM entries AS e LEFT JOIN directory_paths AS own ON own.entry_id = e.id
            LEFT JOIN directory_paths AS parent ON parent.entry_id = e.parent_id
            LEFT JOIN content_identities AS c ON c.id = e.content_id
            WHERE e.location_id = $loc ORDER BY p
            """;
        command.Parameters.AddWithValue("$loc", LocationId);
        using var reader = command.ExecuteReader();
        var text = new StringBuilder();
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i).ToString()).Append('|');
            }
            text.Append('\n');
        }
        text.Append("closure:").Append(Scalar("SELECT COUNT(*) FROM entry_closure")).Append(" paths:").Append(Scalar("SELECT COUNT(*) FROM directory_paths"));
        text.Append(" contents:").Append(Scalar("SELECT COUNT(*) FROM content_identities WHERE entry_count > 0"));
        text.Append(" totals:").Append(Scalar($"SELECT total_file_count || '/' || total_byte_size FROM locations WHERE id = {LocationId}"));
        return text.ToString();
    }

    public long Scalar(string sql)
    {
        using var command = Db.Writer.CreateCommand();
        command.CommandText = sql;
        var value = command.ExecuteScalar();
        return value is long l ? l : value is string s ? s.Length : 0;
    }

    public void Exec(string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Db.Writer.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }

    public SqliteConnection Connection => Db.Writer;

    public void Dispose()
    {
        Db.Dispose();
        SqliteConnection.ClearAllPools();
        try
        {
            MakeWritable(Base);
            Directory.Delete(Base, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static void MakeWritable(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        foreach (var dir in Directory.EnumerateDirectories(path, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint }))
        {
            try
            {
                System.IO.File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (IOException)
            {
            }
        }
    }
}

/// <summary>Collects progress and checkpoints.</summary>
public sealed class RecordingObserver : IIndexerObserver
{
    private readonly Lock _lock = new();
    private readonly List<IndexerProgress> _progress = [];
    private readonly List<IndexerCheckpoint> _checkpoints = [];

    public Action<IndexerCheckpoint>? OnEach { get; init; }

    public IReadOnlyList<IndexerProgress> Progress { get { lock (_lock) { return [.. _progress]; } } }

    public IReadOnlyList<IndexerCheckpoint> Checkpoints { get { lock (_lock) { return [.. _checkpoints]; } } }

    public void OnProgress(IndexerProgress progress)
    {
        lock (_lock)
        {
            _progress.Add(progress);
        }
    }

    public void OnCheckpoint(IndexerCheckpoint checkpoint)
    {
        lock (_lock)
        {
            _checkpoints.Add(checkpoint);
        }
        OnEach?.Invoke(checkpoint);
    }
}
