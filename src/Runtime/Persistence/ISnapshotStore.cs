namespace Spacedrive.Runtime.Persistence;

/// <summary>Identifies a snapshot (Akka's <c>SnapshotMetadata</c>).</summary>
/// <param name="Timestamp">UTC; <see cref="DateTime.MinValue"/> on save means "now, by the store's clock".</param>
public sealed record SnapshotMetadata(string PersistenceId, long SequenceNr, DateTime Timestamp)
{
    public SnapshotMetadata(string persistenceId, long sequenceNr) : this(persistenceId, sequenceNr, DateTime.MinValue) { }
}

/// <summary>A loaded snapshot (Akka's <c>SelectedSnapshot</c>).</summary>
public sealed record SelectedSnapshot(SnapshotMetadata Metadata, object Snapshot);

/// <summary>
/// Which snapshots match (Akka's <c>SnapshotSelectionCriteria</c>): sequence number and timestamp within both bounds, inclusive.
/// </summary>
public sealed record SnapshotSelectionCriteria(long MaxSequenceNr, DateTime MaxTimestamp, long MinSequenceNr = 0, DateTime MinTimestamp = default)
{
    public SnapshotSelectionCriteria(long maxSequenceNr) : this(maxSequenceNr, DateTime.MaxValue) { }

    /// <summary>The most recent snapshot.</summary>
    public static SnapshotSelectionCriteria Latest { get; } = new(long.MaxValue, DateTime.MaxValue);

    /// <summary>No snapshot: recovery replays every event.</summary>
    public static SnapshotSelectionCriteria None { get; } = new(0, DateTime.MinValue);

    public bool IsMatch(SnapshotMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        return metadata.SequenceNr <= MaxSequenceNr && metadata.SequenceNr >= MinSequenceNr
            && metadata.Timestamp <= MaxTimestamp && metadata.Timestamp >= MinTimestamp;
    }
}

/// <summary>
/// Stores snapshots of persistent actors' state (Akka's <c>SnapshotStore</c>). Snapshots are serialized
/// through the <see cref="PersistenceSerializerRegistry"/> like events.
/// </summary>
public interface ISnapshotStore
{
    /// <summary>Saves (or overwrites, at the same persistence id and sequence number) a snapshot; completes when durable.</summary>
    Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default);

    /// <summary>
    /// The matching snapshot with the highest sequence number, or null. An unregistered manifest faults the task with
    /// <see cref="UnknownManifestException"/>.
    /// </summary>
    Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);

    /// <summary>Deletes the snapshot at exactly this persistence id and sequence number (the timestamp is ignored).</summary>
    Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default);

    /// <summary>Deletes every snapshot of the id that matches the criteria.</summary>
    Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default);
}
