namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// The write side of an event journal (Akka's <c>AsyncWriteJournal</c> plus <c>IAsyncRecovery</c>).
/// Implementations serialize payloads through a <see cref="PersistenceSerializerRegistry"/>; nothing
/// resolves a type name read from storage.
/// </summary>
public interface IJournal
{
    /// <summary>
    /// Stores the writes. The task completes only after the writes are durable (committed).
    /// The result has one entry per write, in order: <c>null</c> when stored, otherwise the reason it
    /// alone was not stored: <see cref="EventRejectedException"/> (e.g. the payload type is not
    /// registered; the journal is fine and the writer may continue) or
    /// <see cref="SequenceNumberConflictException"/> (another writer holds those sequence numbers).
    /// A faulted task means the journal failed and the outcome of every write is unknown.
    /// Each write is all-or-nothing.
    /// </summary>
    Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default);

    /// <summary>
    /// Calls <paramref name="recoveryCallback"/> for each non-deleted event of <paramref name="persistenceId"/>
    /// with <paramref name="fromSequenceNr"/> ≤ sequence nr ≤ <paramref name="toSequenceNr"/>, in order, at most
    /// <paramref name="max"/> of them. A payload whose manifest is not registered faults the task with
    /// <see cref="UnknownManifestException"/>.
    /// </summary>
    Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepr> recoveryCallback, CancellationToken cancellationToken = default);

    /// <summary>
    /// The highest sequence number ever written for the id (0 if none), deleted events included:
    /// deletion never resets it. <paramref name="fromSequenceNr"/> is a hint (the caller knows nothing lower matters).
    /// </summary>
    Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Deletes every event of the id up to <paramref name="toSequenceNr"/> (inclusive). The highest sequence
    /// number stays known. Deleted events are never replayed.
    /// </summary>
    Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default);
}

/// <summary>
/// The "current" queries of Akka.Persistence.Query over a journal: they return what is stored when called.
/// </summary>
public interface IReadJournal
{
    /// <summary>
    /// Persistence ids that have at least one non-deleted event, each once, in ordinal order;
    /// only those that start with <paramref name="prefix"/> (e.g. <c>job-</c>) when it is given.
    /// </summary>
    Task<IReadOnlyList<string>> CurrentPersistenceIdsAsync(string? prefix = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Non-deleted events tagged <paramref name="tag"/> with an offset (global ordering) strictly greater than
    /// <paramref name="offset"/> (0 = from the start), in offset order, at most <paramref name="max"/>.
    /// Page by passing the last envelope's <see cref="EventEnvelope.Offset"/>.
    /// </summary>
    Task<IReadOnlyList<EventEnvelope>> CurrentEventsByTagAsync(string tag, long offset = 0, int max = int.MaxValue, CancellationToken cancellationToken = default);
}

/// <summary>
/// Wraps an event to persist it with tags (Akka's <c>Tagged</c>). The journal stores <see cref="Payload"/>
/// and writes the tags to its tag table; replay delivers the bare payload.
/// </summary>
public sealed record Tagged(object Payload, IReadOnlyList<string> Tags)
{
    public Tagged(object payload, params string[] tags) : this(payload, (IReadOnlyList<string>)tags) { }
}
