namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// A thread-safe in-memory journal for tests. It serializes every event through the registry like the
/// SQLite journal, so an unregistered type is rejected and an unknown manifest fails replay the same way.
/// <see cref="WithRegistry"/> opens the same events with another registry (a "restart with other code").
/// </summary>
public sealed class MemoryJournal : IJournal, IReadJournal
{
    private readonly Store _store;
    private readonly PersistenceSerializerRegistry _registry;
    private readonly TimeProvider _time;

    public MemoryJournal(PersistenceSerializerRegistry registry, TimeProvider? timeProvider = null)
        : this(new Store(), registry, timeProvider ?? TimeProvider.System) { }

    private MemoryJournal(Store store, PersistenceSerializerRegistry registry, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _store = store;
        _registry = registry;
        _time = time;
    }

    /// <summary>A journal over the same stored events that reads and writes with <paramref name="registry"/>.</summary>
    public MemoryJournal WithRegistry(PersistenceSerializerRegistry registry) => new(_store, registry, _time);

    public Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        cancellationToken.ThrowIfCancellationRequested();
        var now = _time.GetUtcNow().UtcTicks;
        var results = new Exception?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            SerializedEvent[] events;
            try
            {
                events = JournalSerialization.Serialize(_registry, writes[i], now);
            }
            catch (Exception e) when (e is EventRejectedException or ArgumentException)
            {
                results[i] = e as EventRejectedException ?? new EventRejectedException(e.Message, e);
                continue;
            }

            results[i] = _store.Append(writes[i], events);
        }

        return Task.FromResult<IReadOnlyList<Exception?>>(results);
    }

    public Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepr> recoveryCallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(recoveryCallback);
        try
        {
            foreach (var row in _store.Range(persistenceId, fromSequenceNr, toSequenceNr, max))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var e = row.Event;
                recoveryCallback(JournalSerialization.Deserialize(_registry, e.PersistenceId, e.SequenceNr, e.Manifest, e.Data, e.WriterUuid, e.Timestamp, e.Tags));
            }

            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.Highest(persistenceId));

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        _store.DeleteTo(persistenceId, toSequenceNr);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> CurrentPersistenceIdsAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(_store.PersistenceIds(prefix ?? ""));

    public Task<IReadOnlyList<EventEnvelope>> CurrentEventsByTagAsync(string tag, long offset = 0, int max = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        try
        {
            var rows = _store.ByTag(tag, offset, max);
            var result = new EventEnvelope[rows.Count];
            for (var i = 0; i < rows.Count; i++)
            {
                var e = rows[i].Event;
                var payload = _registry.Deserialize(e.Manifest, e.Data, e.PersistenceId, e.SequenceNr);
                result[i] = new EventEnvelope(rows[i].Ordering, e.PersistenceId, e.SequenceNr, payload, e.Timestamp, e.Tags);
            }

            return Task.FromResult<IReadOnlyList<EventEnvelope>>(result);
        }
        catch (Exception e)
        {
            return Task.FromException<IReadOnlyList<EventEnvelope>>(e);
        }
    }

    private sealed class Row(long ordering, SerializedEvent e)
    {
        public long Ordering { get; } = ordering;
        public SerializedEvent Event { get; } = e;
        public bool Deleted { get; set; }
    }

    private sealed class Store
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<string, SortedList<long, Row>> _byId = new(StringComparer.Ordinal);
        private readonly SortedList<long, Row> _byOrdering = [];
        private long _ordering;

        public Exception? Append(AtomicWrite write, SerializedEvent[] events)
        {
            lock (_gate)
            {
                if (!_byId.TryGetValue(write.PersistenceId, out var rows))
                {
                    rows = [];
                    _byId.Add(write.PersistenceId, rows);
                }

                foreach (var e in events)
                {
                    if (rows.ContainsKey(e.SequenceNr))
                    {
                        return new SequenceNumberConflictException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr);
                    }
                }

                foreach (var e in events)
                {
                    var row = new Row(++_ordering, e);
                    rows.Add(e.SequenceNr, row);
                    _byOrdering.Add(row.Ordering, row);
                }

                return null;
            }
        }

        public List<Row> Range(string persistenceId, long from, long to, long max)
        {
            var result = new List<Row>();
            lock (_gate)
            {
                if (max <= 0 || !_byId.TryGetValue(persistenceId, out var rows))
                {
                    return result;
                }

                foreach (var row in rows.Values)
                {
                    if (row.Event.SequenceNr > to || result.Count >= max)
                    {
                        break;
                    }

                    if (row.Event.SequenceNr >= from && !row.Deleted)
                    {
                        result.Add(row);
                    }
                }
            }

            return result;
        }

        public long Highest(string persistenceId)
        {
            lock (_gate)
            {
                return _byId.TryGetValue(persistenceId, out var rows) && rows.Count > 0 ? rows.Keys[^1] : 0;
            }
        }

        // Akka.Persistence.Sql's algorithm: mark deleted, then drop every deleted row but the highest (the tombstone
        // that keeps the highest sequence number).
        public void DeleteTo(string persistenceId, long to)
        {
            lock (_gate)
            {
                if (!_byId.TryGetValue(persistenceId, out var rows))
                {
                    return;
                }

                long maxDeleted = 0;
                foreach (var row in rows.Values)
                {
                    if (row.Event.SequenceNr > to)
                    {
                        break;
                    }

                    row.Deleted = true;
                    maxDeleted = row.Event.SequenceNr;
                }

                while (rows.Count > 0 && rows.Keys[0] < maxDeleted)
                {
                    _byOrdering.Remove(rows.Values[0].Ordering);
                    rows.RemoveAt(0);
                }
            }
        }

        public IReadOnlyList<string> PersistenceIds(string prefix)
        {
            lock (_gate)
            {
                return [.. _byId
                    .Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && kv.Value.Values.Any(r => !r.Deleted))
                    .Select(kv => kv.Key)
                    .Order(StringComparer.Ordinal)];
            }
        }

        public List<Row> ByTag(string tag, long offset, int max)
        {
            var result = new List<Row>();
            lock (_gate)
            {
                foreach (var row in _byOrdering.Values)
                {
                    if (result.Count >= max)
                    {
                        break;
                    }

                    if (row.Ordering > offset && !row.Deleted && row.Event.Tags.Contains(tag, StringComparer.Ordinal))
                    {
                        result.Add(row);
                    }
                }
            }

            return result;
        }
    }
}
