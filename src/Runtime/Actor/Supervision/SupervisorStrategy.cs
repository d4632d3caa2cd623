using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>How a parent handles a failed child: a decider maps the exception to a <see cref="Directive"/>.</summary>
public abstract class SupervisorStrategy
{
    protected SupervisorStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled)
    {
        ArgumentNullException.ThrowIfNull(decider);
        MaxNumberOfRetries = maxNrOfRetries;
        WithinTimeRange = withinTimeRange;
        Decider = decider;
        LoggingEnabled = loggingEnabled;
    }

    /// <summary>Restart on any exception, except Stop for ActorInitializationException, ActorKilledException and DeathPactException.</summary>
    public static SupervisorStrategy DefaultStrategy { get; } = new OneForOneStrategy(DefaultDecider);

    /// <summary>Stops the failing child whatever the failure (the root guardian's strategy).</summary>
    public static SupervisorStrategy StoppingStrategy { get; } = new OneForOneStrategy(_ => Directive.Stop);

    public int? MaxNumberOfRetries { get; }
    public TimeSpan? WithinTimeRange { get; }
    public Func<Exception, Directive> Decider { get; }
    public bool LoggingEnabled { get; }

    public static Directive DefaultDecider(Exception exception) => exception switch
    {
        ActorInitializationException => Directive.Stop,
        ActorKilledException => Directive.Stop,
        DeathPactException => Directive.Stop,
        _ => Directive.Restart,
    };

    /// <summary>Applies Restart (<paramref name="restart"/> true) or Stop to the failed child (and, for all-for-one, its siblings).</summary>
    protected abstract void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause,
        ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children);

    /// <returns>false when the failure must be escalated.</returns>
    internal bool HandleFailure(ActorCell cell, IActorRef child, Exception cause, ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children)
    {
        Directive directive;
        try
        {
            directive = Decider(cause);
        }
        catch (Exception deciderFailure)
        {
            cell.Log.Error(deciderFailure, "Supervisor decider threw while handling {Cause}; escalating", cause.GetType().Name);
            return false;
        }
        switch (directive)
        {
            case Directive.Resume:
                LogFailure(cell, child, cause, directive);
                ((InternalActorRef)child).Resume(cause);
                return true;
            case Directive.Restart:
                LogFailure(cell, child, cause, directive);
                ProcessFailure(cell, true, child, cause, stats, children);
                return true;
            case Directive.Stop:
                LogFailure(cell, child, cause, directive);
                ProcessFailure(cell, false, child, cause, stats, children);
                return true;
            default:
                return false;
        }
    }

    internal bool RequestRestartPermission(ActorCell cell, ChildRestartStats stats) =>
        stats.RequestRestartPermission(MaxNumberOfRetries, WithinTimeRange, cell.NowMilliseconds);

    protected static void RestartChild(IActorRef child, Exception cause, bool suspendFirst)
    {
        var internalChild = (InternalActorRef)child;
        if (suspendFirst) internalChild.Suspend();
        internalChild.Restart(cause);
    }

    private void LogFailure(ActorCell cell, IActorRef child, Exception cause, Directive directive)
    {
        if (!LoggingEnabled) return;
        ILoggingAdapter log = cell.Log;
        if (directive == Directive.Resume) log.Warning(cause, "{Child} failed, resuming: {Message}", child.Path, cause.Message);
        else log.Error(cause, "{Child} failed ({Directive}): {Message}", child.Path, directive, cause.Message);
    }
}
