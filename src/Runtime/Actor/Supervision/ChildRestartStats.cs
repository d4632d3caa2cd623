namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Restart bookkeeping for one child, with Akka's rules: no limit (null/-1) always restarts; 0 never;
/// N without window allows N restarts in the child's life; N within W opens the window at the first
/// restart, allows N restarts in it, and resets once W has passed.
/// </summary>
public sealed class ChildRestartStats(IActorRef child)
{
    private long _windowStartMilliseconds = -1;

    public IActorRef Child { get; } = child;
    public int MaxNrOfRetriesCount { get; private set; }

    internal bool RequestRestartPermission(int? maxNrOfRetries, TimeSpan? withinTimeRange, long nowMilliseconds)
    {
        var retries = maxNrOfRetries is -1 ? null : maxNrOfRetries;
        var window = withinTimeRange is { } w && w > TimeSpan.Zero && w != Timeout.InfiniteTimeSpan ? w : (TimeSpan?)null;
        if (retries == 0) return false;
        if (window is null)
        {
            if (retries is null) return true;
            MaxNrOfRetriesCount++;
            return MaxNrOfRetriesCount <= retries;
        }
        return RetriesInWindowOkay(retries ?? 1, (long)window.Value.TotalMilliseconds, nowMilliseconds);
    }

    private bool RetriesInWindowOkay(int retries, long windowMilliseconds, long now)
    {
        var retriesDone = MaxNrOfRetriesCount + 1;
        if (_windowStartMilliseconds < 0) _windowStartMilliseconds = now;
        if (now - _windowStartMilliseconds <= windowMilliseconds)
        {
            MaxNrOfRetriesCount = retriesDone;
            return retriesDone <= retries;
        }
        MaxNrOfRetriesCount = 1;
        _windowStartMilliseconds = now;
        return true;
    }
}
