using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary><c>/deadLetters</c>: publishes whatever reaches it as <see cref="DeadLetter"/> on the event stream.</summary>
internal sealed class DeadLetterActorRef(ActorSystemImpl system, ActorPath path) : MinimalActorRef
{
    public override ActorPath Path => path;
    internal override ActorSystemImpl System => system;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        switch (message)
        {
            case AllDeadLetters letter:
                system.PublishDeadLetter(letter);
                break;
            case IDeadLetterSuppression:
                system.PublishDeadLetter(new SuppressedDeadLetter(message, sender ?? this, this));
                break;
            default:
                system.PublishDeadLetter(new DeadLetter(message, sender ?? this, this));
                break;
        }
    }
}
