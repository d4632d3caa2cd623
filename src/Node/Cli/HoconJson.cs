using System.Globalization;
using System.Text.Json.Nodes;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Node.Cli;

/// <summary>A resolved HOCON value as JSON, for `sd config ... --json`. Numbers stay numbers; durations and sizes stay strings as written.</summary>
internal static class HoconJson
{
    public static JsonNode? ToJson(HoconValue value) => value switch
    {
        HoconObject o => new JsonObject(o.Select(kv => KeyValuePair.Create(kv.Key, ToJson(kv.Value)))),
        HoconArray a => new JsonArray(a.Select(ToJson).ToArray()),
        HoconScalar { Type: HoconValueType.Null } => null,
        HoconScalar { Type: HoconValueType.Boolean } s => JsonValue.Create(s.Text == "true"),
        HoconScalar { Type: HoconValueType.Number } s when long.TryParse(s.Text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => JsonValue.Create(l),
        HoconScalar { Type: HoconValueType.Number } s when double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => JsonValue.Create(d),
        HoconScalar s => JsonValue.Create(s.Text),
        _ => JsonValue.Create(value.ToString()),
    };
}
