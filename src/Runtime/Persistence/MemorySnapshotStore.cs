namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// A thread-safe in-memory snapshot store for tests; snapshots are serialized through the registry like in the
/// SQLite store. <see cref="WithRegistry"/> opens the same snapshots with another registry.
/// </summary>
public sealed class MemorySnapshotStore : ISnapshotStore
{
    private readonly Store _store;
    private readonly PersistenceSerializerRegistry _registry;
    private readonly TimeProvider _time;

    public MemorySnapshotStore(PersistenceSerializerRegistry registry, TimeProvider? timeProvider = null)
        : this(new Store(), registry, timeProvider ?? TimeProvider.System) { }

    private MemorySnapshotStore(Store store, PersistenceSerializerRegistry registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _store = store;
        _registry = registry;
        _time = time;
    }

    public MemorySnapshotStore WithRegistry(PersistenceSerializerRegistry registry) => new(_store, registry, _time);

    public Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        try
        {
            JournalSerialization.ValidatePersistenceId(metadata.PersistenceId);
            var serialized = _registry.Serialize(snapshot);
            var timestamp = metadata.Timestamp == DateTime.MinValue ? _time.GetUtcNow().UtcDateTime : metadata.Timestamp;
            lock (_store.Gate)
            {
                _store.Rows[(metadata.PersistenceId, metadata.SequenceNr)] = (serialized, timestamp);
            }

            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        try
        {
            (SnapshotMetadata Meta, SerializedPayload Data)? best = null;
            lock (_store.Gate)
            {
                foreach (var ((pid, seq), (data, timestamp)) in _store.Rows)
                {
                    var meta = new SnapshotMetadata(pid, seq, timestamp);
                    if (pid == persistenceId && criteria.IsMatch(meta) && (best is null || seq > best.Value.Meta.SequenceNr))
                    {
                        best = (meta, data);
                    }
                }
            }

            if (best is not { } b)
            {
                return Task.FromResult<SelectedSnapshot?>(null);
            }

            var snapshot = _registry.Deserialize(b.Data.Manifest, b.Data.Data, persistenceId, b.Meta.SequenceNr);
            return Task.FromResult<SelectedSnapshot?>(new SelectedSnapshot(b.Meta, snapshot));
        }
        catch (Exception e)
        {
            return Task.FromException<SelectedSnapshot?>(e);
        }
    }

    public Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        lock (_store.Gate)
        {
            _store.Rows.Remove((metadata.PersistenceId, metadata.SequenceNr));
        }

        return Task.CompletedTask;
    }

    public Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(criteria);
        lock (_store.Gate)
        {
            var doomed = _store.Rows
                .Where(kv => kv.Key.PersistenceId == persistenceId && criteria.IsMatch(new SnapshotMetadata(kv.Key.PersistenceId, kv.Key.SequenceNr, kv.Value.Timestamp)))
                .Select(kv => kv.Key)
                .ToList();
            foreach (var key in doomed)
            {
                _store.Rows.Remove(key);
            }
        }

        return Task.CompletedTask;
    }

    private sealed class Store
    {
        public Lock Gate { get; } = new();
        public Dictionary<(string PersistenceId, long SequenceNr), (SerializedPayload Data, DateTime Timestamp)> Rows { get; } = [];
    }
}
