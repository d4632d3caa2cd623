using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>Delivered once to a watcher when the watched actor has stopped (see <c>Context.Watch</c>).</summary>
public sealed record Terminated(IActorRef ActorRef, bool ExistenceConfirmed, bool AddressTerminated)
    : IAutoReceivedMessage, IDeadLetterSuppression;
