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
