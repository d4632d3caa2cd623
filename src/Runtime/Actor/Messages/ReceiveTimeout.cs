namespace Spacedrive.Runtime.Actor;

/// <summary>Sent to an actor that received nothing for its receive timeout (<c>Context.SetReceiveTimeout</c>).</summary>
public sealed record ReceiveTimeout
{
    public static ReceiveTimeout Instance { get; } = new();
    private ReceiveTimeout() { }
}
