using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// An event-sourced actor (Akka's <c>ReceivePersistentActor</c>): commands are handled by <c>Command&lt;T&gt;</c>
/// handlers, which <see cref="Persist{TEvent}"/> events; recovery replays the latest snapshot and the later events
/// through <c>Recover&lt;T&gt;</c> handlers, then delivers <see cref="RecoveryCompleted"/>.
/// <list type="bullet">
/// <item>Commands that arrive during recovery, or between <c>Persist</c> and the end of its handler, wait in an
/// internal stash and are handled afterwards, in order.</item>
/// <item>A persist handler runs after the event is durable, with <c>Sender</c> the sender of the command.</item>
/// <item>A recovery failure (unregistered manifest, journal error, exception in a recovery handler) calls
/// <see cref="OnRecoveryFailure"/> and stops the actor; so does a persist failure (<see cref="OnPersistFailure"/>).
/// A rejected event (e.g. unregistered type) calls <see cref="OnPersistRejected"/> and the actor continues.</item>
/// <item>The journal and snapshot store come from <see cref="PersistenceExtension"/> by plugin id.</item>
/// </list>
/// Overrides of <see cref="ActorBase.PreRestart"/> and <see cref="ActorBase.PostStop"/> must call the base method.
/// Stop a persistent actor with an explicit command rather than <c>PoisonPill</c> (which bypasses the internal stash).
/// </summary>
public abstract partial class ReceivePersistentActor : ActorBase
{
    private const string RegistrationOutsideConstructor =
        "You may only call Command-, Recover- and Become-methods when constructing the actor and inside Become().";

    private static int s_instances;

    private readonly int _instanceId = Interlocked.Increment(ref s_instances);
    private List<Handler>? _buildingCommands = [];
    private List<Handler>? _buildingRecovers = [];
    private Handler[] _commands = [];
    private Handler[] _recovers = [];

    /// <summary>The id of this entity in the journal: stable across incarnations and unique.</summary>
    public abstract string PersistenceId { get; }

    /// <summary>Which registered journal to use; null = <see cref="PersistenceExtension.DefaultPluginId"/>.</summary>
    public virtual string? JournalPluginId => null;

    /// <summary>
    /// Which registered snapshot store to use; by default the one registered under <see cref="JournalPluginId"/>
    /// (a library's journal.db holds both).
    /// </summary>
    public virtual string? SnapshotPluginId => JournalPluginId;

    /// <summary>How to recover; read once, when recovery starts.</summary>
    public virtual Recovery Recovery => Recovery.Default;

    /// <summary>Identifies this incarnation in the events it writes.</summary>
    public string WriterUuid { get; } = Guid.NewGuid().ToString("N");

    // ---- handler registration ----

    protected void Command<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddCommand(new ActionHandler<T>(handler, shouldHandle));
    }

    protected void Command<T>(Predicate<T> shouldHandle, Action<T> handler) => Command(handler, shouldHandle);

    /// <summary>A handler that decides itself: returning false falls through to the next handler.</summary>
    protected void Command<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddCommand(new FuncHandler<T>(handler));
    }

    protected void CommandAny(Action<object> handler) => Command(handler);

    /// <summary>
    /// An async command handler: no other message is handled until its task completes. Events persisted in it are
    /// written when the task completes.
    /// </summary>
    protected void CommandAsync<T>(Func<T, Task> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddCommand(new AsyncHandler<T>(this, handler, shouldHandle));
    }

    protected void CommandAsync<T>(Predicate<T> shouldHandle, Func<T, Task> handler) => CommandAsync(handler, shouldHandle);

    protected void CommandAnyAsync(Func<object, Task> handler) => CommandAsync(handler);

    protected void Recover<T>(Action<T> handler, Predicate<T>? shouldHandle = null)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddRecover(new ActionHandler<T>(handler, shouldHandle));
    }

    protected void Recover<T>(Predicate<T> shouldHandle, Action<T> handler) => Recover(handler, shouldHandle);

    protected void Recover<T>(Func<T, bool> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        AddRecover(new FuncHandler<T>(handler));
    }

    protected void RecoverAny(Action<object> handler) => Recover(handler);

    /// <summary>Replaces the command handlers with those <paramref name="configure"/> registers (recovery handlers stay).</summary>
    protected void Become(Action configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        var outer = _buildingCommands;
        _buildingCommands = [];
        try
        {
            configure();
            _commands = [.. _buildingCommands];
        }
        finally
        {
            _buildingCommands = outer;
        }
    }

    private void AddCommand(Handler handler) =>
        (_buildingCommands ?? throw new InvalidOperationException(RegistrationOutsideConstructor)).Add(handler);

    private void AddRecover(Handler handler) =>
        (_buildingRecovers ?? throw new InvalidOperationException(RegistrationOutsideConstructor)).Add(handler);

    internal override void OnConstructed()
    {
        _commands = _buildingCommands is null ? [] : [.. _buildingCommands];
        _recovers = _buildingRecovers is null ? [] : [.. _buildingRecovers];
        _buildingCommands = null;
        _buildingRecovers = null;
        StartRecovery();
    }

    private static bool Dispatch(Handler[] handlers, object message)
    {
        foreach (var handler in handlers)
        {
            if (handler.TryHandle(message))
            {
                return true;
            }
        }

        return false;
    }

    // ---- failure hooks ----

    /// <summary>Recovery failed; the actor is stopped after this returns. Logs the error by default.</summary>
    /// <param name="message">The event or snapshot offer being recovered, if the failure came from a handler.</param>
    protected virtual void OnRecoveryFailure(Exception reason, object? message) =>
        Cell.Log.Error(reason,
            "Persistence failure when replaying events for persistenceId [{PersistenceId}]. Last known sequence number [{LastSequenceNr}]. Message: {Message}",
            PersistenceId, LastSequenceNr, message);

    /// <summary>
    /// Writing an event failed (the journal failed, or another writer holds the sequence number); the actor is stopped
    /// after this returns, because whether the event was stored is unknown. Logs the error by default.
    /// </summary>
    protected virtual void OnPersistFailure(Exception cause, object @event, long sequenceNr) =>
        Cell.Log.Error(cause,
            "Failed to persist event type [{EventType}] with sequence number [{SequenceNr}] for persistenceId [{PersistenceId}].",
            @event.GetType().Name, sequenceNr, PersistenceId);

    /// <summary>The journal rejected an event (not stored; its handler is not called); the actor continues. Logs a warning by default.</summary>
    protected virtual void OnPersistRejected(Exception cause, object @event, long sequenceNr) =>
        Cell.Log.Warning(cause,
            "Rejected to persist event type [{EventType}] with sequence number [{SequenceNr}] for persistenceId [{PersistenceId}] due to [{Reason}].",
            @event.GetType().Name, sequenceNr, PersistenceId, cause.Message);

    // ---- handlers ----

    private abstract class Handler
    {
        public abstract bool TryHandle(object message);
    }

    private sealed class ActionHandler<T>(Action<T> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }

            handler(typed);
            return true;
        }
    }

    private sealed class FuncHandler<T>(Func<T, bool> handler) : Handler
    {
        public override bool TryHandle(object message) => message is T typed && handler(typed);
    }

    private sealed class AsyncHandler<T>(ReceivePersistentActor actor, Func<T, Task> handler, Predicate<T>? shouldHandle) : Handler
    {
        public override bool TryHandle(object message)
        {
            if (message is not T typed || (shouldHandle is not null && !shouldHandle(typed)))
            {
                return false;
            }

            actor.RunAsyncCommand(() => handler(typed));
            return true;
        }
    }
}
