using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Scheduling;

/// <summary>
/// The scheduler on a <see cref="System.TimeProvider"/>: every scheduled item is one <see cref="ITimer"/>
/// (in production the runtime's timer queue; in tests a manual clock). After shutdown nothing fires.
/// </summary>
internal sealed class TimeProviderScheduler(TimeProvider timeProvider) : IScheduler
{
    private volatile bool _shutdown;

    public TimeProvider TimeProvider => timeProvider;
    public DateTimeOffset Now => timeProvider.GetUtcNow();

    public void Shutdown() => _shutdown = true;

    public void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null) =>
        Start(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender), cancelable);

    public void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null) =>
        Start(initialDelay, CheckInterval(interval), () => receiver.Tell(message, sender), cancelable);

    public void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable = null) =>
        Start(delay, Timeout.InfiniteTimeSpan, action, cancelable);

    public void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable = null) =>
        Start(initialDelay, CheckInterval(interval), action, cancelable);

    public ICancelable ScheduleTellOnceCancelable(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender) =>
        Start(delay, Timeout.InfiniteTimeSpan, () => receiver.Tell(message, sender), null);

    public ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender) =>
        Start(initialDelay, CheckInterval(interval), () => receiver.Tell(message, sender), null);

    public ICancelable ScheduleOnceCancelable(TimeSpan delay, Action action) =>
        Start(delay, Timeout.InfiniteTimeSpan, action, null);

    public ICancelable ScheduleRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, Action action) =>
        Start(initialDelay, CheckInterval(interval), action, null);

    private static TimeSpan CheckInterval(TimeSpan interval)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        return interval;
    }

    private ScheduledItem Start(TimeSpan delay, TimeSpan period, Action action, ICancelable? cancelable)
    {
        var item = new ScheduledItem(this, action, period);
        if (cancelable is Cancelable linked) linked.OnCancel(item.Cancel);
        else if (cancelable is not null && cancelable.IsCancellationRequested) item.Cancel();
        item.Start(timeProvider, delay < TimeSpan.Zero ? TimeSpan.Zero : delay);
        return item;
    }

    private sealed class ScheduledItem(TimeProviderScheduler scheduler, Action action, TimeSpan period) : ICancelable
    {
        private ITimer? _timer;
        private volatile bool _cancelled;

        public bool IsCancellationRequested => _cancelled;

        public void Start(TimeProvider time, TimeSpan delay)
        {
            if (_cancelled) return;
            var timer = time.CreateTimer(static state => ((ScheduledItem)state!).Fire(), this, delay, period);
            Interlocked.Exchange(ref _timer, timer);
            if (_cancelled) timer.Dispose();
        }

        private void Fire()
        {
            if (_cancelled || scheduler._shutdown) return;
            if (period == Timeout.InfiniteTimeSpan) _cancelled = true;
            action();
            if (_cancelled) Volatile.Read(ref _timer)?.Dispose();
        }

        public void Cancel()
        {
            _cancelled = true;
            Volatile.Read(ref _timer)?.Dispose();
        }
    }
}
