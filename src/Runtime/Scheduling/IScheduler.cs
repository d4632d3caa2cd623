using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Scheduling;

/// <summary>
/// Sends messages (or runs actions) later, on the system's <see cref="System.TimeProvider"/>, so tests
/// can drive time by hand. Prefer <c>IWithTimers</c> inside actors: those timers die with the actor.
/// </summary>
public interface IScheduler
{
    TimeProvider TimeProvider { get; }
    DateTimeOffset Now { get; }

    void ScheduleTellOnce(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null);
    void ScheduleTellRepeatedly(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender, ICancelable? cancelable = null);
    void ScheduleOnce(TimeSpan delay, Action action, ICancelable? cancelable = null);
    void ScheduleRepeatedly(TimeSpan initialDelay, TimeSpan interval, Action action, ICancelable? cancelable = null);

    ICancelable ScheduleTellOnceCancelable(TimeSpan delay, ICanTell receiver, object message, IActorRef? sender);
    ICancelable ScheduleTellRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, ICanTell receiver, object message, IActorRef? sender);
    ICancelable ScheduleOnceCancelable(TimeSpan delay, Action action);
    ICancelable ScheduleRepeatedlyCancelable(TimeSpan initialDelay, TimeSpan interval, Action action);
}
