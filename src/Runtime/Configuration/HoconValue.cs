namespace Spacedrive.Runtime.Configuration;

/// <summary>A node of a HOCON tree: object, array, scalar, or (before resolution) a substitution.</summary>
public abstract class HoconValue
{
    private protected HoconValue(ConfigOrigin origin) => Origin = origin;

    public ConfigOrigin Origin { get; }

    public abstract HoconValueType Type { get; }

    internal bool IsResolved => Type != HoconValueType.Unresolved;

    /// <summary>HOCON text of this value, re-parseable as the right-hand side of a field.</summary>
    public override string ToString() => HoconRenderer.RenderValue(this);
}
