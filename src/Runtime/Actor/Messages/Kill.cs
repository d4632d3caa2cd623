namespace Spacedrive.Runtime.Actor;

/// <summary>Makes the actor throw <see cref="ActorKilledException"/>; the default decider stops it.</summary>
public sealed record Kill : IAutoReceivedMessage
{
    public static Kill Instance { get; } = new();
    private Kill() { }
}
