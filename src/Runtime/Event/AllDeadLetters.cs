using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Event;

/// <summary>Common supertype of everything published for a message that was not delivered.</summary>
public abstract record AllDeadLetters(object Message, IActorRef Sender, IActorRef Recipient);

/// <summary>A message sent to an actor that does not exist (any more).</summary>
public sealed record DeadLetter(object Message, IActorRef Sender, IActorRef Recipient) : AllDeadLetters(Message, Sender, Recipient);

/// <summary>A dead letter for an <see cref="IDeadLetterSuppression"/> message.</summary>
public sealed record SuppressedDeadLetter(object Message, IActorRef Sender, IActorRef Recipient) : AllDeadLetters(Message, Sender, Recipient);
