using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>
/// JSON form of an <see cref="SdPath"/> (and of each of its cases): its URI string
/// (<see cref="SdPath.ToUri"/>). A path on "the current device" is written as the bare absolute path
/// and read back as such. A factory, so that fields typed as a case (<c>SdPath.Local</c>) use the
/// same string form; cases are listed explicitly rather than built by reflection (trimming-safe).
/// </summary>
public sealed class SdPathJsonConverter : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeof(SdPath).IsAssignableFrom(typeToConvert);

    public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        typeToConvert == typeof(SdPath.Local) ? new Typed<SdPath.Local>()
        : typeToConvert == typeof(SdPath.Content) ? new Typed<SdPath.Content>()
        : typeToConvert == typeof(SdPath.Sidecar) ? new Typed<SdPath.Sidecar>()
        : new Typed<SdPath>();

    private sealed class Typed<T> : JsonConverter<T> where T : SdPath
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
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
            return path as T ?? throw new JsonException($"Expected a {typeof(T).Name} SdPath, got '{path.ToUri()}'.");
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUri());
    }
}
