namespace Spacedrive.Runtime.Actor;

/// <summary>A behaviour: returns false when the message was not handled.</summary>
public delegate bool Receive(object message);

/// <summary>A behaviour for <see cref="UntypedActor"/>; call <c>Unhandled</c> for what it does not handle.</summary>
public delegate void UntypedReceive(object message);
