using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Base of every actor. Created only by the runtime from <see cref="Props"/>; one instance per
/// incarnation (a restart constructs a new one). The behaviour stack lives here so that a restart
/// returns to the constructor's behaviour.
/// </summary>
public abstract class ActorBase
{
    private readonly ActorCell _cell;
    private Receive? _behaviour; // null: the actor's own Receive (no delegate for idle actors)
    private Stack<Receive?>? _stacked;

    protected ActorBase()
    {
        _cell = ActorCell.Creating
            ?? throw new ActorInitializationException(
                $"Do not create {GetType().Name} with 'new'; use ActorOf(Props.Create(...)).");
        if (this is IWithTimers withTimers) withTimers.Timers = new TimerScheduler(_cell);
        if (this is IWithStash withStash) withStash.Stash = new UnboundedStash(_cell);
    }

    // Field initializers of a subclass run before this constructor, so fall back to the cell being created
    // (Akka users write `readonly ILoggingAdapter _log = Context.GetLogger();`).
    protected IActorContext Context => Cell;
    protected IActorRef Self => Cell.Self;
    /// <summary>Valid only while the current message is processed: copy it to a local before any callback.</summary>
    protected IActorRef Sender => Cell.Sender;

    internal ActorCell Cell => _cell ?? ActorCell.Creating ?? throw new InvalidOperationException("The actor is not initialized.");

    /// <summary>The default behaviour; returns false for messages it does not handle.</summary>
    protected internal abstract bool Receive(object message);

    protected virtual void PreStart() { }

    protected virtual void PostStop() { }

    /// <summary>Akka's default: unwatch and stop every child, then <see cref="PostStop"/>.</summary>
    protected virtual void PreRestart(Exception reason, object? message)
    {
        foreach (var child in _cell.Children)
        {
            _cell.Unwatch(child);
            _cell.Stop(child);
        }
        PostStop();
    }

    /// <summary>Akka's default: <see cref="PreStart"/>.</summary>
    protected virtual void PostRestart(Exception reason) => PreStart();

    /// <summary>How this actor supervises its children. Defaults to restart, except Stop for initialization, kill and death pact failures.</summary>
    protected virtual SupervisorStrategy SupervisorStrategy() => Actor.SupervisorStrategy.DefaultStrategy;

    /// <summary>Publishes <see cref="UnhandledMessage"/>; an unhandled <see cref="Terminated"/> throws <see cref="DeathPactException"/>.</summary>
    protected virtual void Unhandled(object message)
    {
        if (message is Terminated terminated)
            throw new DeathPactException($"Monitored actor [{terminated.ActorRef}] terminated");
        _cell.SystemImpl.EventStream.Publish(new UnhandledMessage(message, _cell.Sender, _cell.Self));
    }

    protected void SetReceiveTimeout(TimeSpan? timeout) => _cell.SetReceiveTimeout(timeout);

    internal SupervisorStrategy SupervisorStrategyInternal => SupervisorStrategy();

    internal virtual void OnConstructed() { }

    internal void AroundReceive(object message)
    {
        var handled = _behaviour is null ? Receive(message) : _behaviour(message);
        if (!handled) Unhandled(message);
    }

    internal void UnhandledInternal(object message) => Unhandled(message);

    internal void BecomeInternal(Receive receive) => _behaviour = receive;

    internal void BecomeStackedInternal(Receive receive)
    {
        (_stacked ??= new Stack<Receive?>()).Push(_behaviour);
        _behaviour = receive;
    }

    internal void UnbecomeStackedInternal()
    {
        if (_stacked is { Count: > 0 }) _behaviour = _stacked.Pop();
    }

    internal void AroundPreStart() => PreStart();

    internal void AroundPostStop()
    {
        CancelTimers();
        if (this is IWithStash { Stash: UnboundedStash stash }) stash.UnstashAll();
        PostStop();
    }

    internal void AroundPreRestart(Exception cause, object? message)
    {
        CancelTimers();
        if (this is IWithStash { Stash: UnboundedStash stash }) stash.UnstashAll();
        PreRestart(cause, message);
    }

    internal void AroundPostRestart(Exception cause) => PostRestart(cause);

    private void CancelTimers()
    {
        if (this is IWithTimers { Timers: TimerScheduler timers }) timers.CancelAll();
    }
}
