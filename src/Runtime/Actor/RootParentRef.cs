using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// The parent of the root guardian (Akka's "TheOneWhoWalksTheBubblesOfSpaceTime"): when the root
/// dies the system is terminated; when the root fails, it is stopped.
/// </summary>
internal sealed class RootParentRef(ActorSystemImpl system, ActorPath path) : MinimalActorRef
{
    public override ActorPath Path => path;
    internal override ActorSystemImpl System => system;

    public override void Tell(object message, IActorRef? sender) { }

    internal override void SendSystemMessage(SystemMessage message)
    {
        switch (message)
        {
            case DeathWatchNotification:
                system.OnRootTerminated();
                break;
            case Failed failed:
                ((InternalActorRef)failed.Child).Stop();
                break;
        }
    }
}
