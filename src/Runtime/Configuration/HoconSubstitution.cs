namespace Spacedrive.Runtime.Configuration;

/// <summary><c>${path}</c> or <c>${?path}</c>, replaced by the value at path in the whole merged tree.</summary>
internal sealed class HoconSubstitution : HoconValue
{
    public HoconSubstitution(
        HoconPath path, bool isOptional, ConfigOrigin origin, SelfReference selfReference = SelfReference.None, int fieldPathLength = 0)
        : base(origin)
    {
        Path = path;
        IsOptional = isOptional;
        SelfReference = selfReference;
        FieldPathLength = selfReference == SelfReference.None ? 0 : fieldPathLength == 0 ? path.Segments.Count : fieldPathLength;
    }

    public HoconPath Path { get; }

    public bool IsOptional { get; }

    /// <summary>
    /// Set when the substitution names the field it is the value of (<c>a = ${a} x</c>, or <c>a += x</c>):
    /// it then means "the value this field had before", which merging fills in.
    /// </summary>
    public SelfReference SelfReference { get; }

    /// <summary>For a self-reference, how many leading keys of <see cref="Path"/> name the field; the rest (as in <c>a = ${a.b}</c>) is looked up inside its earlier value.</summary>
    public int FieldPathLength { get; }

    public IEnumerable<string> PathInsideEarlierValue => Path.Segments.Skip(FieldPathLength);

    public override HoconValueType Type => HoconValueType.Unresolved;

    public HoconSubstitution AsSelfReference(SelfReference kind, int fieldPathLength) => new(Path, IsOptional, Origin, kind, fieldPathLength);

    public string Expression => IsOptional ? $"${{?{Path}}}" : $"${{{Path}}}";
}

internal enum SelfReference
{
    None,

    /// <summary>Written <c>${a}</c> inside <c>a</c>'s own value; with no earlier value it falls back to the environment.</summary>
    Explicit,

    /// <summary>Made by <c>a += x</c>; with no earlier value it is simply empty.</summary>
    Append,
}
