using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Event;

/// <summary>Published when an actor's behaviour did not match a message.</summary>
public sealed record UnhandledMessage(object Message, IActorRef Sender, IActorRef Recipient);
