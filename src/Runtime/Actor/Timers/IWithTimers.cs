namespace Spacedrive.Runtime.Actor;

/// <summary>An actor with timers bound to its lifetime; the runtime sets <see cref="Timers"/> before the constructor body runs.</summary>
public interface IWithTimers
{
    ITimerScheduler Timers { get; set; }
}
