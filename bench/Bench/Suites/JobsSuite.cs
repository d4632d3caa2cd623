using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Bench.Suites;

public sealed record BenchJobState(int N);

[JsonSerializable(typeof(BenchJobState))]
internal sealed partial class BenchJobsJsonContext : JsonSerializerContext;

/// <summary>
/// Durable jobs on a library's SQLite journal: how long a library with 10,000 finished jobs takes to start (job index
/// recovered, first list answered), and how much memory 1,000 queued jobs take, and how fast they then run.
/// Also part of the `runtime` suite. Args: `quick` uses 2,000 finished jobs.
/// </summary>
public sealed class JobsSuite : IBenchSuite
{
    private const string PluginId = "library-bench";

    public string Name => "runtime-jobs";

    public Task RunAsync(BenchReporter report, string[] args) => RunFiguresAsync(report, args.Contains("quick"));

    public static async Task RunFiguresAsync(BenchReporter report, bool quick)
    {
        ArgumentNullException.ThrowIfNull(report);
        var dir = Path.Combine(Path.GetTempPath(), "sd-bench-jobs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            await StartWithHistory(report, Path.Combine(dir, "history"), quick ? 2_000 : 10_000);
            await QueuedMemory(report, Path.Combine(dir, "queued"), 1_000);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private sealed class NoopJob : IJob<BenchJobState>
    {
        public Task<JsonElement?> RunAsync(JobContext<BenchJobState> ctx, BenchJobState state, CancellationToken cancellationToken)
        {
            ctx.ReportProgress(1, 1);
            return Task.FromResult<JsonElement?>(null);
        }
    }

    private sealed class WaitJob(Task release) : IJob<BenchJobState>
    {
        public async Task<JsonElement?> RunAsync(JobContext<BenchJobState> ctx, BenchJobState state, CancellationToken cancellationToken)
        {
            await release.WaitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
    }

    private static JobRegistry Registry(Task release) => new JobRegistry()
        .Register(new JobDefinition<BenchJobState>("bench.noop", true, "does nothing", "items", BenchJobsJsonContext.Default.BenchJobState, () => new NoopJob()))
        .Register(new JobDefinition<BenchJobState>("bench.wait", true, "waits", "items", BenchJobsJsonContext.Default.BenchJobState, () => new WaitJob(release)));

    private static SqlitePersistence Open(string dir)
    {
        Directory.CreateDirectory(dir);
        // Production settings (synchronous = full): start-up reads what a node would read.
        return SqlitePersistence.Open(Path.Combine(dir, "journal.db"), new PersistenceSerializerRegistry().RegisterJobs());
    }

    private static IActorRef Manager(ActorSystem system, SqlitePersistence journal, JobRegistry registry, int maxConcurrent)
    {
        system.RegisterPersistence(journal.Journal, journal.SnapshotStore, PluginId);
        return system.ActorOf(JobManager.Props(Guid.NewGuid(), PluginId, registry, new JobSettings { MaxConcurrent = maxConcurrent }), JobManager.Name);
    }

    private static async Task WaitUntil(IActorRef manager, JobStatus status, int count)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        while (await tick.WaitForNextTickAsync())
        {
            var list = await manager.Ask<JobListReply>(new ListJobs(null, status), TimeSpan.FromSeconds(60));
            if (list.Jobs.Count >= count) return;
        }
    }

    private static async Task StartWithHistory(BenchReporter report, string dir, int jobs)
    {
        var registry = Registry(Task.CompletedTask);
        var state = JsonSerializer.SerializeToElement(new BenchJobState(1), BenchJobsJsonContext.Default.BenchJobState);
        var build = Stopwatch.StartNew();
        using (var journal = Open(dir))
        {
            var system = ActorSystem.Create("bench-jobs-history", ConfigurationFactory.Empty);
            try
            {
                var manager = Manager(system, journal, registry, maxConcurrent: 16);
                var enqueues = new List<Task<object>>(jobs);
                for (var i = 0; i < jobs; i++)
                    enqueues.Add(manager.Ask<object>(new JobManager.EnqueueJob("bench.noop", state, null, null), TimeSpan.FromMinutes(5)));
                await Task.WhenAll(enqueues);
                await WaitUntil(manager, JobStatus.Completed, jobs);
            }
            finally
            {
                await system.Terminate();
            }
        }
        report.Figure($"runtime.jobs.history{jobs / 1000}k.build", build.Elapsed.TotalSeconds, "s");
        report.Figure("runtime.jobs.run.noop", jobs / build.Elapsed.TotalSeconds, "jobs/s");
        report.Figure("runtime.jobs.journal.db", new FileInfo(Path.Combine(dir, "journal.db")).Length / 1048576.0, "MB");
        report.Figure("runtime.jobs.journal.wal", File.Exists(Path.Combine(dir, "journal.db-wal")) ? new FileInfo(Path.Combine(dir, "journal.db-wal")).Length / 1048576.0 : 0, "MB");

        // Start: open the journal, recover the job index, answer the first list.
        var start = Stopwatch.StartNew();
        using (var journal = Open(dir))
        {
            var system = ActorSystem.Create("bench-jobs-start", ConfigurationFactory.Empty);
            try
            {
                var manager = Manager(system, journal, registry, maxConcurrent: 2);
                var list = await manager.Ask<JobListReply>(new ListJobs(null), TimeSpan.FromMinutes(1));
                start.Stop();
                if (list.Jobs.Count != jobs) report.Note($"expected {jobs} jobs in the history, found {list.Jobs.Count}");
            }
            finally
            {
                await system.Terminate();
            }
        }
        var name = $"runtime.jobs.start.history{jobs / 1000}k";
        report.Figure(name, start.Elapsed.TotalMilliseconds, "ms");
        report.Target(name, start.Elapsed.TotalMilliseconds, 1000, higherIsBetter: false);
    }

    private static async Task QueuedMemory(BenchReporter report, string dir, int jobs)
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var registry = Registry(release.Task);
        var state = JsonSerializer.SerializeToElement(new BenchJobState(1), BenchJobsJsonContext.Default.BenchJobState);
        using var journal = Open(dir);
        var system = ActorSystem.Create("bench-jobs-queued", ConfigurationFactory.Empty);
        try
        {
            var manager = Manager(system, journal, registry, maxConcurrent: 2);
            await manager.Ask<JobListReply>(new ListJobs(null), TimeSpan.FromSeconds(30));
            var before = GC.GetTotalMemory(forceFullCollection: true);
            var enqueue = Stopwatch.StartNew();
            var asks = new List<Task<object>>(jobs);
            for (var i = 0; i < jobs; i++)
                asks.Add(manager.Ask<object>(new JobManager.EnqueueJob("bench.wait", state, i % 3, null), TimeSpan.FromMinutes(5)));
            await Task.WhenAll(asks);
            enqueue.Stop();
            await WaitUntil(manager, JobStatus.Running, 2);
            var after = GC.GetTotalMemory(forceFullCollection: true);
            var mb = (after - before) / 1048576.0;
            report.Figure("runtime.jobs.queue1000.enqueue", jobs / enqueue.Elapsed.TotalSeconds, "jobs/s");
            report.Figure("runtime.jobs.queue1000.memory", mb, "MB");
            report.Target("runtime.jobs.queue1000.memory", mb, 100, higherIsBetter: false);

            var run = Stopwatch.StartNew();
            release.SetResult();
            await WaitUntil(manager, JobStatus.Completed, jobs);
            report.Figure("runtime.jobs.queue1000.drain", jobs / run.Elapsed.TotalSeconds, "jobs/s");
        }
        finally
        {
            await system.Terminate();
        }
    }
}
