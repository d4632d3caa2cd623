using System.Collections.Concurrent;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Ordered shutdown: tasks are added to named phases; <see cref="Run"/> runs the phases in order,
/// each phase's tasks concurrently, each phase bounded by its timeout (a late phase is logged and
/// skipped past). The last phase terminates the actor system. <c>ActorSystem.Terminate()</c> runs it.
/// </summary>
public sealed class CoordinatedShutdown
{
    public const string PhaseBeforeServiceUnbind = "before-service-unbind";
    public const string PhaseServiceUnbind = "service-unbind";
    public const string PhaseServiceRequestsDone = "service-requests-done";
    public const string PhaseServiceStop = "service-stop";
    public const string PhaseBeforeClusterShutdown = "before-cluster-shutdown";
    public const string PhaseClusterShutdown = "cluster-shutdown";
    public const string PhaseBeforeActorSystemTerminate = "before-actor-system-terminate";
    public const string PhaseActorSystemTerminate = "actor-system-terminate";

    private static readonly string[] DefaultPhases =
    [
        PhaseBeforeServiceUnbind, PhaseServiceUnbind, PhaseServiceRequestsDone, PhaseServiceStop,
        PhaseBeforeClusterShutdown, PhaseClusterShutdown, PhaseBeforeActorSystemTerminate, PhaseActorSystemTerminate,
    ];

    private readonly ActorSystemImpl _system;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(string Name, Func<Task<Done>> Task)>> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, TimeSpan> _timeouts = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource<Done> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Reason? _reason;
    private EventHandler? _processExitHandler;

    internal CoordinatedShutdown(ActorSystemImpl system)
    {
        _system = system;
        foreach (var phase in DefaultPhases)
        {
            var fallback = phase == PhaseActorSystemTerminate ? TimeSpan.FromSeconds(10) : system.Settings.CoordinatedShutdownDefaultPhaseTimeout;
            _timeouts[phase] = system.Settings.Config.GetTimeSpan($"spacedrive.coordinated-shutdown.phases.{phase}.timeout", fallback, allowInfinite: false);
        }
    }

    public static CoordinatedShutdown Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return ((ActorSystemImpl)system).CoordinatedShutdown;
    }

    public IReadOnlyList<string> OrderedPhases => DefaultPhases;

    /// <summary>Why shutdown was started; null while it has not.</summary>
    public Reason? ShutdownReason => Volatile.Read(ref _reason);

    public TimeSpan Timeout(string phase) =>
        _timeouts.TryGetValue(phase, out var timeout) ? timeout : throw new ArgumentException($"Unknown phase [{phase}]", nameof(phase));

    public TimeSpan TotalTimeout => _timeouts.Values.Aggregate(TimeSpan.Zero, (sum, t) => sum + t);

    /// <summary>Adds a task to a phase. Tasks added after the phase has run are not run.</summary>
    public void AddTask(string phase, string taskName, Func<Task<Done>> task)
    {
        ArgumentNullException.ThrowIfNull(task);
        if (!_timeouts.ContainsKey(phase)) throw new ArgumentException($"Unknown phase [{phase}], known phases: {string.Join(", ", DefaultPhases)}", nameof(phase));
        _tasks.GetOrAdd(phase, _ => new ConcurrentQueue<(string, Func<Task<Done>>)>()).Enqueue((taskName, task));
    }

    /// <summary>Runs all phases (from <paramref name="fromPhase"/>) once; later calls return the same task.</summary>
    public Task<Done> Run(Reason reason, string? fromPhase = null)
    {
        ArgumentNullException.ThrowIfNull(reason);
        if (Interlocked.CompareExchange(ref _reason, reason, null) is not null) return _completion.Task;
        _ = RunPhases(fromPhase);
        return _completion.Task;
    }

    private async Task RunPhases(string? fromPhase)
    {
        var log = _system.Log;
        var started = fromPhase is null;
        foreach (var phase in DefaultPhases)
        {
            started |= phase == fromPhase;
            if (!started || !_tasks.TryGetValue(phase, out var tasks) || tasks.IsEmpty) continue;
            var running = tasks.Select(t => RunTask(phase, t.Name, t.Task)).ToArray();
            try
            {
                // Real time on purpose: shutdown must end even when a test froze the system's clock.
                await Task.WhenAll(running).WaitAsync(_timeouts[phase]).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                log.Warning("Coordinated shutdown phase [{Phase}] timed out after {Timeout}", phase, _timeouts[phase]);
            }
        }
        _completion.TrySetResult(Done.Instance);
    }

    private async Task RunTask(string phase, string name, Func<Task<Done>> task)
    {
        try
        {
            await task().ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _system.Log.Warning(e, "Task [{Task}] of coordinated shutdown phase [{Phase}] failed: {Message}", name, phase, e.Message);
        }
    }

    internal void Start()
    {
        if (_system.Settings.CoordinatedShutdownTerminateActorSystem)
        {
            AddTask(PhaseActorSystemTerminate, "terminate-system", async () =>
            {
                _system.FinalTerminate();
                await _system.WhenTerminated.ConfigureAwait(false);
                return Done.Instance;
            });
        }
        if (_system.Settings.CoordinatedShutdownRunByClrShutdownHook)
        {
            _processExitHandler = (_, _) => Run(ClrExitReason.Instance).Wait(TotalTimeout);
            AppDomain.CurrentDomain.ProcessExit += _processExitHandler;
        }
    }

    internal void OnSystemTerminated()
    {
        if (_processExitHandler is not null) AppDomain.CurrentDomain.ProcessExit -= _processExitHandler;
        // A system that ended without Run (e.g. the user guardian failed) still completes shutdown's task.
        Interlocked.CompareExchange(ref _reason, ActorSystemTerminateReason.Instance, null);
        _completion.TrySetResult(Done.Instance);
    }

    /// <summary>Why shutdown runs.</summary>
    public abstract class Reason
    {
        public override string ToString() => GetType().Name;
    }

    public sealed class UnknownReason : Reason
    {
        public static UnknownReason Instance { get; } = new();
        private UnknownReason() { }
    }

    public sealed class ActorSystemTerminateReason : Reason
    {
        public static ActorSystemTerminateReason Instance { get; } = new();
        private ActorSystemTerminateReason() { }
    }

    public sealed class ClrExitReason : Reason
    {
        public static ClrExitReason Instance { get; } = new();
        private ClrExitReason() { }
    }
}
