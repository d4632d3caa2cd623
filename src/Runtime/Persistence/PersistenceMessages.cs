namespace Spacedrive.Runtime.Persistence;

/// <summary>Delivered to the recovery handlers first when recovery starts from a snapshot (Akka's <c>SnapshotOffer</c>).</summary>
public sealed record SnapshotOffer(SnapshotMetadata Metadata, object Snapshot);

/// <summary>
/// Delivered to the recovery handlers once recovery finished (always, also for a new persistence id), before any command.
/// </summary>
public sealed record RecoveryCompleted
{
    private RecoveryCompleted() { }

    public static RecoveryCompleted Instance { get; } = new();
}

/// <summary>How a persistent actor recovers (Akka's <c>Recovery</c>).</summary>
/// <param name="FromSnapshot">Which snapshot to start from; <see cref="SnapshotSelectionCriteria.None"/> replays every event.</param>
/// <param name="ToSequenceNr">Replay events up to this sequence number (inclusive).</param>
/// <param name="ReplayMax">Replay at most this many events.</param>
public sealed record Recovery(SnapshotSelectionCriteria FromSnapshot, long ToSequenceNr = long.MaxValue, long ReplayMax = long.MaxValue)
{
    /// <summary>Latest snapshot, then every later event.</summary>
    public static Recovery Default { get; } = new(SnapshotSelectionCriteria.Latest);

    /// <summary>No snapshot and no replay; new events still continue after the highest stored sequence number.</summary>
    public static Recovery None { get; } = new(SnapshotSelectionCriteria.None, 0);
}

/// <summary>Reply to <c>SaveSnapshot</c>, delivered as a command.</summary>
public sealed record SaveSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Reply to <c>SaveSnapshot</c>, delivered as a command.</summary>
public sealed record SaveSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Reply to <c>DeleteMessages</c>, delivered as a command.</summary>
public sealed record DeleteMessagesSuccess(long ToSequenceNr);

/// <summary>Reply to <c>DeleteMessages</c>, delivered as a command.</summary>
public sealed record DeleteMessagesFailure(Exception Cause, long ToSequenceNr);

/// <summary>Reply to <c>DeleteSnapshot</c>, delivered as a command.</summary>
public sealed record DeleteSnapshotSuccess(SnapshotMetadata Metadata);

/// <summary>Reply to <c>DeleteSnapshot</c>, delivered as a command.</summary>
public sealed record DeleteSnapshotFailure(SnapshotMetadata Metadata, Exception Cause);

/// <summary>Reply to <c>DeleteSnapshots</c>, delivered as a command.</summary>
public sealed record DeleteSnapshotsSuccess(SnapshotSelectionCriteria Criteria);

/// <summary>Reply to <c>DeleteSnapshots</c>, delivered as a command.</summary>
public sealed record DeleteSnapshotsFailure(SnapshotSelectionCriteria Criteria, Exception Cause);
