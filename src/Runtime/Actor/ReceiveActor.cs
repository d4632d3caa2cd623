namespace Spacedrive.Runtime.Actor;

/// <summary>
/// An actor whose behaviour is a list of typed handlers registered in its constructor (or in
/// <see cref="Become(Action)"/>). The first matching handler wins; a failing predicate falls through.
/// </summary>
public abstract class ReceiveActor : ActorBase
{
    private const string RegistrationOutsideConstructor =
        "You may only call Receive-methods when constructing the actor and inside Become().";

    private List<MessageHandler>? _building = [];
    private MessageHandler[] _handlers = [];

    protected internal sealed override bool Receive(object message) => Dispatch(_handlers, message);

    internal override void OnConstructed()
    {
        _handlers = _building is null ? [] : [.. _building];
        _building = null;
    }

    private static bool Dispatch(MessageHandler[] handlers, object message)
    {
        foreach (var handler in handlers)
        {
            if (handler.TryHandle(message)) return true;
        }
        return false;
    }

    /// <summary>Replaces the current behaviour with the handlers that <paramref name="configure"/> registers.</summary>
    protected void Become(Action configure) => Context.Become(Build(configure));

    protected void BecomeStacked(Action configure) => Context.BecomeStacked(Build(configure));

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    private Receive Build(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var outer = _building;
        _building = [];
        try
        {
            configure();
            MessageHandler[] handlers = [.. _building];
            return message => Dispatch(handlers, message);
        }
        finally
        {
            _building = outer;
        }
    }

    private void Add(MessageHandler handler) =>
        (_building ?? throw new InvalidOperationException(RegistrationOutsideConstructor)).Add(handler);

    protected void Receive<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new ActionHandler<T>(handler, shouldHandle));
    }

    protected void Receive<T>(Predicate<T> shouldHandle, Action<T> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new ActionHandler<T>(handler, shouldHandle));
    }

    /// <summary>A handler that decides itself: returning false falls through to the next handler.</summary>
    protected void Receive<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new FuncHandler<T>(handler));
    }

    /// <summary>
    /// An async handler: the mailbox is suspended until the task completes, so handlers never interleave;
    /// <c>Self</c>, <c>Sender</c> and <c>Context</c> stay valid after each await.
    /// </summary>
    protected void ReceiveAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        Add(new AsyncHandler<T>(this, handler, shouldHandle));
    }

    protected void ReceiveAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) => ReceiveAsync(handler, shouldHandle);

    protected void ReceiveAny(Action<object> handler) => Receive(handler);

    protected void ReceiveAnyAsync(Func<object, Task> handler) => ReceiveAsync(handler);

    private abstract class MessageHandler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : MessageHandler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            handler(typed);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> handler) : MessageHandler
    {
        public override bool TryHandle(object message) => message is T typed && handler(typed);
    }

    private sealed class AsyncHandler<T>(ReceiveActor actor, Func<T, Task> handler, Predicate<T>? shouldHandle) : MessageHandler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed))) return false;
            actor.Cell.RunTask(() => handler(typed));
            return true;
        }
    }
}
