using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>JSON form of every typed id: the canonical UUID string, also when used as a dictionary key.</summary>
public sealed class GuidIdJsonConverter<TId> : JsonConverter<TId> where TId : struct, IGuidId<TId>
{
    public override TId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"{typeof(TId).Name} must be a JSON string, got {reader.TokenType}.");
        }
        return ParseOrThrow(reader.GetString());
    }

    public override void Write(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) =>
        writer.WriteStringValue(GuidIds.Format(value.Value));

    public override TId ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        ParseOrThrow(reader.GetString());

    public override void WriteAsPropertyName(Utf8JsonWriter writer, TId value, JsonSerializerOptions options) =>
        writer.WritePropertyName(GuidIds.Format(value.Value));

    private static TId ParseOrThrow(string? text) =>
        GuidIds.TryParse<TId>(text, out var id)
            ? id
            : throw new JsonException($"{typeof(TId).Name} must be a non-empty UUID string, got '{text}'.");
}
