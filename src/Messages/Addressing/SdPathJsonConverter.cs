using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>
/// JSON form of an <see cref="SdPath"/>: its URI string (<see cref="SdPath.ToUri"/>). A path on "the
/// current device" is written as the bare absolute path and read back as such.
/// </summary>
public sealed class SdPathJsonConverter : JsonConverter<SdPath>
{
    public override bool CanConvert(Type typeToConvert) => typeof(SdPath).IsAssignableFrom(typeToConvert);

    public override SdPath Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"SdPath must be a JSON string, got {reader.TokenType}.");
        }
        SdPath path;
        try
        {
            path = SdPath.Parse(reader.GetString()!);
        }
        catch (SdPathFormatException e)
        {
            throw new JsonException(e.Message, e);
        }
        return typeToConvert.IsInstanceOfType(path)
            ? path
            : throw new JsonException($"Expected a {typeToConvert.Name} SdPath, got '{path.ToUri()}'.");
    }

    public override void Write(Utf8JsonWriter writer, SdPath value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToUri());
}
