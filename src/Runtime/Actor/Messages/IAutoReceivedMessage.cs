namespace Spacedrive.Runtime.Actor;

/// <summary>Messages the runtime handles before the actor's behaviour sees them (PoisonPill, Kill, Identify, Terminated).</summary>
public interface IAutoReceivedMessage;
