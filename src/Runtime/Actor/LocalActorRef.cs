using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

/// <summary>A ref to an actor of this system: a path and the cell that runs it.</summary>
public sealed class LocalActorRef : InternalActorRef
{
    private readonly ActorPath _path;

    internal LocalActorRef(ActorPath path) => _path = path;

    internal ActorCell Cell { get; set; } = null!;

    public override ActorPath Path => _path;
    public override InternalActorRef? Parent => Cell.ParentRef;
    public override bool IsTerminated => Cell.Mailbox.IsClosed;
    internal override ActorSystemImpl System => Cell.SystemImpl;

    public override void Tell(object message, IActorRef? sender)
    {
        if (message is null) throw new ArgumentNullException(nameof(message), "The message cannot be null.");
        Cell.Mailbox.Enqueue(message, sender);
    }

    internal override void SendSystemMessage(SystemMessage message) => Cell.Mailbox.SystemEnqueue(message);

    public override InternalActorRef? GetChild(string name) => Cell.GetChildByName(name);
}
