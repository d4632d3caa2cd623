namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// A stored payload has a manifest no serializer is registered for. Recovery fails loudly with it:
/// nothing is ever resolved from a type name read from storage.
/// </summary>
public sealed class UnknownManifestException : Exception
{
    public UnknownManifestException(string manifest, string persistenceId, long sequenceNr)
        : base($"Cannot deserialize '{persistenceId}' #{sequenceNr}: manifest '{manifest}' is not registered in the persistence serializer registry.")
    {
        Manifest = manifest;
        PersistenceId = persistenceId;
        SequenceNr = sequenceNr;
    }

    public UnknownManifestException() : this("", "", 0) { }
    public UnknownManifestException(string message) : base(message) { Manifest = ""; PersistenceId = ""; }
    public UnknownManifestException(string message, Exception innerException) : base(message, innerException) { Manifest = ""; PersistenceId = ""; }

    public string Manifest { get; }
    public string PersistenceId { get; }
    /// <summary>The event's sequence number, or the snapshot's.</summary>
    public long SequenceNr { get; }
}

/// <summary>A stored payload could not be deserialized although its manifest is registered.</summary>
public sealed class PayloadDeserializationException : Exception
{
    public PayloadDeserializationException() { }
    public PayloadDeserializationException(string message) : base(message) { }
    public PayloadDeserializationException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The journal did not store a write but is healthy (Akka: a rejection, <c>OnPersistRejected</c>); for
/// example the payload's type is not registered or cannot be serialized.
/// </summary>
public sealed class EventRejectedException : Exception
{
    public EventRejectedException() { }
    public EventRejectedException(string message) : base(message) { }
    public EventRejectedException(string message, Exception innerException) : base(message, innerException) { }
}

/// <summary>
/// The journal already holds one of the write's sequence numbers: two writers use the same persistence id.
/// Only this write failed.
/// </summary>
public sealed class SequenceNumberConflictException : Exception
{
    public SequenceNumberConflictException(string persistenceId, long lowestSequenceNr, long highestSequenceNr, Exception? innerException = null)
        : base($"'{persistenceId}' already has an event in #{lowestSequenceNr}..{highestSequenceNr}: two writers use this persistence id.", innerException)
    {
        PersistenceId = persistenceId;
        LowestSequenceNr = lowestSequenceNr;
        HighestSequenceNr = highestSequenceNr;
    }

    public SequenceNumberConflictException() : this("", 0, 0) { }
    public SequenceNumberConflictException(string message) : base(message) { PersistenceId = ""; }
    public SequenceNumberConflictException(string message, Exception innerException) : base(message, innerException) { PersistenceId = ""; }

    public string PersistenceId { get; }
    public long LowestSequenceNr { get; }
    public long HighestSequenceNr { get; }
}
