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
            await TellThroughput(report, system, pairs: 1, messagesPerPair: 1_000_000, targetName: "runtime.tell.warmup");
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
        await JobsSuite.RunFiguresAsync(report, quick);
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
        var cpu = Cpu();
        var stopwatch = Stopwatch.StartNew();
        foreach (var (pinger, ponger, done) in games) pinger.Tell(new Serve(ponger, 200, returns, done), null);
        await Task.WhenAll(games.Select(g => g.Done.Task));
        stopwatch.Stop();
        Rate(report, targetName, pairs * returns * 2.0, stopwatch, Cpu() - cpu, "msgs/s", target);
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
        var cpu = Cpu();
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(echoes.Select(echo => Task.Run(async () =>
        {
            for (var i = 0; i < perCaller; i++) await echo.Ask<int>(i, timeout).ConfigureAwait(false);
        })));
        stopwatch.Stop();
        Rate(report, "runtime.ask", (double)perCaller * callers, stopwatch, Cpu() - cpu, "round trips/s", 300_000);
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
        var cpu = Cpu();
        var stopwatch = Stopwatch.StartNew();
        var spawner = system.ActorOf(Props.Create<Spawner>());
        await spawner.Ask<int>(new Spawn(count), TimeSpan.FromMinutes(2));
        // Stopping the parent stops every child first, and completes after all of them are gone.
        if (!await spawner.GracefulStop(TimeSpan.FromMinutes(2))) report.Note("spawn+stop: graceful stop timed out");
        stopwatch.Stop();
        Rate(report, "runtime.spawn_stop", count, stopwatch, Cpu() - cpu, "actors/s", 500_000);
    }

    private sealed class CountingIdle : UntypedActor
    {
        public static int Started;

        protected override void PreStart() => Interlocked.Increment(ref Started);

        protected override void OnReceive(object message) { }
    }

    private sealed class CountingSpawner : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is not Spawn spawn) return;
            var props = Props.Create<CountingIdle>();
            for (var i = 0; i < spawn.Count; i++) Context.ActorOf(props);
            Sender.Tell(spawn.Count, Self);
        }
    }

    private static async Task MemoryPerIdleActor(BenchReporter report, ActorSystem system, int count)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        Volatile.Write(ref CountingIdle.Started, 0);
        var spawner = system.ActorOf(Props.Create<CountingSpawner>());
        await spawner.Ask<int>(new Spawn(count), TimeSpan.FromMinutes(2));
        using (var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(10)))
        {
            while (Volatile.Read(ref CountingIdle.Started) < count) await tick.WaitForNextTickAsync();
        }
        var after = GC.GetTotalMemory(forceFullCollection: true);
        var perActor = (after - before) / (double)count;
        report.Figure("runtime.memory_per_idle_actor", perActor, "bytes");
        report.Target("runtime.memory_per_idle_actor", perActor, 500, higherIsBetter: false);
        await spawner.GracefulStop(TimeSpan.FromMinutes(2));
    }

    /// <summary>Wall-clock rate, plus the rate per CPU-second of this process: on a shared machine the second says more.</summary>
    private static void Rate(BenchReporter report, string name, double units, Stopwatch wall, TimeSpan cpu, string unit, double target)
    {
        var perSecond = units / wall.Elapsed.TotalSeconds;
        report.Figure(name, perSecond, unit);
        if (target > 0) report.Target(name, perSecond, target, higherIsBetter: true);
        report.Note(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"{name}: {units / cpu.TotalSeconds:F0} {unit} per CPU-second; the process got {cpu.TotalSeconds / wall.Elapsed.TotalSeconds:F2} of {Environment.ProcessorCount} cores"));
    }

    private static TimeSpan Cpu() => Process.GetCurrentProcess().TotalProcessorTime;
}
