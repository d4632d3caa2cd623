namespace Spacedrive.Runtime.Actor;

/// <summary>"It happened", without a value (the result of shutdown tasks).</summary>
public sealed class Done
{
    public static Done Instance { get; } = new();
    private Done() { }
}
