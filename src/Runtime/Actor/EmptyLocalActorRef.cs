using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>What a path resolves to when nothing lives there: messages become dead letters, watchers hear of its death at once.</summary>
internal sealed class EmptyLocalActorRef(ActorSystemImpl system, ActorPath path) : MinimalActorRef
{
    public override ActorPath Path => path;
    internal override ActorSystemImpl System => system;

    public override void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message is Identify identify) sender?.Tell(new ActorIdentity(identify.MessageId, null), this);
        else system.DeadLetters.Tell(new DeadLetter(message, sender ?? system.DeadLetters, this), sender);
    }
}
