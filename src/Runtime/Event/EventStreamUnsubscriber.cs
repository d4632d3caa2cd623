using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Event;

/// <summary>Watches every subscriber of the event stream and unsubscribes it when it terminates.</summary>
internal sealed class EventStreamUnsubscriber : ReceiveActor
{
    public sealed record Register(IActorRef Subscriber);

    public EventStreamUnsubscriber(EventStream stream)
    {
        Receive<Register>(r => Context.Watch(r.Subscriber));
        Receive<Terminated>(t => stream.Unsubscribe(t.ActorRef));
    }
}
