using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Event;

/// <summary>Watches every subscriber of the event stream and unsubscribes it when it terminates.</summary>
internal sealed class EventStreamUnsubscriber : ReceiveActor
{
    public sealed record Register(IActorRef Subscriber);

    public EventStreamUnsubscriber(EventStream stream)
    {
        Receive<Register>(r => Context.Watch(r.Subscriber));
        // A block, not an expression: Unsubscribe returns false for a subscriber that had already unsubscribed, and a
        // Func<T, bool> handler returning false leaves the Terminated unhandled, a death pact that stopped this actor.
        Receive<Terminated>(t => { stream.Unsubscribe(t.ActorRef); });
    }
}
