using Microsoft.Data.Sqlite;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Storage.Tests.Persistence;

public sealed class SqliteJournalSpec : JournalSpec
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sd-journal-").FullName;

    private string DbPath => Path.Combine(_dir, "journal.db");

    protected override PersistenceUnderTest Open(PersistenceSerializerRegistry registry)
    {
        var db = SqlitePersistence.Open(DbPath, registry);
        return new PersistenceUnderTest(db.Journal, db.Journal, db.SnapshotStore, db);
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task SqliteJournal_must_keep_acknowledged_events_when_the_process_dies_without_closing()
    {
        // A copy of the files taken while the journal is still open is what a kill -9 leaves behind:
        // no clean close, no checkpoint, the events only in the WAL.
        await WriteMessagesAsync("crash", 1, 20);
        var copy = Directory.CreateTempSubdirectory("sd-journal-crash-").FullName;
        try
        {
            foreach (var suffix in new[] { "", "-wal" })
            {
                if (File.Exists(DbPath + suffix))
                {
                    File.Copy(DbPath + suffix, Path.Combine(copy, "journal.db" + suffix));
                }
            }

            await using var recovered = SqlitePersistence.Open(Path.Combine(copy, "journal.db"), TestRegistry.Create());
            var replayed = new List<PersistentRepr>();
            await recovered.Journal.ReplayAsync("crash", 0, long.MaxValue, long.MaxValue, replayed.Add);
            Assert.Equal(Enumerable.Range(1, 20).Select(i => (long)i), replayed.Select(r => r.SequenceNr));
            Assert.Equal(5, await recovered.Journal.ReadHighestSequenceNrAsync(Pid));
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task SqliteJournal_must_create_the_tables_of_Akka_Persistence_Sql()
    {
        await using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        Assert.Equal(
            ["ordering", "deleted", "persistence_id", "sequence_number", "created", "message", "identifier", "manifest", "writer_uuid"],
            Columns(connection, "journal"));
        Assert.Equal(["ordering_id", "tag", "persistence_id", "sequence_nr"], Columns(connection, "tags"));
        Assert.Equal(["persistence_id", "sequence_number", "created", "snapshot", "manifest", "serializer_id"], Columns(connection, "snapshot"));

        using var cmd = connection.CreateCommand();
        cmd.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", cmd.ExecuteScalar());
        cmd.CommandText = "SELECT identifier, manifest, deleted FROM journal WHERE persistence_id = 'p-1' AND sequence_number = 1";
        using var reader = cmd.ExecuteReader();
        Assert.True(reader.Read());
        Assert.Equal(PersistenceSerializerRegistry.SerializerId, reader.GetInt32(0));
        Assert.Equal(TestRegistry.EvtManifest, reader.GetString(1));
        Assert.Equal(0, reader.GetInt32(2));
    }

    [Fact]
    public async Task SqliteJournal_must_keep_only_a_tombstone_of_deleted_events()
    {
        await Journal.DeleteMessagesToAsync(Pid, 4);
        await using var connection = new SqliteConnection($"Data Source={DbPath};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT sequence_number, deleted FROM journal WHERE persistence_id = 'p-1' ORDER BY sequence_number";
        var rows = new List<(long, long)>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            rows.Add((reader.GetInt64(0), reader.GetInt64(1)));
        }

        Assert.Equal([(4L, 1L), (5L, 0L)], rows);
    }

    [Fact]
    public async Task SqliteJournal_must_refuse_writes_after_it_is_closed()
    {
        await Sut.Owner!.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Journal.WriteAsync([new AtomicWrite(Repr(Pid, 6, new Evt("late")))]));
    }

    private static List<string> Columns(SqliteConnection connection, string table)
    {
        using var cmd = connection.CreateCommand();
        cmd.CommandText = $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid";
        var names = new List<string>();
        using var reader = cmd.ExecuteReader();
        while (reader.Read())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }
}

public sealed class SqlitePersistenceOptionsSpec
{
    [Fact]
    public void Options_must_default_to_durable_commits() =>
        Assert.Equal(SqliteSynchronous.Full, SqlitePersistenceOptions.FromConfig(Spacedrive.Runtime.Configuration.Config.Empty).Synchronous);

    [Fact]
    public void Options_must_read_the_journal_size_limit()
    {
        static SqlitePersistenceOptions Parse(string hocon) =>
            SqlitePersistenceOptions.FromConfig(Spacedrive.Runtime.Configuration.ConfigurationFactory.ParseString(hocon));

        Assert.Equal(64L * 1024 * 1024, SqlitePersistenceOptions.FromConfig(Spacedrive.Runtime.Configuration.Config.Empty).JournalSizeLimit);
        Assert.Equal(8L * 1024 * 1024, Parse("spacedrive.persistence.sqlite.journal-size-limit = 8MiB").JournalSizeLimit);
        Assert.Equal(-1, Parse("spacedrive.persistence.sqlite.journal-size-limit = off").JournalSizeLimit);
        Assert.Equal(TimeSpan.FromMilliseconds(250), Parse("spacedrive.persistence.sqlite.idle-checkpoint-delay = 250ms").IdleCheckpointDelay);
    }

    [Fact]
    public async Task SqliteJournal_must_keep_the_wal_below_the_journal_size_limit_and_empty_it_when_idle_and_at_close()
    {
        // 20,000 events in batches while readers replay continuously (so passive checkpoints rarely copy the whole WAL
        // before the next write): the WAL used to grow with everything written (142 MB for a 6 MB database).
        var dir = Directory.CreateTempSubdirectory("sd-journal-wal-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            const long limit = 4L * 1024 * 1024;
            var options = new SqlitePersistenceOptions
            {
                Synchronous = SqliteSynchronous.Normal,
                JournalSizeLimit = limit,
                CheckpointPages = 1000,
                IdleCheckpointDelay = TimeSpan.FromMilliseconds(200),
            };
            var payload = new string('x', 400);
            long largest = 0;
            await using (var db = SqlitePersistence.Open(path, TestRegistry.Create(), options))
            {
                using var stop = new CancellationTokenSource();
                var readers = Enumerable.Range(0, 2).Select(r => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        await db.Journal.ReplayAsync($"wal-{r}", 0, long.MaxValue, 500, _ => { });
                    }
                })).ToList();
                var next = new long[8];
                for (var batch = 0; batch < 200; batch++)
                {
                    var writes = Enumerable.Range(0, 100).Select(i => (batch * 100 + i) % 8)
                        .Select(pid => new AtomicWrite(new PersistentRepr($"wal-{pid}", ++next[pid], new Evt(payload))))
                        .ToList();
                    var results = await db.Journal.WriteAsync(writes);
                    Assert.All(results, Assert.Null);
                    largest = Math.Max(largest, WalSize(path));
                }

                await stop.CancelAsync();
                await Task.WhenAll(readers);
                Assert.True(largest < limit, $"the WAL reached {largest} bytes (limit {limit})");
                Assert.Equal(2500, await db.Journal.ReadHighestSequenceNrAsync("wal-0"));

                // Idle: emptied after the idle delay.
                await AwaitAsync(() => WalSize(path) == 0, TimeSpan.FromSeconds(10), "the WAL was not emptied when the writer went idle");
                await db.Journal.WriteAsync([new AtomicWrite(new PersistentRepr("wal-0", 2501, new Evt("last")))]);
            }

            Assert.True(WalSize(path) == 0, $"the WAL is {WalSize(path)} bytes after close");
            await using var reopened = SqlitePersistence.Open(path, TestRegistry.Create());
            Assert.Equal(2501, await reopened.Journal.ReadHighestSequenceNrAsync("wal-0"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        static long WalSize(string db) => File.Exists(db + "-wal") ? new FileInfo(db + "-wal").Length : 0;
    }

    private static async Task AwaitAsync(Func<bool> condition, TimeSpan timeout, string message)
    {
        // The journal's background writer has no probe to watch: poll the file system.
        var deadline = DateTime.UtcNow + timeout;
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, message);
            await tick.WaitForNextTickAsync();
        }
    }

    [Fact]
    public async Task SqliteJournal_must_stay_consistent_with_frequent_background_checkpoints()
    {
        var dir = Directory.CreateTempSubdirectory("sd-journal-ckpt-").FullName;
        try
        {
            var path = Path.Combine(dir, "journal.db");
            var options = new SqlitePersistenceOptions { CheckpointPages = 1, Synchronous = SqliteSynchronous.Normal };
            await using (var db = SqlitePersistence.Open(path, TestRegistry.Create(), options))
            {
                await Task.WhenAll(Enumerable.Range(0, 8).Select(w => Task.Run(async () =>
                {
                    for (var seq = 1; seq <= 50; seq++)
                    {
                        var result = await db.Journal.WriteAsync([new AtomicWrite(new PersistentRepr($"c-{w}", seq, new Counter(seq)))]);
                        Assert.Null(result[0]);
                        Assert.Equal(seq, await db.Journal.ReadHighestSequenceNrAsync($"c-{w}"));
                    }
                })));
            }

            await using var reopened = SqlitePersistence.Open(path, TestRegistry.Create());
            for (var w = 0; w < 8; w++)
            {
                var count = 0;
                await reopened.Journal.ReplayAsync($"c-{w}", 1, long.MaxValue, long.MaxValue, _ => count++);
                Assert.Equal(50, count);
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
