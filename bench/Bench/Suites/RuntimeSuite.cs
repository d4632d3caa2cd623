using System.Diagnostics;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// The actor kernel: tell throughput (ping-pong pairs), ask round trips, spawn+stop, memory per idle actor.
/// Args: `quick` runs smaller counts (for smoke runs).
/// </summary>
public sealed class RuntimeSuite : IBenchSuite
{
    public string Name => "runtime";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        ArgumentNullException.ThrowIfNull(report);
        var quick = args.Contains("quick");
        report.Note($"cores: {Environment.ProcessorCount}, server GC: {System.Runtime.GCSettings.IsServerGC}");
        var system = ActorSystem.Create("bench", ConfigurationFactory.Empty);
        try
        {
            await TellThroughput(report, system, pairs: 1, messagesPerPair: quick ? 2_000_000 : 20_000_000, targetName: "runtime.tell.1pair");
            var pairs = Math.Max(2, Environment.ProcessorCount);
            await TellThroughput(report, system, pairs, messagesPerPair: quick ? 1_000_000 : 10_000_000, targetName: $"runtime.tell.{pairs}pairs", target: 10_000_000);
            await AskRoundTrips(report, system, quick ? 200_000 : 1_000_000);
            await SpawnAndStop(report, system, quick ? 100_000 : 500_000);
            await MemoryPerIdleActor(report, system, quick ? 100_000 : 500_000);
        }
        finally
        {
            await system.Terminate();
        }
    }

    private sealed class Ball
    {
        public static readonly Ball Instance = new();
    }

    private sealed record Serve(IActorRef Partner, int InFlight, long Total, TaskCompletionSource Done);

    /// <summary>Serves a burst of balls and counts returns until the total is reached.</summary>
    private sealed class Pinger : UntypedActor
    {
        private long _remaining;
        private TaskCompletionSource? _done;

        protected override void OnReceive(object message)
        {
            if (ReferenceEquals(message, Ball.Instance))
            {
                if (--_remaining == 0) _done!.SetResult();
                else if (_remaining > 0) Sender.Tell(Ball.Instance, Self);
                return;
            }
            if (message is Serve serve)
            {
                _remaining = serve.Total;
                _done = serve.Done;
                for (var i = 0; i < serve.InFlight; i++) serve.Partner.Tell(Ball.Instance, Self);
            }
        }
    }

    private sealed class Ponger : UntypedActor
    {
        protected override void OnReceive(object message) => Sender.Tell(message, Self);
    }

    private static async Task TellThroughput(BenchReporter report, ActorSystem system, int pairs, long messagesPerPair, string targetName, double target = 0)
    {
        var games = new List<(IActorRef Pinger, IActorRef Ponger, TaskCompletionSource Done)>();
        for (var i = 0; i < pairs; i++)
        {
            games.Add((system.ActorOf(Props.Create<Pinger>()), system.ActorOf(Props.Create<Ponger>()),
                new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)));
        }
        // Each returned ball counts once at the pinger; a round trip is two deliveries.
        var returns = messagesPerPair / 2;
        var stopwatch = Stopwatch.StartNew();
        foreach (var (pinger, ponger, done) in games) pinger.Tell(new Serve(ponger, 200, returns, done), null);
        await Task.WhenAll(games.Select(g => g.Done.Task));
        stopwatch.Stop();
        var perSecond = pairs * returns * 2 / stopwatch.Elapsed.TotalSeconds;
        report.Figure(targetName, perSecond, "msgs/s");
        if (target > 0) report.Target(targetName, perSecond, target, higherIsBetter: true);
        foreach (var (pinger, ponger, _) in games)
        {
            system.Stop(pinger);
            system.Stop(ponger);
        }
    }

    private static async Task AskRoundTrips(BenchReporter report, ActorSystem system, int total)
    {
        var callers = Math.Max(4, Environment.ProcessorCount * 4);
        var echoes = Enumerable.Range(0, callers).Select(_ => system.ActorOf(Props.Create<Ponger>())).ToArray();
        var perCaller = total / callers;
        var timeout = TimeSpan.FromSeconds(10);
        await Task.WhenAll(echoes.Select(e => e.Ask<int>(1, timeout))); // warm up
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(echoes.Select(echo => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++) await echo.Ask<int>(i, timeout).ConfigureAwait(false);
        })));
        stopwatch.Stop();
        var perSecond = perCaller * callers / stopwatch.Elapsed.TotalSeconds;
        report.Figure("runtime.ask", perSecond, "round trips/s");
        report.Target("runtime.ask", perSecond, 300_000, higherIsBetter: true);
        foreach (var echo in echoes) system.Stop(echo);
    }

    private sealed class Idle : UntypedActor
    {
        protected override void OnReceive(object message) { }
    }

    private sealed record Spawn(int Count);

    /// <summary>Creates children on request and reports when their Create has been sent.</summary>
    private sealed class Spawner : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is not Spawn spawn) return;
            var props = Props.Create<Idle>();
            for (var i = 0; i < spawn.Count; i++) Context.ActorOf(props);
            Sender.Tell(spawn.Count, Self);
        }
    }

    private static async Task SpawnAndStop(BenchReporter report, ActorSystem system, int count)
    {
        var stopwatch = Stopwatch.StartNew();
        var spawner = system.ActorOf(Props.Create<Spawner>());
        await spawner.Ask<int>(new Spawn(count), TimeSpan.FromMinutes(2));
        // Stopping the parent stops every child first, and completes after all of them are gone.
        if (!await spawner.GracefulStop(TimeSpan.FromMinutes(2))) report.Note("spawn+stop: graceful stop timed out");
        stopwatch.Stop();
        var perSecond = count / stopwatch.Elapsed.TotalSeconds;
        report.Figure("runtime.spawn_stop", perSecond, "actors/s");
        report.Target("runtime.spawn_stop", perSecond, 500_000, higherIsBetter: true);
    }

    private static async Task MemoryPerIdleActor(BenchReporter report, ActorSystem system, int count)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var spawner = system.ActorOf(Props.Create<Spawner>());
        await spawner.Ask<int>(new Spawn(count), TimeSpan.FromMinutes(2));
        // Every child has processed its Create once an Identify sent after it comes back.
        var children = system.ActorSelection(spawner.Path.ToStringWithoutAddress() + "/*");
        var last = await spawner.Ask<int>(new Spawn(0), TimeSpan.FromMinutes(1));
        _ = last;
        await Task.Delay(500); // let the thread pool drain the Create messages
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perActor = (after - before) / (double)count;
        report.Figure("runtime.memory_per_idle_actor", perActor, "bytes");
        report.Target("runtime.memory_per_idle_actor", perActor, 500, higherIsBetter: false);
        GC.KeepAlive(children);
        await spawner.GracefulStop(TimeSpan.FromMinutes(2));
    }
}
