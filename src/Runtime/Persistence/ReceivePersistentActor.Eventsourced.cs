using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Dispatch;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Persistence;

// The state machine of an event-sourced actor (Akka's Eventsourced): recovery, persisting, processing commands.
// Every answer from the journal or snapshot store comes back as a message to Self carrying this instance's id,
// so that answers meant for an earlier incarnation (before a restart) are dropped.
public abstract partial class ReceivePersistentActor
{
    private enum Phase
    {
        RecoveryStarted,
        Recovering,
        ProcessingCommands,
        PersistingEvents,
        Stopped,
    }

    private readonly LinkedList<Invocation> _pendingInvocations = new();
    private List<JournalItem> _journalBatch = [];
    // Commands waiting for recovery or a persist handler. Not the kernel's stash: the same message object may
    // legitimately wait twice in a row (a singleton command sent twice).
    private readonly List<Envelope> _internalStash = [];
    private IJournal _journal = null!;
    private ISnapshotStore? _snapshotStore;
    private Phase _phase = Phase.RecoveryStarted;
    private int _pendingStashingInvocations;
    private bool _writeInProgress;
    private long _sequenceNr;
    private Recovery _recovery = Recovery.Default;
    private int _replayBatchSize = DefaultReplayBatchSize;
    private long _replayFrom;
    private long _replayed;

    /// <summary>Events replayed per journal query (<c>spacedrive.persistence.replay-batch-size</c>).</summary>
    internal const int DefaultReplayBatchSize = 1000;

    /// <summary>The sequence number of the last event persisted or replayed (0 when none).</summary>
    public long LastSequenceNr { get; private set; }

    /// <summary>The sequence number a snapshot taken now gets (Akka: equal to <see cref="LastSequenceNr"/>).</summary>
    public long SnapshotSequenceNr => LastSequenceNr;

    /// <summary>True until <see cref="RecoveryCompleted"/> has been delivered.</summary>
    public bool IsRecovering => _phase is Phase.RecoveryStarted or Phase.Recovering;

    public bool IsRecoveryFinished => !IsRecovering;

    // ---- persisting ----

    /// <summary>
    /// Persists <paramref name="event"/>; <paramref name="handler"/> runs once it is durable. No command is handled
    /// in between (they are stashed). Wrap the event in <see cref="Tagged"/> to tag it.
    /// </summary>
    protected void Persist<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull =>
        PersistAll([@event], handler, stashing: true);

