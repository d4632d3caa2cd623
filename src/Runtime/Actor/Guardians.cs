namespace Spacedrive.Runtime.Actor;

/// <summary><c>/user</c> and <c>/system</c>: parents of top-level actors, with the default strategy.</summary>
internal sealed class GuardianActor : ActorBase
{
    protected internal override bool Receive(object message) => false;
}

/// <summary>
/// <c>/</c>: stops a failing guardian; once <c>/user</c> has stopped it stops <c>/system</c>, then
/// itself, which terminates the system.
/// </summary>
internal sealed class RootGuardianActor : ActorBase
{
    private readonly IActorRef _userGuardian;
    private readonly IActorRef _systemGuardian;

    public RootGuardianActor(IActorRef userGuardian, IActorRef systemGuardian)
    {
        _userGuardian = userGuardian;
        _systemGuardian = systemGuardian;
    }

    protected override void PreStart()
    {
        Context.Watch(_userGuardian);
        Context.Watch(_systemGuardian);
    }

    protected internal override bool Receive(object message)
    {
        if (message is not Terminated terminated) return false;
        if (terminated.ActorRef.Equals(_userGuardian)) Context.Stop(_systemGuardian);
        else if (terminated.ActorRef.Equals(_systemGuardian)) Context.Stop(Self);
        return true;
    }

    protected override SupervisorStrategy SupervisorStrategy() => Actor.SupervisorStrategy.StoppingStrategy;
}
