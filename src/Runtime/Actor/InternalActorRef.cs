using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// The runtime's side of a ref: system messages, parent, children, termination. Local actors use
/// <see cref="LocalActorRef"/>; a remote ref is one more subclass.
/// </summary>
public abstract class InternalActorRef : ActorRefBase
{
    public abstract InternalActorRef? Parent { get; }
    public abstract bool IsTerminated { get; }
    public virtual bool IsLocal => true;

    internal abstract ActorSystemImpl? System { get; }

    internal abstract void SendSystemMessage(SystemMessage message);

    public virtual InternalActorRef? GetChild(string name) => null;

    public void Stop() => SendSystemMessage(new Terminate());
    internal void Suspend() => SendSystemMessage(new Suspend());
    internal void Resume(Exception? causedByFailure) => SendSystemMessage(new Resume(causedByFailure));
    internal void Restart(Exception cause) => SendSystemMessage(new Recreate(cause));
}
