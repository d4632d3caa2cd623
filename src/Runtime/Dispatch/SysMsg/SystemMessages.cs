using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Dispatch.SysMsg;

// The kernel's system messages, named as in Akka.NET (Akka.Dispatch.SysMsg). They are small and only
// meaningful together, so they share this file.

internal sealed class Create : SystemMessage;

internal sealed class Recreate(Exception cause) : SystemMessage
{
    public Exception Cause { get; } = cause;
}

internal sealed class Suspend : SystemMessage;

internal sealed class Resume(Exception? causedByFailure) : SystemMessage
{
    public Exception? CausedByFailure { get; } = causedByFailure;
}

internal sealed class Terminate : SystemMessage;

internal sealed class Watch(IActorRef watchee, IActorRef watcher) : SystemMessage
{
    public IActorRef Watchee { get; } = watchee;
    public IActorRef Watcher { get; } = watcher;
}

internal sealed class Unwatch(IActorRef watchee, IActorRef watcher) : SystemMessage
{
    public IActorRef Watchee { get; } = watchee;
    public IActorRef Watcher { get; } = watcher;
}

internal sealed class DeathWatchNotification(IActorRef actor, bool existenceConfirmed, bool addressTerminated) : SystemMessage
{
    public IActorRef Actor { get; } = actor;
    public bool ExistenceConfirmed { get; } = existenceConfirmed;
    public bool AddressTerminated { get; } = addressTerminated;
}

/// <summary>A child tells its parent that it failed and is suspended until the parent decides.</summary>
internal sealed class Failed(IActorRef child, Exception cause, long uid) : SystemMessage
{
    public IActorRef Child { get; } = child;
    public Exception Cause { get; } = cause;
    public long Uid { get; } = uid;
}

/// <summary>A continuation of an async handler, run inside the actor (see ActorSynchronizationContext).</summary>
internal sealed class ActorTaskContinuation(SendOrPostCallback callback, object? state) : SystemMessage
{
    public SendOrPostCallback Callback { get; } = callback;
    public object? State { get; } = state;
}

/// <summary>The task of a ReceiveAsync handler completed: resume the mailbox (or fail).</summary>
internal sealed class ActorTaskCompleted(Task task) : SystemMessage
{
    public Task Task { get; } = task;
}
