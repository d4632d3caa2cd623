using System.Globalization;
using Spacedrive.Runtime.Dispatch.SysMsg;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// A one-shot temporary ref under <c>/temp</c> (Ask, GracefulStop): the first message (or death
/// notification) completes its task; later ones go to dead letters. Its path is made, and the ref
/// registered for lookup, only when someone asks for it, so a local Ask costs no registry work.
/// </summary>
internal sealed class PromiseActorRef : MinimalActorRef
{
    private static long s_counter;
    private readonly ActorSystemImpl _system;
    private readonly TaskCompletionSource<object> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ActorPath? _path;

    public PromiseActorRef(ActorSystemImpl system) => _system = system;

    public Task<object> Result => _completion.Task;
    internal override ActorSystemImpl System => _system;

    public override ActorPath Path
    {
        get
        {
            if (_path is not null) return _path;
            var id = Interlocked.Increment(ref s_counter);
            var path = _system.TempPath.Child("$" + id.ToString(CultureInfo.InvariantCulture), id);
            if (Interlocked.CompareExchange(ref _path, path, null) is null && !_completion.Task.IsCompleted)
                _system.Temp.Register(path.Name, this);
            return _path;
        }
    }

    public override void Tell(object message, IActorRef? sender)
    {
        if (message is null) throw new InvalidMessageException("Message is null");
        if (!_completion.TrySetResult(message))
            _system.DeadLetters.Tell(new DeadLetter(message, sender ?? _system.DeadLetters, this), sender);
        else Unregister();
    }

    internal override void SendSystemMessage(SystemMessage message)
    {
        if (message is DeathWatchNotification notification)
        {
            if (_completion.TrySetResult(notification)) Unregister();
        }
        else base.SendSystemMessage(message);
    }

    public bool TryFail(Exception exception)
    {
        if (!_completion.TrySetException(exception)) return false;
        Unregister();
        return true;
    }

    public bool TryCancel(CancellationToken token)
    {
        if (!_completion.TrySetCanceled(token)) return false;
        Unregister();
        return true;
    }

    private void Unregister()
    {
        var path = Volatile.Read(ref _path);
        if (path is not null) _system.Temp.Unregister(path.Name);
    }
}
