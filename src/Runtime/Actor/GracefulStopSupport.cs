using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

public static class GracefulStopSupport
{
    /// <summary>Sends PoisonPill; true once the actor has stopped (after its PostStop), false on timeout.</summary>
    public static Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout) => GracefulStop(target, timeout, PoisonPill.Instance);

    public static async Task<bool> GracefulStop(this IActorRef target, TimeSpan timeout, object stopMessage)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(stopMessage);
        if (target is not InternalActorRef { System: { } system } internalTarget)
            throw new ArgumentException($"GracefulStop needs a ref of a running actor system, not {target}", nameof(target));
        var promise = new PromiseActorRef(system);
        internalTarget.SendSystemMessage(new Watch(internalTarget, promise));
        var timer = system.Scheduler.ScheduleOnceCancelable(timeout, () => promise.TryCancel(CancellationToken.None));
        target.Tell(stopMessage, null);
        try
        {
            var result = await promise.Result.ConfigureAwait(false);
            return result is DeathWatchNotification notification && notification.Actor.Equals(target);
        }
        catch (OperationCanceledException)
        {
            internalTarget.SendSystemMessage(new Unwatch(internalTarget, promise));
            return false;
        }
        finally
        {
            timer.Cancel();
        }
    }
}
