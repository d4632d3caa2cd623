namespace Spacedrive.Runtime.Actor;

/// <summary>An ordinary user message: what is queued before it is processed, then the actor stops.</summary>
public sealed record PoisonPill : IAutoReceivedMessage
{
    public static PoisonPill Instance { get; } = new();
    private PoisonPill() { }
}
