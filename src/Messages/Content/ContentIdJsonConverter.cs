using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>Writes a <see cref="ContentId"/> as its content_hash string; reading re-derives the UUID.</summary>
public sealed class ContentIdJsonConverter : JsonConverter<ContentId>
{
    public override ContentId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String
            ? reader.GetString()
            : throw new JsonException($"ContentId must be a JSON string, got {reader.TokenType}.");
        return ContentId.TryFromHash(text, out var id)
            ? id
            : throw new JsonException($"ContentId must be {ContentId.HashLength} lowercase hex characters, got '{text}'.");
    }

    public override void Write(Utf8JsonWriter writer, ContentId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Hash);
}
