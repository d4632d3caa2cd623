namespace Spacedrive.Runtime.Actor;

/// <summary>The decision applies to the failed child only.</summary>
public sealed class OneForOneStrategy : SupervisorStrategy
{
    public OneForOneStrategy(Func<Exception, Directive> decider) : this(null, null, decider) { }

    /// <param name="maxNrOfRetries">null or -1: no limit; 0: never restart.</param>
    /// <param name="withinTimeRange">The window the retries are counted in; null: the child's whole life.</param>
    public OneForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    protected override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause,
        ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children)
    {
        if (restart && RequestRestartPermission((ActorCell)context, stats)) RestartChild(child, cause, suspendFirst: false);
        else context.Stop(child);
    }
}
