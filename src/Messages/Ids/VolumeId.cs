using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>A volume (a mounted file system seen by one device): volumes.uuid.</summary>
[JsonConverter(typeof(GuidIdJsonConverter<VolumeId>))]
public readonly record struct VolumeId(Guid Value) : IGuidId<VolumeId>, IParsable<VolumeId>
{
    public static VolumeId New() => new(GuidIds.NewGuid());

    public static VolumeId FromGuid(Guid value) => new(value);

    public static VolumeId Parse(string s) => GuidIds.Parse<VolumeId>(s);

    public static VolumeId Parse(string s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out VolumeId result) => GuidIds.TryParse(s, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out VolumeId result) => TryParse(s, out result);

    public override string ToString() => GuidIds.Format(Value);
}
