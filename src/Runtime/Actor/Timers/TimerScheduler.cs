using Spacedrive.Runtime.Scheduling;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Timers of one actor incarnation. Each start gets a new generation; the message travels wrapped in a
/// <see cref="TimerMessage"/> and is dropped at dequeue when its key's generation (or its owner) is stale.
/// </summary>
internal sealed class TimerScheduler(ActorCell cell) : ITimerScheduler
{
    private Dictionary<object, ActiveTimer>? _timers;
    private int _generation;

    private sealed record ActiveTimer(object Message, bool Repeat, int Generation, ICancelable Task);

    internal sealed record TimerMessage(object Key, int Generation, TimerScheduler Owner);

    public IReadOnlyCollection<object> ActiveTimers => _timers is null ? [] : _timers.Keys.ToArray();

    public void StartSingleTimer(object key, object message, TimeSpan timeout) => Start(key, message, timeout, null);

    public void StartPeriodicTimer(object key, object message, TimeSpan interval) => Start(key, message, interval, interval);

    public void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval) =>
        Start(key, message, initialDelay, interval);

    public bool IsTimerActive(object key) => _timers?.ContainsKey(key) ?? false;

    public void Cancel(object key)
    {
        if (_timers is not null && _timers.Remove(key, out var timer)) timer.Task.Cancel();
    }

    public void CancelAll()
    {
        if (_timers is null) return;
        foreach (var timer in _timers.Values) timer.Task.Cancel();
        _timers.Clear();
    }

    private void Start(object key, object message, TimeSpan delay, TimeSpan? interval)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        Cancel(key);
        var generation = ++_generation;
        var wrapped = new TimerMessage(key, generation, this);
        var scheduler = cell.SystemImpl.Scheduler;
        var task = interval is { } period
            ? scheduler.ScheduleTellRepeatedlyCancelable(delay, period, cell.Self, wrapped, cell.Self)
            : scheduler.ScheduleTellOnceCancelable(delay, cell.Self, wrapped, cell.Self);
        (_timers ??= []).Add(key, new ActiveTimer(message, interval is not null, generation, task));
    }

    /// <summary>The message to deliver for a tick, or null when the tick is stale.</summary>
    public object? Intercept(TimerMessage tick)
    {
        if (!ReferenceEquals(tick.Owner, this) || _timers is null) return null;
        if (!_timers.TryGetValue(tick.Key, out var timer) || timer.Generation != tick.Generation) return null;
        if (!timer.Repeat) _timers.Remove(tick.Key);
        return timer.Message;
    }
}
