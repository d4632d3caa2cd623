namespace Spacedrive.Runtime.Configuration;

/// <summary>Where a value was written, so that errors can point at the file and line.</summary>
public sealed record ConfigOrigin(string SourceName, int Line)
{
    public static ConfigOrigin Code { get; } = new("code", 0);

    public override string ToString() => Line > 0 ? $"{SourceName}:{Line}" : SourceName;
}
