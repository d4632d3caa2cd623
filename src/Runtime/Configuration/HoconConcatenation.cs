namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// Adjacent values in one field, e.g. <c>${dir}/logs</c>, <c>${base} { x = 1 }</c> or <c>${list} [4]</c>:
/// strings join, objects merge, arrays append, once the substitutions among them are known.
/// </summary>
internal sealed class HoconConcatenation : HoconValue
{
    public HoconConcatenation(IReadOnlyList<HoconValue> parts, ConfigOrigin origin) : base(origin) => Parts = parts;

    public IReadOnlyList<HoconValue> Parts { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;
}
