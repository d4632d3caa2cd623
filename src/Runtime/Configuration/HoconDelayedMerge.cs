namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// Two or more definitions of one field where one is unresolved (<c>a = ${b}</c> then <c>a { c = 1 }</c>):
/// whether they merge or the later replaces the earlier depends on what the substitutions turn out to be.
/// </summary>
internal sealed class HoconDelayedMerge : HoconValue
{
    public HoconDelayedMerge(IReadOnlyList<HoconValue> layers, ConfigOrigin origin) : base(origin) => Layers = layers;

    /// <summary>Earliest first; later layers win.</summary>
    public IReadOnlyList<HoconValue> Layers { get; }

    public override HoconValueType Type => HoconValueType.Unresolved;
}
