namespace Spacedrive.Runtime.Actor;

/// <summary>Anything a message can be sent to: an <see cref="IActorRef"/> or an <see cref="ActorSelection"/>.</summary>
public interface ICanTell
{
    /// <summary>Fire-and-forget; <paramref name="sender"/> null means no sender (replies go to dead letters).</summary>
    void Tell(object message, IActorRef? sender);
}
