namespace Spacedrive.Runtime.Actor;

/// <summary>
/// The children of one actor, created on the first child. Locked because the user guardian's children
/// are created from any thread (<c>system.ActorOf</c>); inside an actor the lock is never contended.
/// A name stays taken until the parent has processed the child's death.
/// </summary>
internal sealed class ChildrenContainer
{
    private readonly Dictionary<string, InternalActorRef> _children = new(StringComparer.Ordinal);
    private Dictionary<string, ChildRestartStats>? _stats;
    private HashSet<string>? _toDie;
    private long _nameCounter;
    private bool _terminating;

    public bool HasChildrenToDie
    {
        get { lock (_children) return _toDie is { Count: > 0 }; }
    }

    public string NextName()
    {
        var n = Interlocked.Increment(ref _nameCounter);
        const string alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+~";
        Span<char> buffer = stackalloc char[12];
        var i = buffer.Length;
        do
        {
            buffer[--i] = alphabet[(int)(n & 63)];
            n >>= 6;
        } while (n != 0);
        buffer[--i] = '$';
        return new string(buffer[i..]);
    }

    public void Add(string name, InternalActorRef child)
    {
        lock (_children)
        {
            if (_terminating) throw new InvalidOperationException("Cannot create children while terminating or terminated");
            if (!_children.TryAdd(name, child)) throw new InvalidActorNameException($"Actor name [{name}] is not unique!");
        }
    }

    public InternalActorRef? Get(string name)
    {
        lock (_children) return _children.GetValueOrDefault(name);
    }

    public InternalActorRef[] Snapshot()
    {
        lock (_children) return [.. _children.Values];
    }

    public int Count
    {
        get { lock (_children) return _children.Count; }
    }

    private bool IsCurrent(IActorRef child, out string name)
    {
        name = child.Path.Name;
        return _children.TryGetValue(name, out var existing) && existing.Equals(child);
    }

    /// <summary>Removes the child (its death was processed); false when it is not (or no longer) ours.</summary>
    public bool Remove(IActorRef child)
    {
        lock (_children)
        {
            if (!IsCurrent(child, out var name)) return false;
            _children.Remove(name);
            _stats?.Remove(name);
            _toDie?.Remove(name);
            return true;
        }
    }

    public void MarkToDie(IActorRef child)
    {
        lock (_children)
        {
            if (IsCurrent(child, out var name)) (_toDie ??= new HashSet<string>(StringComparer.Ordinal)).Add(name);
        }
    }

    public bool IsToDie(IActorRef child)
    {
        lock (_children) return _toDie is not null && IsCurrent(child, out var name) && _toDie.Contains(name);
    }

    /// <summary>Refuses new children from now on and marks every child to die.</summary>
    public InternalActorRef[] StopAll()
    {
        lock (_children)
        {
            _terminating = true;
            _toDie ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var name in _children.Keys) _toDie.Add(name);
            return [.. _children.Values];
        }
    }

    public ChildRestartStats? StatsFor(IActorRef child)
    {
        lock (_children)
        {
            if (!IsCurrent(child, out var name)) return null;
            _stats ??= new Dictionary<string, ChildRestartStats>(StringComparer.Ordinal);
            if (!_stats.TryGetValue(name, out var stats)) _stats[name] = stats = new ChildRestartStats(_children[name]);
            return stats;
        }
    }

    /// <summary>Stats of every child that is not being stopped.</summary>
    public IReadOnlyList<ChildRestartStats> LiveStats()
    {
        lock (_children)
        {
            _stats ??= new Dictionary<string, ChildRestartStats>(StringComparer.Ordinal);
            var result = new List<ChildRestartStats>(_children.Count);
            foreach (var (name, child) in _children)
            {
                if (_toDie is not null && _toDie.Contains(name)) continue;
                if (!_stats.TryGetValue(name, out var stats)) _stats[name] = stats = new ChildRestartStats(child);
                result.Add(stats);
            }
            return result;
        }
    }
}
