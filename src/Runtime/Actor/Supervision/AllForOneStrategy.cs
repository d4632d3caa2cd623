namespace Spacedrive.Runtime.Actor;

/// <summary>The decision applies to every child; a restart needs permission from each child's retry budget.</summary>
public sealed class AllForOneStrategy : SupervisorStrategy
{
    public AllForOneStrategy(Func<Exception, Directive> decider) : this(null, null, decider) { }

    public AllForOneStrategy(int? maxNrOfRetries, TimeSpan? withinTimeRange, Func<Exception, Directive> decider, bool loggingEnabled = true)
        : base(maxNrOfRetries, withinTimeRange, decider, loggingEnabled) { }

    protected override void ProcessFailure(IActorContext context, bool restart, IActorRef child, Exception cause,
        ChildRestartStats stats, IReadOnlyList<ChildRestartStats> children)
    {
        if (children.Count == 0) return;
        var cell = (ActorCell)context;
        var permitted = restart;
        foreach (var sibling in children)
        {
            if (!RequestRestartPermission(cell, sibling)) permitted = false;
        }
        foreach (var sibling in children)
        {
            if (permitted) RestartChild(sibling.Child, cause, suspendFirst: !sibling.Child.Equals(child));
            else context.Stop(sibling.Child);
        }
    }
}
