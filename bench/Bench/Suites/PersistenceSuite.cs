using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Serialization;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// Persisting to the SQLite journal, durable on commit (synchronous = FULL unless stated): many writers whose
/// writes the single writer group-commits, and one writer that waits for each acknowledgement before the next.
/// Args: [events-batched] [writers] [events-single].
/// </summary>
public sealed class PersistenceSuite : IBenchSuite
{
    public string Name => "runtime-persistence";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        ArgumentNullException.ThrowIfNull(report);
        var batchedEvents = Arg(args, 0, 400_000);
        var writers = Arg(args, 1, 256);
        var singleEvents = Arg(args, 2, 5_000);

        // Context: what this disk gives a program that fsyncs 4 KiB appends one at a time (the ceiling of persist.single).
        report.Figure("disk.fdatasync", FsyncRate(), "syncs/s");

        // Warm-up (JIT, SQLite init) on a throw-away file.
        await ManyWritersAsync(writers, 20_000, eventsPerWrite: 1, SqliteSynchronous.Full);
        await OneWriterAsync(500, SqliteSynchronous.Full);

        var batched = await ManyWritersAsync(writers, batchedEvents, eventsPerWrite: 1, SqliteSynchronous.Full);
        report.Figure("persist.batched", batched, "events/s");
        report.Target("persist.batched", batched, 100_000, higherIsBetter: true);
        report.Note(string.Create(CultureInfo.InvariantCulture, $"{writers} writers, each awaiting the ack of one event at a time, {batchedEvents} events, synchronous=FULL"));

        var persistAll = await ManyWritersAsync(writers / 4, batchedEvents, eventsPerWrite: 10, SqliteSynchronous.Full);
        report.Figure("persist.batched.persist-all-10", persistAll, "events/s");

        var batchedNormal = await ManyWritersAsync(writers, batchedEvents, eventsPerWrite: 1, SqliteSynchronous.Normal);
        report.Figure("persist.batched.sync-normal", batchedNormal, "events/s");

        var single = await OneWriterAsync(singleEvents, SqliteSynchronous.Full);
        report.Figure("persist.single", single, "events/s");
        report.Target("persist.single", single, 5_000, higherIsBetter: true);
        report.Note("one writer, one event per commit, each fsync'd (synchronous=FULL) before the next write");

        var actors = await PersistentActorsAsync(writers, batchedEvents / 2);
        report.Figure("persist.actors", actors, "events/s");
        report.Note(string.Create(CultureInfo.InvariantCulture, $"{writers} ReceivePersistentActors, Persist per command (stashing), all commands sent up front, synchronous=FULL"));

