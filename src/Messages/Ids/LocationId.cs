using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>A location (an indexed folder on one device): locations.uuid.</summary>
[JsonConverter(typeof(GuidIdJsonConverter<LocationId>))]
public readonly record struct LocationId(Guid Value) : IGuidId<LocationId>, IParsable<LocationId>
{
    public static LocationId New() => new(GuidIds.NewGuid());

    public static LocationId FromGuid(Guid value) => new(value);

    public static LocationId Parse(string s) => GuidIds.Parse<LocationId>(s);

    public static LocationId Parse(string s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out LocationId result) => GuidIds.TryParse(s, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out LocationId result) => TryParse(s, out result);

    public override string ToString() => GuidIds.Format(Value);
}
