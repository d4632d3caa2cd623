using System.Collections.Concurrent;

namespace Spacedrive.Actors.Indexing;

/// <summary>Collects non-fatal errors from any thread; keeps the first N, counts all.</summary>
public sealed class ErrorSink(int keep = 1_000)
{
    private readonly ConcurrentQueue<IndexError> _kept = new();
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<IndexError> Kept => [.. _kept];

    public void Add(string path, string kind, string message)
    {
        if (Interlocked.Increment(ref _count) <= keep)
        {
            _kept.Enqueue(new IndexError(path, kind, message));
        }
    }
}

/// <summary>Lets a report through at most once per interval (progress, checkpoints by time).</summary>
internal sealed class Throttle(TimeSpan interval, TimeProvider clock)
{
    private long _last = clock.GetTimestamp();

    public bool Due(bool force = false)
    {
        var now = clock.GetTimestamp();
        if (!force && clock.GetElapsedTime(_last, now) < interval)
        {
            return false;
        }
        _last = now;
        return true;
    }
}
