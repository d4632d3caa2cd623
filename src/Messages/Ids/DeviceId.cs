using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>A device (one node). Stored as devices.uuid; the mesh derives it from the device's public key.</summary>
[JsonConverter(typeof(GuidIdJsonConverter<DeviceId>))]
public readonly record struct DeviceId(Guid Value) : IGuidId<DeviceId>, IParsable<DeviceId>
{
    public static DeviceId New() => new(GuidIds.NewGuid());

    public static DeviceId FromGuid(Guid value) => new(value);

    public static DeviceId Parse(string s) => GuidIds.Parse<DeviceId>(s);

    public static DeviceId Parse(string s, IFormatProvider? provider) => Parse(s);

    public static bool TryParse([NotNullWhen(true)] string? s, out DeviceId result) => GuidIds.TryParse(s, out result);

    public static bool TryParse([NotNullWhen(true)] string? s, IFormatProvider? provider, out DeviceId result) => TryParse(s, out result);

    public override string ToString() => GuidIds.Format(Value);
}