        var singleNormal = await OneWriterAsync(singleEvents * 4, SqliteSynchronous.Normal);
        report.Figure("persist.single.sync-normal", singleNormal, "events/s");
        report.Note("synchronous=NORMAL: survives kill -9 but not power loss; for comparison only");
    }

    private static async Task<double> ManyWritersAsync(int writers, int events, int eventsPerWrite, SqliteSynchronous synchronous)
    {
        using var dir = new TempDir();
        await using var db = SqlitePersistence.Open(dir.File("journal.db"), Registry(), new SqlitePersistenceOptions { Synchronous = synchronous });
        var perWriter = events / writers / eventsPerWrite;
        var payload = new BenchEvent("item-0000000001", 12345, "a moderately sized event payload for the benchmark");
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            var pid = "bench-" + w.ToString(CultureInfo.InvariantCulture);
            long seq = 0;
            for (var i = 0; i < perWriter; i++)
            {
                var reprs = new PersistentRepr[eventsPerWrite];
                for (var k = 0; k < eventsPerWrite; k++)
                {
                    reprs[k] = new PersistentRepr(pid, ++seq, payload, WriterUuid: "w");
                }

                var results = await db.Journal.WriteAsync([new AtomicWrite(reprs)]);
                if (results[0] is { } error)
                {
                    throw error;
                }
            }
        })));
        sw.Stop();
        if (Environment.GetEnvironmentVariable("SD_BENCH_VERBOSE") == "1")
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# {db.Writer.Batches} transactions, {db.Writer.Operations} writes, {sw.Elapsed.TotalSeconds:F2}s, writer busy {db.Writer.BatchTime.TotalSeconds:F2}s of which commit {db.Writer.CommitTime.TotalSeconds:F2}s, {db.Writer.Checkpoints} checkpoints"));
        }

        return perWriter * writers * eventsPerWrite / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> OneWriterAsync(int events, SqliteSynchronous synchronous)
    {
        using var dir = new TempDir();
        await using var db = SqlitePersistence.Open(dir.File("journal.db"), Registry(), new SqlitePersistenceOptions { Synchronous = synchronous });
        var payload = new BenchEvent("item-0000000001", 12345, "a moderately sized event payload for the benchmark");
        var sw = Stopwatch.StartNew();
        for (var seq = 1; seq <= events; seq++)
        {
            var results = await db.Journal.WriteAsync([new AtomicWrite(new PersistentRepr("single", seq, payload, WriterUuid: "w"))]);
            if (results[0] is { } error)
            {
                throw error;
            }
        }

        sw.Stop();
        return events / sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> PersistentActorsAsync(int actors, int events)
    {
        using var dir = new TempDir();
        await using var db = SqlitePersistence.Open(dir.File("journal.db"), Registry());
        var system = ActorSystem.Create("persistence-bench");
        try
        {
            system.RegisterPersistence(db.Journal, db.SnapshotStore);
            var perActor = events / actors;
            var done = new Countdown(actors * perActor);
            var refs = new IActorRef[actors];
            for (var i = 0; i < actors; i++)
            {
                var id = "actor-" + i.ToString(CultureInfo.InvariantCulture);
                refs[i] = system.ActorOf(Props.Create(() => new BenchPersistentActor(id, done)));
            }

            var payload = new BenchEvent("item-0000000001", 12345, "a moderately sized event payload for the benchmark");
            var sw = Stopwatch.StartNew();
            for (var k = 0; k < perActor; k++)
            {
                foreach (var actor in refs)
                {
                    actor.Tell(payload, null);
                }
            }

            await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
            sw.Stop();
            return actors * perActor / sw.Elapsed.TotalSeconds;
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Countdown(int count)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _left = count;

        public Task Task => _done.Task;

        public void Signal()
        {
            if (Interlocked.Decrement(ref _left) == 0)
            {
                _done.TrySetResult();
            }
        }
    }

    private sealed class BenchPersistentActor : ReceivePersistentActor
    {
        public BenchPersistentActor(string id, Countdown done)
        {
            PersistenceId = id;
            Command<BenchEvent>(e => Persist(e, _ => done.Signal()));
        }

        public override string PersistenceId { get; }
    }

    private static double FsyncRate()
    {
        using var dir = new TempDir();
        using var file = new FileStream(dir.File("fsync.bin"), FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None);
        var block = new byte[4096];
        const int n = 500;
        var sw = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            file.Write(block);
            file.Flush(flushToDisk: true);
        }

        return n / sw.Elapsed.TotalSeconds;
    }

    private static PersistenceSerializerRegistry Registry() =>
        new PersistenceSerializerRegistry().Register("bench.BenchEvent.v1", PersistenceBenchJsonContext.Default.BenchEvent);

    private static int Arg(string[] args, int index, int fallback) =>
        args.Length > index && int.TryParse(args[index], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    private sealed class TempDir : IDisposable
    {
        private readonly string _path = Directory.CreateTempSubdirectory("sd-bench-journal-").FullName;

        public string File(string name) => Path.Combine(_path, name);

        public void Dispose() => Directory.Delete(_path, recursive: true);
    }
}

public sealed record BenchEvent(string Item, long Size, string Note);

[JsonSerializable(typeof(BenchEvent))]
internal sealed partial class PersistenceBenchJsonContext : JsonSerializerContext;
