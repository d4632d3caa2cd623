using System.Diagnostics;
using System.Globalization;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// The indexer against `find -printf` (the stat walk) on the same corpus in the same run:
/// shallow index end to end into a fresh library.db, content phase, re-index of the unchanged corpus
/// (must write zero rows) and peak memory. Every figure also per CPU-second (the machine is shared).
/// Usage: bench/run.sh index [CORPUS_DIR=/tmp/corpus100k] [N_FILES=100000].
/// The corpus is made by ../shared/bench/make-corpus.sh when absent. Opt-in sizes:
/// SD_BENCH_FILES=1000000 (corpus /tmp/corpus-1000000 unless given) runs the shallow index, the walk and
/// Processing apart, and the unchanged re-index, then memory and database size against their targets
/// (content is skipped at that size; SD_BENCH_INDEX_SHALLOW_ONLY=1 does the same at any size).
/// </summary>
public sealed class IndexSuite : IBenchSuite
{
    public string Name => "index";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        var files = Environment.GetEnvironmentVariable("SD_BENCH_FILES") is { Length: > 0 } n ? n : args.Length > 1 ? args[1] : "100000";
        var corpus = args.Length > 0 ? args[0] : files == "100000" ? "/tmp/corpus100k" : $"/tmp/corpus-{files}";
        var shallowOnly = Environment.GetEnvironmentVariable("SD_BENCH_INDEX_SHALLOW_ONLY") == "1" || files != "100000";
        if (!Directory.Exists(corpus))
        {
            var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../shared/bench/make-corpus.sh"));
            if (!File.Exists(script))
            {
                script = "/work/shared/bench/make-corpus.sh";
            }
            report.Note($"making corpus {corpus} ({files} files) with {script}");
            await RunProcessAsync(script, [corpus, files]);
        }
        report.Note($"cpu: {Environment.ProcessorCount} cores; corpus {corpus}; rules: none (every file indexed, as find)");
        // Warm the cache, then time find's stat walk.
        await RunProcessAsync("find", [corpus, "-printf", "%i %s %T@ %p\\n"], discard: true);
        var (findSeconds, findCpu) = await TimeProcessAsync("find", [corpus, "-printf", "%i %s %T@ %p\\n"]);
        var fileCount = Directory.EnumerateFiles(corpus, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }).LongCount();
        report.Figure("index.find.statwalk", fileCount / findSeconds, "files/s");
        report.Figure("index.find.statwalk.cpu", fileCount / Math.Max(findCpu, 1e-6), "files/cpu-s");

        var work = Path.Combine(Path.GetTempPath(), $"sd-bench-index-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            using var db = LibraryDatabase.Create(Path.Combine(work, "library.db"));
            Exec(db, "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 'bench', 'bench', 1, 0, 0)");
            Exec(db, "INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 1, 'corpus', '" + corpus.Replace("'", "''", StringComparison.Ordinal) + "', 0, 0)");
            var request = new IndexerRequest { LocationId = 1, Path = Path.GetFullPath(corpus), Mode = IndexMode.Shallow, Rules = new RuleToggles { NoDefaultRules = true } };

            var (shallow, shallowWall, shallowCpu) = await TimeAsync(() => IndexerEngine.RunAsync(db, request));
            var rate = shallow.Stats.Files / shallowWall;
            report.Note($"shallow: {shallow.Stats.Files} files, {shallow.Stats.Directories} dirs, {shallow.Stats.Errors} errors, {shallow.Stats.RowsWritten} rows; phases {Phases(shallow)}");
            report.Figure("index.shallow", rate, "files/s");
            report.Figure("index.shallow.cpu", shallow.Stats.Files / shallowCpu, "files/cpu-s");
            report.Figure("index.shallow.entries", (shallow.Stats.Files + shallow.Stats.Directories) / shallowWall, "entries/s");
            report.Ratio("index.shallow_vs_find", shallowWall, findSeconds, higherIsBetter: false);
            report.Target("index.shallow", rate, 50_000, higherIsBetter: true);
            report.Target("index.shallow_vs_find.ratio", shallowWall / findSeconds, 5, higherIsBetter: false);

            // The run above is the process's first (cold JIT, as a one-off `sd` command); a running node indexes with
            // its code compiled: the same index into a second fresh database.
            using (var warmDb = LibraryDatabase.Create(Path.Combine(work, "warm.db")))
            {
                Exec(warmDb, "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 'bench', 'bench', 1, 0, 0)");
                Exec(warmDb, "INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 1, 'corpus', '" + corpus.Replace("'", "''", StringComparison.Ordinal) + "', 0, 0)");
                var (warm, warmWall, warmCpu) = await TimeAsync(() => IndexerEngine.RunAsync(warmDb, request));
                report.Figure("index.shallow.warm", warm.Stats.Files / warmWall, "files/s (second run in the process: JIT warm, as a running node)");
                report.Figure("index.shallow.warm.cpu", warm.Stats.Files / warmCpu, "files/cpu-s");
                report.Ratio("index.shallow.warm_vs_find", warmWall, findSeconds, higherIsBetter: false);
                report.Target("index.shallow.warm", warm.Stats.Files / warmWall, 50_000, higherIsBetter: true);
                report.Target("index.shallow.warm_vs_find.ratio", warmWall / findSeconds, 5, higherIsBetter: false);
            }
            File.Delete(Path.Combine(work, "warm.db"));

            // Held listings would count in the peak memory of a large run: split only at the default size.
            if (files == "100000" || Environment.GetEnvironmentVariable("SD_BENCH_SPLIT") == "1")
            {
                // Where the shallow time goes: the walk alone (listings collected, no database) and
                // Processing alone over those listings into a second fresh database.
                var (listings, walkWall, walkCpu) = await TimeAsync(async () =>
                {
                    var collected = System.Threading.Channels.Channel.CreateUnbounded<DirectoryListing>();
                    await new DiscoveryWalker(request.Path, IndexerRules.Create(request.Rules), new ErrorSink(10), IndexerSettings.Default.EffectiveDiscoveryWorkers, int.MaxValue, 4096)
                        .RunAsync(collected.Writer, CancellationToken.None);
                    var all = new List<DirectoryListing>();
                    while (collected.Reader.TryRead(out var l))
                    {
                        all.Add(l);
                    }
                    return all;
                });
                report.Figure("index.shallow.walk_only", shallow.Stats.Files / walkWall, "files/s (Discovery alone, no database)");
                report.Figure("index.shallow.walk_only.cpu", shallow.Stats.Files / walkCpu, "files/cpu-s");
                using (var split = LibraryDatabase.Create(Path.Combine(work, "split.db")))
                {
                    Exec(split, "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 'bench', 'bench', 1, 0, 0)");
                    Exec(split, "INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 1, 'corpus', '" + corpus.Replace("'", "''", StringComparison.Ordinal) + "', 0, 0)");
                    var feed = System.Threading.Channels.Channel.CreateUnbounded<DirectoryListing>();
                    foreach (var l in listings)
                    {
                        feed.Writer.TryWrite(l);
                    }
                    feed.Writer.Complete();
                    var (_, processWall, processCpu) = await TimeAsync(async () =>
                    {
                        await new ProcessingPhase(split, request, IndexerSettings.Default, new ErrorSink(10), TimeProvider.System).RunAsync(feed.Reader, CancellationToken.None);
                        return 0;
                    });
                    report.Figure("index.shallow.processing_only", shallow.Stats.Files / processWall, "files/s (Processing alone, listings in memory)");
                    report.Figure("index.shallow.processing_only.cpu", shallow.Stats.Files / processCpu, "files/cpu-s");
                    report.Ratio("index.shallow.walk_only_vs_find", walkWall, findSeconds, higherIsBetter: false);
                }
                listings = null;
            }
            if (shallowOnly)
            {
                var (unchanged, unchangedWall, _) = await TimeAsync(() => IndexerEngine.RunAsync(db, request));
                report.Figure("index.reindex.shallow", unchanged.Stats.Files / unchangedWall, "files/s (unchanged, shallow)");
                report.Figure("index.reindex.rows_written", unchanged.Stats.RowsWritten, "rows");
                report.Ratio("index.reindex_vs_find", unchangedWall, findSeconds, higherIsBetter: false);
                report.Target("index.reindex_vs_find.ratio", unchangedWall / findSeconds, 3, higherIsBetter: false);
                report.Target("index.reindex.rows_written", unchanged.Stats.RowsWritten, 0, higherIsBetter: false);
                Memory(report, work);
                return;
            }

            // The content target is for a warm cache: the million-file runs before may have evicted this corpus, and a
            // cold read measures the disk, not the phase (seen: 4k files/s).
            var warming = Stopwatch.StartNew();
            Parallel.ForEach(Directory.EnumerateFiles(corpus, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }),
                new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, file =>
                {
                    using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                    stream.CopyTo(Stream.Null, 1 << 20);
                });
            report.Note($"page cache warmed with the corpus's files in {warming.Elapsed.TotalSeconds:F1} s");
            var content = request with { Mode = IndexMode.Content };
            // The content run phase by phase, so the content phase's own CPU time is measured too.
            var contentEngine = new IndexerEngine(db, content);
            var (_, contentWalkWall, _) = await TimeAsync(async () =>
            {
                await contentEngine.RunWalkAsync(CancellationToken.None);
                contentEngine.RunAggregation(CancellationToken.None);
                return 0;
            });
            var (_, contentSeconds, contentCpu) = await TimeAsync(() =>
            {
                contentEngine.RunContent(CancellationToken.None);
                return Task.FromResult(0);
            });
            var hashed = contentEngine.Result();
            var contentRate = hashed.Stats.ContentHashed / Math.Max(contentSeconds, 1e-6);
            report.Note($"content: {hashed.Stats.ContentHashed} hashed, {hashed.Stats.ContentFailed} failed, walk {contentWalkWall:F2} s, phase {contentSeconds:F2} s");
            report.Figure("index.content", contentRate, "files/s");
            report.Figure("index.content.cpu", hashed.Stats.ContentHashed / contentCpu, "files/cpu-s (content phase)");
            report.Target("index.content", contentRate, 30_000, higherIsBetter: true);

            // The same files through the identifier alone (no database), same workers, same load:
            // how far the phase is from its hashing floor.
            var identified = new List<(string Path, string Name, long Size)>();
            using (var command = db.Writer.CreateCommand())
            {
                command.CommandText = "SELECT dp.path, e.name, e.size FROM entries AS e JOIN directory_paths AS dp ON dp.entry_id = e.parent_id WHERE e.kind = 0 AND e.size > 0 ORDER BY e.id";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    identified.Add((reader.GetString(0) + "/" + reader.GetString(1), reader.GetString(1), reader.GetInt64(2)));
                }
            }
            var (_, hasherWall, hasherCpu) = await TimeAsync(() =>
            {
                Parallel.For(0, identified.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
                    i => RegistryContentIdentifier.Default.Identify(identified[i].Path, identified[i].Name, identified[i].Size));
                return Task.FromResult(0);
            });
            report.Figure("index.content.identifier_only", identified.Count / hasherWall, "files/s (no database)");
            report.Figure("index.content.identifier_only.cpu", identified.Count / hasherCpu, "files/cpu-s (no database)");

            var (again, againWall, againCpu) = await TimeAsync(() => IndexerEngine.RunAsync(db, content));
            report.Figure("index.reindex", again.Stats.Files / againWall, "files/s");
            report.Figure("index.reindex.cpu", again.Stats.Files / againCpu, "files/cpu-s");
            report.Figure("index.reindex.rows_written", again.Stats.RowsWritten, "rows");
            report.Ratio("index.reindex_vs_find", againWall, findSeconds, higherIsBetter: false);
            report.Target("index.reindex_vs_find.ratio", againWall / findSeconds, 3, higherIsBetter: false);
            report.Target("index.reindex.rows_written", again.Stats.RowsWritten, 0, higherIsBetter: false);
            report.Note($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");

            Memory(report, work);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    // Peak RSS is the process's high-water mark (VmHWM): the walk, Processing's maps of the existing
    // entries on the re-index, SQLite's page cache and the hashing buffers, whichever run peaked.
    private static void Memory(BenchReporter report, string work)
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var peak = process.PeakWorkingSet64 / 1048576.0;
        report.Figure("index.memory.peak_rss", peak, "MiB");
        report.Target("index.memory.peak_rss", peak, 300, higherIsBetter: false);
        report.Figure("index.memory.gc_heap_max", GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0, "MiB (GC heap after last GC)");
        report.Figure("index.memory.allocated", GC.GetTotalAllocatedBytes() / 1048576.0, "MiB allocated in total");
        var database = Path.Combine(work, "library.db");
        var size = (new FileInfo(database).Length + (File.Exists(database + "-wal") ? new FileInfo(database + "-wal").Length : 0)) / 1048576.0;
        report.Figure("index.db.size", size, "MiB (library.db + WAL)");
        report.Target("index.db.size", size, 250, higherIsBetter: false);
        report.Note($"load average: {File.ReadAllText("/proc/loadavg").Trim()}");
    }

    private static string Phases(IndexerResult r) =>
        string.Join(", ", r.PhaseDurations.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value.TotalSeconds:F2} s")));

    private static void Exec(LibraryDatabase db, string sql)
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<(T Result, double Wall, double Cpu)> TimeAsync<T>(Func<Task<T>> action)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var result = await action();
        var wall = watch.Elapsed.TotalSeconds;
        process.Refresh();
        return (result, wall, Math.Max((process.TotalProcessorTime - cpu).TotalSeconds, 1e-6));
    }

    // find is one thread doing I/O system calls: its CPU time is taken as its wall time (an upper bound).
    private static async Task<(double Wall, double Cpu)> TimeProcessAsync(string file, string[] args)
    {
        var watch = Stopwatch.StartNew();
        using var process = Start(file, args, discard: true);
        await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        await process.WaitForExitAsync();
        var wall = watch.Elapsed.TotalSeconds;
        return (wall, wall);
    }

    private static async Task RunProcessAsync(string file, string[] args, bool discard = false)
    {
        using var process = Start(file, args, discard);
        if (discard)
        {
            await process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}");
        }
    }

    private static Process Start(string file, string[] args, bool discard)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = discard, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return Process.Start(info)!;
    }
}
