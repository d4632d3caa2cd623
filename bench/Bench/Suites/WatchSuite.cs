using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Locations;
using Spacedrive.Actors.Locations.Watching;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Storage.Library;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// Live locations (issue 9): a watched location (real inotify, the node's watcher actor and reconcile)
/// measured from outside, through the library database as search reads it.
/// - watch.latency: median time from a file's creation to its entry being searchable (its row committed; FTS follows by trigger);
/// - watch.sustained: files created as fast as two writers can, then the time until the library holds them all;
///   changes/s = the offered rate of a 20,000-file burst when the library is current ≤ 2 s after it (else files ÷
///   (burst + catch-up)), target ≥ 5,000; the end-to-end files ÷ (burst + catch-up) is printed too;
/// - watch.idle_cpu: this process's CPU over 10 s while it watches an idle 100k-file location (target: near zero).
/// Usage: bench/run.sh watch [CORPUS_DIR=/tmp/corpus100k] (the corpus is only read; made by ../shared/bench/make-corpus.sh when absent).
/// </summary>
public sealed class WatchSuite : IBenchSuite
{
    public string Name => "watch";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        var corpus = args.Length > 0 ? args[0] : "/tmp/corpus100k";
        report.Note($"cpu: {Environment.ProcessorCount} cores; load average {File.ReadAllText("/proc/loadavg").Trim()}");
        var work = Path.Combine(Path.GetTempPath(), $"sd-bench-watch-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        var system = ActorSystem.Create("bench-watch", ConfigurationFactory.Empty);
        try
        {
            await LatencyAndRateAsync(report, system, Path.Combine(work, "live"));
            await IdleAsync(report, system, Path.Combine(work, "idle"), corpus);
        }
        finally
        {
            await system.Terminate();
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private sealed class Watched(string folder, string root, IndexMode mode) : IDisposable
    {
        public string Root { get; } = root;
        public LibraryDatabase Db { get; } = Create(folder, root, mode);
        public IndexerLibraryAccess Access { get; } = new(Path.Combine(folder, "library.db"), IndexerSettings.Default);

        private static LibraryDatabase Create(string folder, string root, IndexMode mode)
        {
            Directory.CreateDirectory(folder);
            var db = LibraryDatabase.Create(Path.Combine(folder, "library.db"));
            Exec(db, "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 'bench', 'bench', 1, 0, 0)");
            Exec(db, "INSERT INTO locations (uuid, device_id, name, path, index_mode, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D")
                + "', 1, 'watched', '" + root.Replace("'", "''", StringComparison.Ordinal) + "', '" + mode.ToString().ToLowerInvariant() + "', 0, 0)");
            return db;
        }

        public Task<IndexerResult> IndexAsync(IndexMode mode) =>
            IndexerEngine.RunAsync(Db, new IndexerRequest { LocationId = 1, Path = Root, Mode = mode });

        public IActorRef Watch(ActorSystem system) =>
            system.ActorOf(LocationWatcherActor.Props(Guid.NewGuid(), new LocationInfo(1, Guid.NewGuid(), "watched", Root, IndexMode.Content, null, false, 0, 0, RuleToggles.Default),
                Access, WatcherSettings.Default));

        public long Count(string sql)
        {
            using var command = Db.Writer.CreateCommand();
            command.CommandText = sql;
            return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }

        public void Dispose()
        {
            Db.Dispose();
            Access.Dispose();
        }
    }

    private static async Task LatencyAndRateAsync(BenchReporter report, ActorSystem system, string folder)
    {
        var root = Path.Combine(folder, "tree");
        for (var d = 0; d < 20; d++)
        {
            Directory.CreateDirectory(Path.Combine(root, "d" + d));
            for (var f = 0; f < 50; f++)
            {
                File.WriteAllText(Path.Combine(root, "d" + d, $"f{f}.txt"), "x");
            }
        }
        using var w = new Watched(folder, root, IndexMode.Content);
        await w.IndexAsync(IndexMode.Content);
        var watcher = w.Watch(system);
        await WaitAsync(() => WatchingAsync(watcher), TimeSpan.FromSeconds(30));

        using var search = w.Db.OpenReader();
        using var find = search.CreateCommand();
        find.CommandText = "SELECT COUNT(*) FROM entries WHERE name = $n";
        var name = find.Parameters.Add(new SqliteParameter { ParameterName = "$n" });
        var latencies = new List<double>();
        for (var i = 0; i < 30; i++)
        {
            var file = $"probe-{i}.txt";
            name.Value = file;
            var clock = Stopwatch.StartNew();
            await File.WriteAllTextAsync(Path.Combine(root, "d" + (i % 20), file), "probe");
            while (Convert.ToInt64(find.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(30))
                {
                    throw new TimeoutException($"{file} never reached the library");
                }
                await Task.Yield();
            }
            latencies.Add(clock.Elapsed.TotalMilliseconds);
        }
        latencies.Sort();
        var median = latencies[latencies.Count / 2];
        report.Figure("watch.latency.median", median, "ms (created → searchable)");
        report.Figure("watch.latency.p90", latencies[(int)(latencies.Count * 0.9)], "ms");
        report.Target("watch.latency.median", median, 1000, higherIsBetter: false);

        // Sustained: 20,000 files into 20 folders as fast as two synchronous writers go (one async writer offered
        // only ~4,000 files/s, below the rate the target asks the watcher to absorb), then the catch-up.
        const int Burst = 20_000;
        var before = w.Count("SELECT COUNT(*) FROM entries WHERE kind = 0");
        var burst = Stopwatch.StartNew();
        Parallel.For(0, Burst, new ParallelOptions { MaxDegreeOfParallelism = 2 },
            i => File.WriteAllBytes(Path.Combine(root, "d" + (i % 20), $"burst-{i}.dat"), "b"u8.ToArray()));
        var burstSeconds = burst.Elapsed.TotalSeconds;
        var catchUp = Stopwatch.StartNew();
        await WaitAsync(() => Task.FromResult(w.Count("SELECT COUNT(*) FROM entries WHERE kind = 0") >= before + Burst), TimeSpan.FromSeconds(120));
        var catchUpSeconds = catchUp.Elapsed.TotalSeconds;
        report.Note($"burst: {Burst} files written in {burstSeconds:F2} s ({Burst / burstSeconds:F0}/s offered), library current {catchUpSeconds:F2} s after");
        // The issue's figure: the rate of changes the watcher absorbed while staying current within 2 s of the
        // burst's end (the offered rate, counted only when the catch-up met that bound); the stricter end-to-end
        // rate (files over burst + catch-up) is printed beside it.
        var offered = Burst / burstSeconds;
        var absorbed = catchUpSeconds <= 2 ? offered : Burst / (burstSeconds + catchUpSeconds);
        report.Figure("watch.sustained", absorbed, "changes/s absorbed, library current within 2 s after");
        report.Figure("watch.sustained.end_to_end", Burst / (burstSeconds + catchUpSeconds), "changes/s (burst + catch-up)");
        report.Figure("watch.sustained.catch_up", catchUpSeconds, "s after the burst");
        report.Target("watch.sustained", absorbed, 5_000, higherIsBetter: true);
        report.Target("watch.sustained.catch_up", catchUpSeconds, 2, higherIsBetter: false);
        system.Stop(watcher);
    }

    private static async Task IdleAsync(BenchReporter report, ActorSystem system, string folder, string corpus)
    {
        if (!Directory.Exists(corpus))
        {
            report.Note($"idle: {corpus} is absent (make it with ../shared/bench/make-corpus.sh {corpus} 100000); skipped");
            return;
        }
        using var w = new Watched(folder, Path.GetFullPath(corpus), IndexMode.Shallow);
        var indexed = await w.IndexAsync(IndexMode.Shallow);
        var watcher = w.Watch(system);
        var start = Stopwatch.StartNew();
        await WaitAsync(() => WatchingAsync(watcher), TimeSpan.FromMinutes(5));
        var status = await watcher.Ask<LocationWatcherActor.WatchStatus>(new LocationWatcherActor.GetWatchStatus(), TimeSpan.FromSeconds(10));
        report.Note($"idle: {indexed.Stats.Files} files, {status.WatchedFolders} folders watched after {start.Elapsed.TotalSeconds:F1} s");
        // Let the start-up catch-up finish.
        await WaitAsync(async () => (await watcher.Ask<LocationWatcherActor.WatchStatus>(new LocationWatcherActor.GetWatchStatus(), TimeSpan.FromMinutes(5))).Idle,
            TimeSpan.FromMinutes(5));
        report.Note($"idle: caught up {start.Elapsed.TotalSeconds:F1} s after the watcher started");
        GC.Collect();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        using (var tick = new PeriodicTimer(TimeSpan.FromSeconds(10)))
        {
            await tick.WaitForNextTickAsync();
        }
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        report.Figure("watch.idle_cpu", cpu / 10 * 100, "% of one core (10 s, whole process, 100k-file location)");
        report.Target("watch.idle_cpu", cpu / 10 * 100, 1, higherIsBetter: false);
        system.Stop(watcher);
    }

    private static async Task<bool> WatchingAsync(IActorRef watcher) =>
        (await watcher.Ask<LocationWatcherActor.WatchStatus>(new LocationWatcherActor.GetWatchStatus(), TimeSpan.FromMinutes(5))).Watching;

    private static async Task WaitAsync(Func<Task<bool>> condition, TimeSpan within)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > within)
            {
                throw new TimeoutException("the watched library did not catch up in time");
            }
            await tick.WaitForNextTickAsync();
        }
    }

    private static void Exec(LibraryDatabase db, string sql)
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
