using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

/// <summary>A ref without a cell (dead letters, nobody, ask promises): it dies at once for watchers.</summary>
public abstract class MinimalActorRef : InternalActorRef
{
    public override InternalActorRef? Parent => null;
    public override bool IsTerminated => true;

    internal override void SendSystemMessage(SystemMessage message)
    {
        if (message is Watch watch && !ReferenceEquals(watch.Watchee, watch.Watcher) && watch.Watcher is InternalActorRef watcher)
            watcher.SendSystemMessage(new DeathWatchNotification(this, existenceConfirmed: false, addressTerminated: false));
    }
}
