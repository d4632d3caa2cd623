using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spacedrive.Node.Api;

/// <summary>
/// The one JSON shape of the API and of `sd --json`: snake_case names, enums as snake_case strings,
/// nulls omitted. Documented in docs/API.md; changing it breaks users' scripts.
/// </summary>
public static class ApiJson
{
    public static JsonSerializerOptions Options { get; } = Create(indented: false);
    public static JsonSerializerOptions Indented { get; } = Create(indented: true);

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = indented,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
