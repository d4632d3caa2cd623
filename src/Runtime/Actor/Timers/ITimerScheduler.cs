namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Per-actor timers, cancelled on restart and stop. Starting a key again replaces its timer, and a
/// message of the replaced (or cancelled) timer is never received, even if already enqueued.
/// Use only from inside the actor.
/// </summary>
public interface ITimerScheduler
{
    IReadOnlyCollection<object> ActiveTimers { get; }
    void StartSingleTimer(object key, object message, TimeSpan timeout);
    void StartPeriodicTimer(object key, object message, TimeSpan interval);
    void StartPeriodicTimer(object key, object message, TimeSpan initialDelay, TimeSpan interval);
    bool IsTimerActive(object key);
    void Cancel(object key);
    void CancelAll();
}
