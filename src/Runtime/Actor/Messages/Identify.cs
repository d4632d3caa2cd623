namespace Spacedrive.Runtime.Actor;

/// <summary>Every actor answers with <see cref="ActorIdentity"/> carrying the same id.</summary>
public sealed record Identify(object? MessageId) : IAutoReceivedMessage;

/// <summary>The answer to <see cref="Identify"/>; <see cref="Subject"/> is null when nothing lives at the path.</summary>
public sealed record ActorIdentity(object? MessageId, IActorRef? Subject);
