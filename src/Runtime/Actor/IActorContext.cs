namespace Spacedrive.Runtime.Actor;

/// <summary>The actor's view of itself and the runtime (Akka's <c>Context</c>). Use only from inside the actor.</summary>
public interface IActorContext : IActorRefFactory
{
    IActorRef Self { get; }
    /// <summary>The sender of the message being processed; dead letters when there is none.</summary>
    IActorRef Sender { get; }
    IActorRef Parent { get; }
    Props Props { get; }
    ActorSystem System { get; }
    IEnumerable<IActorRef> Children { get; }
    TimeSpan? ReceiveTimeout { get; }

    /// <summary>The child with that name, or <see cref="Nobody"/>.</summary>
    IActorRef Child(string name);
    void Stop(IActorRef child);
    IActorRef Watch(IActorRef subject);
    IActorRef WatchWith(IActorRef subject, object message);
    IActorRef Unwatch(IActorRef subject);
    void Become(Receive receive);
    void BecomeStacked(Receive receive);
    void UnbecomeStacked();
    void SetReceiveTimeout(TimeSpan? timeout);
}
