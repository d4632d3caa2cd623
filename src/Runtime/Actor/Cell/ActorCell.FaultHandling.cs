using System.Runtime.ExceptionServices;
using Spacedrive.Runtime.Dispatch;
using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

internal sealed partial class ActorCell
{
    /// <summary>The actor threw: suspend it and its subtree and ask the parent (a system message) what to do.</summary>
    private void HandleInvokeFailure(Exception cause)
    {
        if (IsTerminating)
        {
            Log.Error(cause, "Exception while terminating: {Message}", cause.Message);
            return;
        }
        if (IsFailed) return; // already waiting for the parent's decision
        _flags |= FailedFlag;
        Extras.FailedMessage = _current.Message;
        Mailbox.Suspend();
        SuspendChildren();
        _parent.SendSystemMessage(new Failed(_self, cause, _self.Path.Uid));
    }

    /// <summary>A failure while already failed and suspended (recreation threw): report it without suspending again.</summary>
    private void ReportFailureWhileFailed(Exception cause)
    {
        _flags |= FailedFlag;
        _parent.SendSystemMessage(new Failed(_self, cause, _self.Path.Uid));
    }

    private void ClearFailed()
    {
        _flags &= ~FailedFlag;
        if (_extras is not null) _extras.FailedMessage = null;
    }

    private void HandleFailed(Failed failed)
    {
        if (IsTerminating) return; // the child dies with us
        var container = _children;
        var stats = container?.StatsFor(failed.Child);
        if (container is null || stats is null || failed.Child.Path.Uid != failed.Uid || container.IsToDie(failed.Child)) return;
        var strategy = _props.SupervisorStrategy ?? _actor?.SupervisorStrategyInternal ?? SupervisorStrategy.DefaultStrategy;
        var saved = _current;
        _current = new Envelope(failed, failed.Child); // Sender is the failed child inside the decider
        try
        {
            if (!strategy.HandleFailure(this, failed.Child, failed.Cause, stats, container.LiveStats()))
                ExceptionDispatchInfo.Capture(failed.Cause).Throw(); // Escalate: fail with the same exception
        }
        finally
        {
            _current = saved;
        }
    }

    private void FaultSuspend()
    {
        Mailbox.Suspend();
        SuspendChildren();
    }

    private void FaultResume(Exception? causedByFailure)
    {
        if (_actor is null && causedByFailure is not null)
        {
            // Resuming an actor whose creation failed means creating it.
            FaultRecreate(causedByFailure);
            return;
        }
        if (causedByFailure is not null) ClearFailed();
        Mailbox.Resume();
        ResumeChildren();
    }

    private void FaultRecreate(Exception cause)
    {
        if (IsTerminating) return;
        var failedActor = _actor;
        if (failedActor is null)
        {
            FinishRecreate(cause, runPostRestart: false);
            return;
        }
        try
        {
            failedActor.AroundPreRestart(cause, _extras?.FailedMessage);
        }
        catch (Exception e)
        {
            Log.Error(e, "PreRestart threw: {Message}", e.Message);
        }
        if (_children is { HasChildrenToDie: true })
        {
            Extras.PendingRecreateCause = cause; // finish once the children stopped in PreRestart are gone
            return;
        }
        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause, bool runPostRestart = true)
    {
        var survivors = _children?.Snapshot() ?? [];
        try
        {
            _actor = null;
            _actor = NewActorInstance();
            if (runPostRestart) _actor.AroundPostRestart(cause);
            else _actor.AroundPreStart();
        }
        catch (Exception e)
        {
            ReportFailureWhileFailed(new ActorInitializationException(_self, $"Exception during restart of {_self}", e));
            return;
        }
        ClearFailed();
        Mailbox.Resume();
        foreach (var child in survivors)
        {
            if (_children?.IsToDie(child) != true) child.Restart(cause);
        }
    }

    private void Terminate()
    {
        if (IsTerminating) return;
        _flags |= TerminatingFlag;
        if (_extras is not null)
        {
            _extras.ReceiveTimeout = null;
            _extras.ReceiveTimeoutTask?.Cancel();
        }
        UnwatchWatchedActors();
        Mailbox.Suspend(); // what is still queued goes to dead letters when the mailbox closes
        if (_children is { } container)
        {
            foreach (var child in container.StopAll()) child.Stop();
            if (container.HasChildrenToDie) return; // finish when the last child's death arrives
        }
        FinishTerminate();
    }

    private void FinishTerminate()
    {
        try
        {
            _actor?.AroundPostStop();
        }
        catch (Exception e)
        {
            Log.Error(e, "PostStop threw: {Message}", e.Message);
        }
        finally
        {
            Mailbox.Close();
            Mailbox.CleanUp();
            TellWatchersWeDied();
            UnwatchWatchedActors();
            _parent.SendSystemMessage(new DeathWatchNotification(_self, existenceConfirmed: true, addressTerminated: false));
            _actor = null;
        }
    }
}
