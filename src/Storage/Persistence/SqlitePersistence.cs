using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Persistence;

/// <summary>
/// One SQLite file (a library's <c>journal.db</c>) holding a journal and a snapshot store with the tables of
/// Akka.Persistence.Sql. WAL mode; one writer thread owns the only write connection and commits every pending
/// write in one transaction (group commit), completing a write's task only after its transaction committed;
/// reads use their own read-only connections.
/// </summary>
/// <example>
/// <code>
/// await using var store = SqlitePersistence.Open(Path.Combine(libraryDir, "journal.db"), registry);
/// IJournal journal = store.Journal;
/// ISnapshotStore snapshots = store.SnapshotStore;
/// </code>
/// </example>
public sealed class SqlitePersistence : IDisposable, IAsyncDisposable
{
    private static int _initialized;

    private readonly ConcurrentBag<SqliteConnection> _idleReaders = [];
    private readonly string _readConnectionString;
    private int _disposed;

    private SqlitePersistence(string path, PersistenceSerializerRegistry registry, SqlitePersistenceOptions options)
    {
        Path = path;
        Registry = registry;
        Options = options;
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Pooling = false,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        };
        var writeConnectionString = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadWriteCreate }.ConnectionString;
        _readConnectionString = new SqliteConnectionStringBuilder(builder.ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString;

        var connection = new SqliteConnection(writeConnectionString);
        try
        {
            connection.Open();
            Execute(connection, string.Create(CultureInfo.InvariantCulture, $"""
                PRAGMA page_size = {options.PageSize};
                PRAGMA journal_mode = WAL;
                PRAGMA synchronous = {(options.Synchronous == SqliteSynchronous.Full ? "FULL" : "NORMAL")};
                PRAGMA busy_timeout = {(long)options.BusyTimeout.TotalMilliseconds};
                PRAGMA wal_autocheckpoint = {(options.CheckpointPages > 0 ? 0 : 1000)};
                PRAGMA journal_size_limit = {options.JournalSizeLimit};
                """));
            using (var tx = connection.BeginTransaction())
            {
                using var cmd = connection.CreateCommand();
                cmd.Transaction = tx;
                cmd.CommandText = SqlitePersistenceSchema.Create;
                cmd.ExecuteNonQuery();
                cmd.CommandText = "PRAGMA user_version";
                var version = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
                if (version > SqlitePersistenceSchema.Version)
                {
                    throw new InvalidOperationException($"{path} has journal schema version {version}; this build knows up to {SqlitePersistenceSchema.Version}.");
                }

                cmd.CommandText = $"PRAGMA user_version = {SqlitePersistenceSchema.Version}";
                cmd.ExecuteNonQuery();
                tx.Commit();
            }

            Writer = new SqliteWriter(connection, options,
                options.CheckpointPages > 0 ? new SqliteCheckpointer(writeConnectionString, options.JournalSizeLimit) : null);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        Journal = new SqliteJournal(this);
        SnapshotStore = new SqliteSnapshotStore(this);
    }

    /// <summary>Opens (creating if needed) the journal database at <paramref name="path"/>.</summary>
    public static SqlitePersistence Open(string path, PersistenceSerializerRegistry registry, SqlitePersistenceOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(registry);
        if (Interlocked.Exchange(ref _initialized, 1) == 0)
        {
            SQLitePCL.Batteries_V2.Init();
        }

        return new SqlitePersistence(System.IO.Path.GetFullPath(path), registry, options ?? new SqlitePersistenceOptions());
    }

    public string Path { get; }
    public SqliteJournal Journal { get; }
    public SqliteSnapshotStore SnapshotStore { get; }
    public PersistenceSerializerRegistry Registry { get; }
    public SqlitePersistenceOptions Options { get; }

    internal SqliteWriter Writer { get; }

    internal long NowTicks => Options.TimeProvider.GetUtcNow().UtcTicks;

    /// <summary>
    /// Runs <paramref name="read"/> on a pooled read-only connection, off the caller's thread. The read must not keep a
    /// statement open after it returns: an open read transaction pins the WAL, which then cannot be checkpointed to empty.
    /// </summary>
    internal Task<T> ReadAsync<T>(Func<SqliteConnection, T> read, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        return Task.Run(() =>
        {
            var connection = RentReader();
            try
            {
                return read(connection);
            }
            finally
            {
                ReturnReader(connection);
            }
        }, cancellationToken);
    }

    /// <summary>Stops accepting writes, commits what is queued, and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Readers first: the writer's connection, closed last, checkpoints the WAL to empty and SQLite removes it.
        DisposeIdleReaders();
        await Writer.DisposeAsync().ConfigureAwait(false);
        DisposeIdleReaders();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.ExecuteNonQuery();
    }

    private SqliteConnection RentReader()
    {
        if (_idleReaders.TryTake(out var connection))
        {
            return connection;
        }

        connection = new SqliteConnection(_readConnectionString);
        connection.Open();
        return connection;
    }

    private void ReturnReader(SqliteConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0 && _idleReaders.Count < Options.MaxIdleReadConnections)
        {
            _idleReaders.Add(connection);
            if (Volatile.Read(ref _disposed) != 0)
            {
                DisposeIdleReaders();
            }

            return;
        }

        connection.Dispose();
    }

    private void DisposeIdleReaders()
    {
        while (_idleReaders.TryTake(out var reader))
        {
            reader.Dispose();
        }
    }
}