    /// <summary>Persists the events atomically (all or none); the handler runs once per event, in order.</summary>
    protected void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) where TEvent : notnull =>
        PersistAll(events, handler, stashing: true);

    /// <summary>Like <see cref="Persist{TEvent}"/>, but commands keep being handled while the write is in flight.</summary>
    protected void PersistAsync<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull =>
        PersistAll([@event], handler, stashing: false);

    /// <summary>Like <see cref="PersistAll{TEvent}"/>, but commands keep being handled while the write is in flight.</summary>
    protected void PersistAllAsync<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler) where TEvent : notnull =>
        PersistAll(events, handler, stashing: false);

    /// <summary>
    /// Runs <paramref name="handler"/> after the handlers of every event persisted before it, without writing
    /// anything; commands are stashed until then. Runs at once when nothing is pending.
    /// </summary>
    protected void Defer<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull => Defer(@event, handler, stashing: true);

    /// <summary>Like <see cref="Defer{TEvent}"/>, without stashing commands.</summary>
    protected void DeferAsync<TEvent>(TEvent @event, Action<TEvent> handler) where TEvent : notnull => Defer(@event, handler, stashing: false);

    private void PersistAll<TEvent>(IEnumerable<TEvent> events, Action<TEvent> handler, bool stashing) where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfCannotPersist();
        var reprs = new List<PersistentRepr>();
        foreach (var e in events)
        {
            _pendingInvocations.AddLast(new Invocation(e, o => handler((TEvent)o), stashing));
            if (stashing)
            {
                _pendingStashingInvocations++;
            }

            reprs.Add(new PersistentRepr(PersistenceId, ++_sequenceNr, e, WriterUuid: WriterUuid));
        }

        if (reprs.Count > 0)
        {
            _journalBatch.Add(new JournalItem(new AtomicWrite(reprs), null, Sender));
        }
    }

    private void Defer<TEvent>(TEvent @event, Action<TEvent> handler, bool stashing) where TEvent : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        ThrowIfCannotPersist();
        if (_pendingInvocations.Count == 0)
        {
            handler(@event);
            return;
        }

        _pendingInvocations.AddLast(new Invocation(@event, o => handler((TEvent)o), stashing));
        if (stashing)
        {
            _pendingStashingInvocations++;
        }

        _journalBatch.Add(new JournalItem(null, @event, Sender));
    }

    private void ThrowIfCannotPersist()
    {
        if (IsRecovering)
        {
            throw new InvalidOperationException(
                "Cannot persist during replay. Events can be persisted when receiving RecoveryCompleted or later.");
        }
    }

    // ---- snapshots and deletion ----

    /// <summary>Saves <paramref name="snapshot"/> at <see cref="SnapshotSequenceNr"/>; replies <see cref="SaveSnapshotSuccess"/> or <see cref="SaveSnapshotFailure"/>.</summary>
    protected void SaveSnapshot(object snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var metadata = new SnapshotMetadata(PersistenceId, SnapshotSequenceNr, Context.System.TimeProvider.GetUtcNow().UtcDateTime);
        var store = _snapshotStore;
        var self = Self;
        if (store is null)
        {
            self.Tell(new SaveSnapshotFailure(metadata, NoSnapshotStore()), null);
            return;
        }

        _ = Reply(store.SaveAsync(metadata, snapshot), self, () => new SaveSnapshotSuccess(metadata), e => new SaveSnapshotFailure(metadata, e));
    }

    /// <summary>Deletes the snapshot at <paramref name="sequenceNr"/>; replies <see cref="DeleteSnapshotSuccess"/> or <see cref="DeleteSnapshotFailure"/>.</summary>
    protected void DeleteSnapshot(long sequenceNr)
    {
        var metadata = new SnapshotMetadata(PersistenceId, sequenceNr);
        var self = Self;
        if (_snapshotStore is not { } store)
        {
            self.Tell(new DeleteSnapshotFailure(metadata, NoSnapshotStore()), null);
            return;
        }

        _ = Reply(store.DeleteAsync(metadata), self, () => new DeleteSnapshotSuccess(metadata), e => new DeleteSnapshotFailure(metadata, e));
    }

    /// <summary>Deletes the matching snapshots; replies <see cref="DeleteSnapshotsSuccess"/> or <see cref="DeleteSnapshotsFailure"/>.</summary>
    protected void DeleteSnapshots(SnapshotSelectionCriteria criteria)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        var self = Self;
        if (_snapshotStore is not { } store)
        {
            self.Tell(new DeleteSnapshotsFailure(criteria, NoSnapshotStore()), null);
            return;
        }

        _ = Reply(store.DeleteAsync(PersistenceId, criteria), self, () => new DeleteSnapshotsSuccess(criteria), e => new DeleteSnapshotsFailure(criteria, e));
    }

    /// <summary>
    /// Deletes the events up to <paramref name="toSequenceNr"/> (<c>long.MaxValue</c>: all); replies
    /// <see cref="DeleteMessagesSuccess"/> or <see cref="DeleteMessagesFailure"/>. The sequence numbering continues.
    /// </summary>
    protected void DeleteMessages(long toSequenceNr)
    {
        var self = Self;
        if (toSequenceNr != long.MaxValue && toSequenceNr > LastSequenceNr)
        {
            self.Tell(new DeleteMessagesFailure(
                new InvalidOperationException($"Unable to delete messages of '{PersistenceId}' up to {toSequenceNr}: the last sequence number is {LastSequenceNr}."),
                toSequenceNr), null);
            return;
        }

        var to = Math.Min(toSequenceNr, LastSequenceNr);
        _ = Reply(_journal.DeleteMessagesToAsync(PersistenceId, to), self, () => new DeleteMessagesSuccess(toSequenceNr), e => new DeleteMessagesFailure(e, toSequenceNr));
    }

    private InvalidOperationException NoSnapshotStore() =>
        new($"No snapshot store is registered under '{SnapshotPluginId ?? PersistenceExtension.DefaultPluginId}'.");

    private static async Task Reply(Task operation, IActorRef self, Func<object> success, Func<Exception, object> failure)
    {
        object reply;
        try
        {
            await operation.ConfigureAwait(false);
            reply = success();
        }
        catch (Exception e)
        {
            reply = failure(e);
        }

        self.Tell(reply, null);
    }

    // ---- lifecycle ----

    protected override void PreRestart(Exception reason, object? message)
    {
        _phase = Phase.Stopped;
        UnstashInternally();
        base.PreRestart(reason, message);
    }

    protected override void PostStop()
    {
        _phase = Phase.Stopped;
        UnstashInternally();
        base.PostStop();
    }

    // ---- the message loop ----

    protected internal sealed override bool Receive(object message)
    {
        if (message is InternalMessage internalMessage)
        {
            if (internalMessage.Instance == _instanceId)
            {
                HandleInternal(internalMessage);
            }

            return true;
        }

        if (_phase == Phase.ProcessingCommands)
        {
            RunCommand(message);
        }
        else
        {
            // Recovering, persisting, or stopping: the command waits (a stopped actor's stash goes to dead letters).
            _internalStash.Add(Cell.CurrentEnvelope);
        }

        return true;
    }

    private void RunCommand(object message)
    {
        // A command that throws persists nothing: what it persisted is taken back before the failure propagates.
        var (invocations, batch, stashing, sequenceNr) = (_pendingInvocations.Count, _journalBatch.Count, _pendingStashingInvocations, _sequenceNr);
        try
        {
            if (!Dispatch(_commands, message))
            {
                Unhandled(message);
            }
        }
        catch
        {
            while (_pendingInvocations.Count > invocations)
            {
                _pendingInvocations.RemoveLast();
            }

            _journalBatch.RemoveRange(batch, _journalBatch.Count - batch);
            (_pendingStashingInvocations, _sequenceNr) = (stashing, sequenceNr);
            throw;
        }

        AfterHandlers();
    }

    private void UnstashInternally()
    {
        if (_internalStash.Count == 0)
        {
            return;
        }

        Cell.Unstash([.. _internalStash]);
        _internalStash.Clear();
    }

    private void RunAsyncCommand(Func<Task> body) =>
        Cell.RunTask(async () =>
        {
            await body();
            AfterHandlers();
        });

    /// <summary>After a command or persist handler: write what it persisted, then stash or let commands in.</summary>
    private void AfterHandlers()
    {
        if (_phase is not (Phase.ProcessingCommands or Phase.PersistingEvents))
        {
            return;
        }

        FlushBatch();
        if (_pendingStashingInvocations > 0)
        {
            _phase = Phase.PersistingEvents;
        }
        else if (_phase == Phase.PersistingEvents)
        {
            _phase = Phase.ProcessingCommands;
            UnstashInternally();
        }
    }

    private void FlushBatch()
    {
        if (_writeInProgress || _journalBatch.Count == 0)
        {
            return;
        }

        var items = _journalBatch;
        _journalBatch = [];
        _writeInProgress = true;
        _ = WriteAsync(_journal, items, Self, _instanceId);
    }

    private static async Task WriteAsync(IJournal journal, List<JournalItem> items, IActorRef self, int instance)
    {
        var writes = new List<AtomicWrite>(items.Count);
        foreach (var item in items)
        {
            if (item.Write is not null)
            {
                writes.Add(item.Write);
            }
        }

        IReadOnlyList<Exception?> results = [];
        Exception? failure = null;
        try
        {
            if (writes.Count > 0)
            {
                results = await journal.WriteAsync(writes).ConfigureAwait(false);
            }
        }
        catch (Exception e)
        {
            failure = e;
        }

        var next = 0;
        foreach (var item in items)
        {
            if (item.Write is null)
            {
                self.Tell(new LoopSucceeded(instance, item.Deferred!), item.Sender);
                continue;
            }

            var outcome = failure ?? results[next++];
            foreach (var repr in item.Write.Payload)
            {
                self.Tell(outcome switch
                {
                    null => new WriteSucceeded(instance, repr),
                    EventRejectedException => new WriteRejected(instance, repr, outcome),
                    _ => new WriteFailed(instance, repr, outcome),
                }, item.Sender);
            }
        }

        self.Tell(new WritesFinished(instance), null);
    }

    private void HandleInternal(InternalMessage message)
    {
        if (_phase == Phase.Stopped)
        {
            return;
        }

        switch (message)
        {
            case SnapshotLoaded loaded:
                OnSnapshotLoaded(loaded);
                break;
            case Replayed replayed:
                if (_phase == Phase.Recovering)
                {
                    LastSequenceNr = replayed.Repr.SequenceNr;
                    RecoverOrFail(replayed.Repr.Payload);
                }

                break;
            case ReplayBatchDone batch:
                if (_phase == Phase.Recovering)
                {
                    _replayed += batch.Count;
                    RequestReplayBatch();
                }

                break;
            case RecoverySucceeded succeeded:
                OnRecoverySucceeded(succeeded.HighestSequenceNr);
                break;
            case RecoveryFailed failed:
                FailRecovery(failed.Cause, null);
                break;
            case WriteSucceeded written:
                LastSequenceNr = Math.Max(LastSequenceNr, written.Repr.SequenceNr);
                RunPendingInvocation(invoke: true);
                break;
            case LoopSucceeded:
                RunPendingInvocation(invoke: true);
                break;
            case WriteRejected rejected:
                RunPendingInvocation(invoke: false);
                OnPersistRejected(rejected.Cause, rejected.Repr.Payload, rejected.Repr.SequenceNr);
                break;
            case WriteFailed failed:
                _phase = Phase.Stopped;
                try
                {
                    OnPersistFailure(failed.Cause, failed.Repr.Payload, failed.Repr.SequenceNr);
                }
                finally
                {
                    Context.Stop(Self);
                }

                break;
            case WritesFinished:
                _writeInProgress = false;
                FlushBatch();
                break;
        }
    }

    private void RunPendingInvocation(bool invoke)
    {
        var invocation = _pendingInvocations.First?.Value
            ?? throw new InvalidOperationException($"'{PersistenceId}': a journal answer arrived with no pending persist handler.");
        _pendingInvocations.RemoveFirst();
        if (invocation.Stashing)
        {
            _pendingStashingInvocations--;
        }

        try
        {
            if (invoke)
            {
                invocation.Handler(invocation.Event);
            }
        }
        finally
        {
            AfterHandlers();
        }
    }

    // ---- recovery ----

    private void StartRecovery()
    {
        var extension = PersistenceExtension.Get(Context.System);
        JournalSerialization.ValidatePersistenceId(PersistenceId);
        _journal = extension.JournalFor(JournalPluginId);
        _snapshotStore = extension.SnapshotStoreFor(SnapshotPluginId);
        _replayBatchSize = Math.Max(1, Context.System.Settings.Config.GetInt("spacedrive.persistence.replay-batch-size", DefaultReplayBatchSize));
        var recovery = Recovery;
        _ = LoadSnapshotAsync(_snapshotStore, PersistenceId, recovery, Self, _instanceId);
    }

    private static async Task LoadSnapshotAsync(ISnapshotStore? store, string persistenceId, Recovery recovery, IActorRef self, int instance)
    {
        try
        {
            SelectedSnapshot? snapshot = null;
            var criteria = recovery.FromSnapshot;
            if (store is not null && criteria.MaxSequenceNr > 0 && recovery.ToSequenceNr > 0)
            {
                if (recovery.ToSequenceNr < criteria.MaxSequenceNr)
                {
                    criteria = criteria with { MaxSequenceNr = recovery.ToSequenceNr };
                }

                snapshot = await store.LoadAsync(persistenceId, criteria).ConfigureAwait(false);
            }

            self.Tell(new SnapshotLoaded(instance, snapshot, recovery), null);
        }
        catch (Exception e)
        {
            self.Tell(new RecoveryFailed(instance, e), null);
        }
    }

    private void OnSnapshotLoaded(SnapshotLoaded loaded)
    {
        if (_phase != Phase.RecoveryStarted)
        {
            return;
        }

        if (loaded.Snapshot is { } snapshot)
        {
            LastSequenceNr = snapshot.Metadata.SequenceNr;
            if (!RecoverOrFail(new SnapshotOffer(snapshot.Metadata, snapshot.Snapshot)))
            {
                return;
            }
        }

        _phase = Phase.Recovering;
        _recovery = loaded.Recovery;
        _replayFrom = LastSequenceNr + 1;
        RequestReplayBatch();
    }

    /// <summary>
    /// Replays the next batch (at most replay-batch-size events, so the mailbox never holds a whole history);
    /// a full batch asks for the next one, a short one ends the replay.
    /// </summary>
    private void RequestReplayBatch()
    {
        var max = Math.Min(_recovery.ReplayMax - _replayed, _replayBatchSize);
        _ = ReplayBatchAsync(_journal, PersistenceId, LastSequenceNr + 1, _recovery.ToSequenceNr, max, _replayFrom - 1, Self, _instanceId);
    }

    private static async Task ReplayBatchAsync(IJournal journal, string persistenceId, long from, long to, long max, long highestHint,
        IActorRef self, int instance)
    {
        try
        {
            long count = 0;
            if (to >= from && max > 0)
            {
                await journal.ReplayAsync(persistenceId, from, to, max, repr =>
                {
                    count++;
                    self.Tell(new Replayed(instance, repr), null);
                }).ConfigureAwait(false);
            }

            if (count > 0 && count == max)
            {
                self.Tell(new ReplayBatchDone(instance, count), null);
                return;
            }

            var highest = await journal.ReadHighestSequenceNrAsync(persistenceId, highestHint).ConfigureAwait(false);
            self.Tell(new RecoverySucceeded(instance, highest), null);
        }
        catch (Exception e)
        {
            self.Tell(new RecoveryFailed(instance, e), null);
        }
    }

    private void OnRecoverySucceeded(long highestSequenceNr)
    {
        if (_phase != Phase.Recovering)
        {
            return;
        }

        LastSequenceNr = Math.Max(LastSequenceNr, highestSequenceNr);
        _sequenceNr = LastSequenceNr;
        _phase = Phase.ProcessingCommands;
        if (!RecoverOrFail(RecoveryCompleted.Instance))
        {
            return;
        }

        FlushBatch();
        if (_pendingStashingInvocations > 0)
        {
            _phase = Phase.PersistingEvents;
        }
        else
        {
            UnstashInternally();
        }
    }

    /// <summary>Runs the recovery handlers; an exception fails recovery (and stops the actor).</summary>
    private bool RecoverOrFail(object message)
    {
        try
        {
            if (!Dispatch(_recovers, message) && message is not RecoveryCompleted)
            {
                Unhandled(message);
            }

            return true;
        }
        catch (Exception e)
        {
            FailRecovery(e, message);
            return false;
        }
    }

    private void FailRecovery(Exception cause, object? message)
    {
        _phase = Phase.Stopped;
        try
        {
            OnRecoveryFailure(cause, message);
        }
        finally
        {
            Context.Stop(Self);
        }
    }

    // ---- internal protocol ----

    private sealed record Invocation(object Event, Action<object> Handler, bool Stashing);

    private sealed record JournalItem(AtomicWrite? Write, object? Deferred, IActorRef Sender);

    private abstract record InternalMessage(int Instance) : IDeadLetterSuppression, INotInfluenceReceiveTimeout;

    private sealed record SnapshotLoaded(int Instance, SelectedSnapshot? Snapshot, Recovery Recovery) : InternalMessage(Instance);

    private sealed record Replayed(int Instance, PersistentRepr Repr) : InternalMessage(Instance);

    private sealed record ReplayBatchDone(int Instance, long Count) : InternalMessage(Instance);

    private sealed record RecoverySucceeded(int Instance, long HighestSequenceNr) : InternalMessage(Instance);

    private sealed record RecoveryFailed(int Instance, Exception Cause) : InternalMessage(Instance);

    private sealed record WriteSucceeded(int Instance, PersistentRepr Repr) : InternalMessage(Instance);

    private sealed record WriteRejected(int Instance, PersistentRepr Repr, Exception Cause) : InternalMessage(Instance);

    private sealed record WriteFailed(int Instance, PersistentRepr Repr, Exception Cause) : InternalMessage(Instance);

    private sealed record LoopSucceeded(int Instance, object Event) : InternalMessage(Instance);

    private sealed record WritesFinished(int Instance) : InternalMessage(Instance);
}
