namespace Spacedrive.Runtime.Persistence;

/// <summary>An event ready for storage: what a journal implementation writes into its rows.</summary>
public sealed record SerializedEvent(
    string PersistenceId,
    long SequenceNr,
    string Manifest,
    byte[] Data,
    string WriterUuid,
    long Timestamp,
    IReadOnlyList<string> Tags);

/// <summary>Shared by journal implementations: turns writes into rows, and rows back into events.</summary>
public static class JournalSerialization
{
    /// <summary>Longest tag accepted (the width of Akka.Persistence.Sql's <c>tags.tag</c> column).</summary>
    public const int MaxTagLength = 64;

    /// <summary>Longest persistence id accepted (the width of Akka.Persistence.Sql's <c>persistence_id</c> column).</summary>
    public const int MaxPersistenceIdLength = 255;

    /// <summary>
    /// Serializes every event of <paramref name="write"/>. A <see cref="Tagged"/> payload is unwrapped and its tags
    /// merged with <see cref="PersistentRepr.Tags"/>; a zero timestamp becomes <paramref name="nowTicks"/>.
    /// </summary>
    /// <exception cref="EventRejectedException">A payload cannot be serialized, or a tag or id is invalid.</exception>
    public static SerializedEvent[] Serialize(PersistenceSerializerRegistry registry, AtomicWrite write, long nowTicks)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(write);
        ValidatePersistenceId(write.PersistenceId);
        var result = new SerializedEvent[write.Count];
        for (var i = 0; i < result.Length; i++)
        {
            var repr = write.Payload[i];
            var payload = repr.Payload;
            IReadOnlyList<string> tags = repr.Tags;
            if (payload is Tagged tagged)
            {
                payload = tagged.Payload;
                tags = tags.Count == 0 ? tagged.Tags : [.. tags, .. tagged.Tags];
            }

            SerializedPayload serialized;
            try
            {
                serialized = registry.Serialize(payload);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new EventRejectedException($"'{repr.PersistenceId}' #{repr.SequenceNr} rejected: {e.Message}", e);
            }

            result[i] = new SerializedEvent(repr.PersistenceId, repr.SequenceNr, serialized.Manifest, serialized.Data,
                repr.WriterUuid, repr.Timestamp == 0 ? nowTicks : repr.Timestamp, NormalizeTags(tags, repr));
        }

        return result;
    }

    /// <summary>Deserializes a stored row into the event replay delivers.</summary>
    public static PersistentRepr Deserialize(PersistenceSerializerRegistry registry, string persistenceId, long sequenceNr,
        string manifest, ReadOnlySpan<byte> data, string writerUuid, long timestamp, IReadOnlyList<string> tags)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var payload = registry.Deserialize(manifest, data, persistenceId, sequenceNr);
        return new PersistentRepr(persistenceId, sequenceNr, payload, manifest, writerUuid, timestamp, false, tags);
    }

    /// <exception cref="ArgumentException">Empty, too long, or containing control characters.</exception>
    public static void ValidatePersistenceId(string persistenceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(persistenceId);
        if (persistenceId.Length > MaxPersistenceIdLength || persistenceId.Any(char.IsControl))
        {
            throw new ArgumentException($"A persistence id has 1..{MaxPersistenceIdLength} characters and no control characters: '{persistenceId}'.", nameof(persistenceId));
        }
    }

    private static string[] NormalizeTags(IReadOnlyList<string> tags, PersistentRepr repr)
    {
        if (tags.Count == 0)
        {
            return [];
        }

        var distinct = new List<string>(tags.Count);
        foreach (var tag in tags)
        {
            if (string.IsNullOrEmpty(tag) || tag.Length > MaxTagLength || tag.Any(char.IsControl))
            {
                throw new EventRejectedException(
                    $"'{repr.PersistenceId}' #{repr.SequenceNr} rejected: a tag has 1..{MaxTagLength} characters and no control characters, got '{tag}'.");
            }

            if (!distinct.Contains(tag, StringComparer.Ordinal))
            {
                distinct.Add(tag);
            }
        }

        return [.. distinct];
    }
}
