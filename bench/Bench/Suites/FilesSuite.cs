using System.Diagnostics;
using Spacedrive.Actors.Files.Transfer;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Files;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// Copy of the 100k-file corpus to another folder of the same file system: sd's transfer job (files.transfer, with its
/// durability: data synced before each rename) against `cp -a` and `rsync -a` in the same run, each into a fresh
/// destination, cache warm (one untimed cp -a first). Targets: within 1.3x of cp -a, faster than rsync -a.
/// Usage: bench/run.sh files [CORPUS_DIR=/tmp/corpus100k] [DEST_ROOT=/tmp/sd-bench-files] [rounds=1] [file-durability]
/// (file-durability adds a run with an fsync per file instead of one syncfs per batch).
/// </summary>
public sealed class FilesSuite : IBenchSuite
{
    private const string PluginId = "library-bench-files";

    public string Name => "files";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        ArgumentNullException.ThrowIfNull(report);
        var positional = args.Where(a => !a.Contains('=', StringComparison.Ordinal) && a != "file-durability").ToArray();
        var corpus = positional.Length > 0 ? positional[0] : "/tmp/corpus100k";
        var root = positional.Length > 1 ? positional[1] : "/tmp/sd-bench-files";
        var rounds = args.FirstOrDefault(a => a.StartsWith("rounds=", StringComparison.Ordinal)) is { } r ? int.Parse(r[7..], System.Globalization.CultureInfo.InvariantCulture) : 1;
        if (!Directory.Exists(corpus))
        {
            var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../shared/bench/make-corpus.sh"));
            if (!File.Exists(script)) script = "/work/shared/bench/make-corpus.sh";
            report.Note($"making corpus {corpus} (100000 files) with {script}");
            await Run(script, [corpus, "100000"]);
        }
        if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        Directory.CreateDirectory(root);
        var rsync = File.Exists("/usr/bin/rsync") ? "/usr/bin/rsync" : null;
        report.Note($"cpu: {Environment.ProcessorCount} cores; corpus {corpus}; destination {root}; load {Load()}");
        if (rsync is null) report.Note("rsync not installed (apt-get install rsync): no rsync figure");

        try
        {
            var plan = Stopwatch.StartNew();
            var planned = TransferPlanner.Plan(new TransferRequest([corpus], Path.Combine(root, "plan-only")), new TransferSettings());
            report.Figure("files.copy100k.plan", plan.Elapsed.TotalSeconds, "s");
            report.Note($"plan: {planned.Preview.Files} files, {planned.Preview.Directories} folders, {planned.Preview.Bytes / 1048576.0:F0} MiB");

            // Warm the cache (and the allocator) once, untimed.
            await Run("cp", ["-a", corpus, Path.Combine(root, "warm")]);
            await Fresh(root);

            double best(List<double> xs) => xs.Min();
            List<double> cp = [], rs = [], sd = [], sdFile = [];
            for (var round = 0; round < rounds; round++)
            {
                cp.Add(await Timed(root, () => Run("cp", ["-a", corpus, Path.Combine(root, "cp")])));
                if (rsync is not null) rs.Add(await Timed(root, () => Run(rsync, ["-a", corpus + "/", Path.Combine(root, "rsync") + "/"])));
                sd.Add(await Timed(root, () => SdJob(corpus, Path.Combine(root, "sd"), new TransferSettings())));
                if (args.Contains("file-durability"))
                    sdFile.Add(await Timed(root, () => SdJob(corpus, Path.Combine(root, "sd-file"), new TransferSettings { Durability = TransferDurability.File })));
            }
            report.Figure("files.copy100k.cp_a", best(cp), "s");
            if (rs.Count > 0) report.Figure("files.copy100k.rsync_a", best(rs), "s");
            report.Figure("files.copy100k.sd_job", best(sd), "s");
            if (sdFile.Count > 0) report.Figure("files.copy100k.sd_job_fsync_per_file", best(sdFile), "s");
            report.Ratio("files.copy100k.sd_vs_cp", best(sd), best(cp), higherIsBetter: false);
            report.Target("files.copy100k.sd_vs_cp", best(sd) / best(cp), 1.3, higherIsBetter: false);
            if (rs.Count > 0)
            {
                report.Ratio("files.copy100k.sd_vs_rsync", best(sd), best(rs), higherIsBetter: false);
                report.Target("files.copy100k.sd_vs_rsync", best(sd) / best(rs), 1.0, higherIsBetter: false);
            }
            report.Note($"load after: {Load()}");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    /// <summary>Empties the destination root and flushes, so no run pays for an earlier one's writeback.</summary>
    private static async Task Fresh(string root)
    {
        foreach (var d in Directory.EnumerateDirectories(root)) await Run("rm", ["-rf", d]);
        await Run("sync", []);
    }

    private static async Task<double> Timed(string root, Func<Task> run)
    {
        await Fresh(root);
        var watch = Stopwatch.StartNew();
        await run();
        var seconds = watch.Elapsed.TotalSeconds;
        await Fresh(root);
        return seconds;
    }

    /// <summary>The real job: a job manager on a journal, StartTransfer, until the job completes.</summary>
    private static async Task SdJob(string corpus, string destination, TransferSettings settings)
    {
        var dir = Path.Combine(Path.GetTempPath(), "sd-bench-files-journal-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            using var journal = SqlitePersistence.Open(Path.Combine(dir, "journal.db"), new PersistenceSerializerRegistry().RegisterJobs());
            var system = ActorSystem.Create("bench-files", ConfigurationFactory.Empty);
            try
            {
                system.RegisterPersistence(journal.Journal, journal.SnapshotStore, PluginId);
                var manager = system.ActorOf(JobManager.Props(Guid.NewGuid(), PluginId, JobRegistry.CreateDefault(), new JobSettings(),
                    new JobServices().Add(new TransferServices(settings, Path.Combine(dir, "transfers")))), JobManager.Name);
                var reply = await manager.Ask<object>(new StartTransfer(null, new TransferRequest([corpus], destination)), TimeSpan.FromMinutes(1));
                if (reply is not JobControlReply started) throw new InvalidOperationException($"not started: {reply}");
                using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(20));
                while (await tick.WaitForNextTickAsync())
                {
                    var info = await manager.Ask<JobInfoReply>(new GetJobInfo(null, started.Job.Id.ToString()), TimeSpan.FromMinutes(1));
                    if (info.Detail.Job.IsTerminal)
                    {
                        if (info.Detail.Job.Status != JobStatus.Completed) throw new InvalidOperationException($"the transfer job {info.Detail.Job.Status}: {info.Detail.Job.Error}");
                        var failed = info.Detail.Output?.GetProperty("failed").GetInt64() ?? 0;
                        if (failed > 0) throw new InvalidOperationException($"{failed} files failed");
                        break;
                    }
                }
            }
            finally
            {
                await system.Terminate();
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task Run(string file, string[] args)
    {
        var info = new ProcessStartInfo(file) { UseShellExecute = false };
        foreach (var a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited with {process.ExitCode}");
    }
}
