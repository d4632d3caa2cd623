namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// One event as the journal stores it (Akka's <c>IPersistentRepresentation</c>).
/// On write, <see cref="Manifest"/> is ignored (the serializer registry chooses it) and a zero
/// <see cref="Timestamp"/> is replaced by the journal's clock. On replay every field is filled.
/// </summary>
/// <param name="PersistenceId">The entity's id, stable across incarnations and unique in the journal.</param>
/// <param name="SequenceNr">1..n without gaps per persistence id, assigned by the writer.</param>
/// <param name="Payload">The event (deserialized on replay).</param>
/// <param name="Manifest">The registered manifest of the payload, e.g. <c>jobs.JobQueued.v1</c>.</param>
/// <param name="WriterUuid">The writing actor incarnation (Akka's replay filter uses it).</param>
/// <param name="Timestamp">UTC ticks at write time (Akka: <c>DateTime.UtcNow.Ticks</c>).</param>
/// <param name="IsDeleted">Logically deleted (only the tombstone of a delete-to keeps this flag).</param>
/// <param name="Tags">Tags written to the <c>tags</c> table, queried by <see cref="IReadJournal.CurrentEventsByTagAsync"/>.</param>
public sealed record PersistentRepr(
    string PersistenceId,
    long SequenceNr,
    object Payload,
    string Manifest = "",
    string WriterUuid = "",
    long Timestamp = 0,
    bool IsDeleted = false,
    IReadOnlyList<string>? Tags = null)
{
    /// <summary>Never null: an event without tags has an empty list.</summary>
    public IReadOnlyList<string> Tags { get; init; } = Tags ?? [];

    /// <summary>The write time as a UTC <see cref="DateTime"/>.</summary>
    public DateTime TimestampUtc => new(Timestamp, DateTimeKind.Utc);

    public override string ToString() => $"PersistentRepr<{PersistenceId}#{SequenceNr} {Manifest}>";
}

/// <summary>
/// Events of one persistence id that are stored together or not at all (Akka's <c>AtomicWrite</c>):
/// recovery never sees part of it. Sequence numbers must be contiguous and increasing.
/// </summary>
public sealed class AtomicWrite
{
    public AtomicWrite(PersistentRepr single) : this([single]) { }

    public AtomicWrite(IReadOnlyList<PersistentRepr> payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        if (payload.Count == 0)
        {
            throw new ArgumentException("An atomic write holds at least one event.", nameof(payload));
        }

        var first = payload[0];
        for (var i = 1; i < payload.Count; i++)
        {
            if (!string.Equals(payload[i].PersistenceId, first.PersistenceId, StringComparison.Ordinal))
            {
                throw new ArgumentException(
                    $"An atomic write holds events of one persistence id; got '{first.PersistenceId}' and '{payload[i].PersistenceId}'.", nameof(payload));
            }

            if (payload[i].SequenceNr != first.SequenceNr + i)
            {
                throw new ArgumentException(
                    $"Sequence numbers of an atomic write must be contiguous; '{first.PersistenceId}' #{payload[i].SequenceNr} follows #{payload[i - 1].SequenceNr}.", nameof(payload));
            }
        }

        if (first.SequenceNr < 1)
        {
            throw new ArgumentException($"Sequence numbers start at 1; got {first.SequenceNr} for '{first.PersistenceId}'.", nameof(payload));
        }

        Payload = payload;
    }

    public IReadOnlyList<PersistentRepr> Payload { get; }
    public string PersistenceId => Payload[0].PersistenceId;
    public long LowestSequenceNr => Payload[0].SequenceNr;
    public long HighestSequenceNr => Payload[^1].SequenceNr;
    public int Count => Payload.Count;

    public override string ToString() => $"AtomicWrite<{PersistenceId}#{LowestSequenceNr}..{HighestSequenceNr}>";
}

/// <summary>An event returned by a query (Akka.Persistence.Query's <c>EventEnvelope</c>).</summary>
/// <param name="Offset">The journal's global <c>ordering</c>; pass it back as the exclusive offset of the next page.</param>
public sealed record EventEnvelope(
    long Offset,
    string PersistenceId,
    long SequenceNr,
    object Event,
    long Timestamp,
    IReadOnlyList<string> Tags);
