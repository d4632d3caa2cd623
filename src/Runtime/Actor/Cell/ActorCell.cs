using Spacedrive.Runtime.Dispatch;
using Spacedrive.Runtime.Dispatch.SysMsg;
using Spacedrive.Runtime.Event;
using Spacedrive.Runtime.Scheduling;
using CreateMessage = Spacedrive.Runtime.Dispatch.SysMsg.Create;
using ReceiveTimeoutMessage = Spacedrive.Runtime.Actor.ReceiveTimeout;
using TerminateMessage = Spacedrive.Runtime.Dispatch.SysMsg.Terminate;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Runs one actor: creates its instance from Props, feeds it messages from the mailbox one at a time,
/// handles system messages (supervision, watch, stop). Rarely used state lives in <see cref="CellExtras"/>,
/// allocated on first use, so that an idle actor stays small.
/// </summary>
internal sealed partial class ActorCell : IActorContext
{
    [ThreadStatic] private static ActorCell? t_current;
    [ThreadStatic] private static ActorCell? t_creating;

    private const int TerminatingFlag = 1;
    private const int FailedFlag = 2;

    private readonly ActorSystemImpl _system;
    private readonly LocalActorRef _self;
    private readonly InternalActorRef _parent;
    private readonly Props _props;
    private ActorBase? _actor;
    private Envelope _current;
    private ChildrenContainer? _children;
    private CellExtras? _extras;
    private int _flags;

    public ActorCell(ActorSystemImpl system, LocalActorRef self, Props props, MessageDispatcher dispatcher, InternalActorRef parent)
    {
        _system = system;
        _self = self;
        _props = props;
        _parent = parent;
        Mailbox = new Mailbox(this, dispatcher);
        self.Cell = this;
    }

    /// <summary>The cell whose mailbox runs on this thread (implicit sender, Ask inside actors).</summary>
    internal static ActorCell? Current
    {
        get => t_current;
        set => t_current = value;
    }

    /// <summary>The cell whose actor instance is being constructed on this thread.</summary>
    internal static ActorCell? Creating
    {
        get => t_creating;
        set => t_creating = value;
    }

    internal Mailbox Mailbox { get; }
    internal ActorSystemImpl SystemImpl => _system;
    internal InternalActorRef ParentRef => _parent;
    internal Type? ActorType => _props.Type;
    internal ActorBase? Actor => _actor;
    internal Envelope CurrentEnvelope => _current;
    internal bool IsTerminating => (_flags & TerminatingFlag) != 0;
    private bool IsFailed => (_flags & FailedFlag) != 0;
    private CellExtras Extras => _extras ??= new CellExtras();
    internal ILoggingAdapter Log => Extras.Log ??= new LoggingAdapter(_system.GetMicrosoftLogger(_props.Type.FullName ?? "Spacedrive.Runtime.Actor"), _self.Path.ToString());
    internal long NowMilliseconds => (long)(_system.TimeProvider.GetTimestamp() * 1000.0 / _system.TimeProvider.TimestampFrequency);

    public IActorRef Self => _self;
    public IActorRef Sender => _current.Sender ?? _system.DeadLetters;
    public IActorRef Parent => _parent;
    public Props Props => _props;
    public ActorSystem System => _system;

    internal void Start() => Mailbox.SystemEnqueue(new Create());

    internal void Invoke(Envelope envelope)
    {
        _current = envelope;
        try
        {
            var message = envelope.Message;
            if (message is IAutoReceivedMessage auto) AutoReceive(auto);
            else ReceiveMessage(message);
            if (_extras?.ReceiveTimeout is not null && message is not INotInfluenceReceiveTimeout) RescheduleReceiveTimeout();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
        finally
        {
            _current = default;
        }
    }

    private void ReceiveMessage(object message)
    {
        var actor = _actor;
        if (actor is null)
        {
            SendToDeadLetters(_current);
            return;
        }
        if (message is TimerScheduler.TimerMessage tick)
        {
            var inner = actor is IWithTimers { Timers: TimerScheduler timers } ? timers.Intercept(tick) : null;
            if (inner is null) return;
            _current = new Envelope(inner, _current.Sender);
            message = inner;
        }
        actor.AroundReceive(message);
    }

    private void AutoReceive(IAutoReceivedMessage message)
    {
        switch (message)
        {
            case PoisonPill:
                _self.Stop();
                break;
            case Kill:
                throw new ActorKilledException("Kill");
            case Identify identify:
                Sender.Tell(new ActorIdentity(identify.MessageId, _self), _self);
                break;
            case Terminated terminated:
                ReceivedTerminated(terminated);
                break;
            default:
                _actor?.AroundReceive(message);
                break;
        }
    }

    internal void SystemInvoke(SystemMessage message)
    {
        try
        {
            switch (message)
            {
                case CreateMessage:
                    Create();
                    break;
                case ActorTaskContinuation continuation:
                    RunContinuation(continuation);
                    break;
                case ActorTaskCompleted completed:
                    OnTaskCompleted(completed.Task);
                    break;
                case Failed failed:
                    HandleFailed(failed);
                    break;
                case DeathWatchNotification notification:
                    WatchedActorTerminated(notification);
                    break;
                case Watch watch:
                    AddWatcher(watch.Watchee, watch.Watcher);
                    break;
                case Unwatch unwatch:
                    RemoveWatcher(unwatch.Watchee, unwatch.Watcher);
                    break;
                case Recreate recreate:
                    FaultRecreate(recreate.Cause);
                    break;
                case Suspend:
                    FaultSuspend();
                    break;
                case Resume resume:
                    FaultResume(resume.CausedByFailure);
                    break;
                case TerminateMessage:
                    Terminate();
                    break;
            }
        }
        catch (Exception e)
        {
            HandleInvokeFailure(e);
        }
    }

    /// <summary>A system message for an actor that is gone: a late Watch still gets its notification.</summary>
    internal void SystemMessageToDeadLetters(SystemMessage message)
    {
        if (message is Watch watch && watch.Watchee.Equals(_self) && !watch.Watcher.Equals(_self) && watch.Watcher is InternalActorRef watcher)
            watcher.SendSystemMessage(new DeathWatchNotification(_self, existenceConfirmed: true, addressTerminated: false));
    }

    internal void SendToDeadLetters(Envelope envelope)
    {
        // A dead letter published to a subscriber that has stopped (before the event stream's unsubscriber saw it go)
        // is dropped: wrapped again it would be published to that same subscriber, forever (a stack overflow).
        if (envelope.Message is TimerScheduler.TimerMessage or AllDeadLetters) return;
        _system.DeadLetters.Tell(
            envelope.Message is IDeadLetterSuppression
                ? new SuppressedDeadLetter(envelope.Message, envelope.Sender ?? _system.DeadLetters, _self)
                : new DeadLetter(envelope.Message, envelope.Sender ?? _system.DeadLetters, _self),
            envelope.Sender);
    }

    private ActorBase NewActorInstance()
    {
        Creating = this;
        try
        {
            var actor = _props.NewActor();
            actor.OnConstructed();
            return actor;
        }
        finally
        {
            Creating = null;
        }
    }

    private void Create()
    {
        try
        {
            _actor = NewActorInstance();
            _actor.AroundPreStart();
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException(_self, $"Exception during creation of {_self}", e));
        }
    }

    public void Become(Receive receive) => _actor?.BecomeInternal(receive);
    public void BecomeStacked(Receive receive) => _actor?.BecomeStackedInternal(receive);
    public void UnbecomeStacked() => _actor?.UnbecomeStackedInternal();

    public TimeSpan? ReceiveTimeout => _extras?.ReceiveTimeout;

    public void SetReceiveTimeout(TimeSpan? timeout)
    {
        if (timeout is { } t && t <= TimeSpan.Zero) timeout = null;
        if (timeout is null && _extras?.ReceiveTimeout is null) return;
        Extras.ReceiveTimeout = timeout;
        RescheduleReceiveTimeout();
    }

    private void RescheduleReceiveTimeout()
    {
        var extras = Extras;
        extras.ReceiveTimeoutTask?.Cancel();
        extras.ReceiveTimeoutTask = extras.ReceiveTimeout is { } timeout
            ? _system.Scheduler.ScheduleTellOnceCancelable(timeout, _self, ReceiveTimeoutMessage.Instance, _self)
            : null;
    }

    public ActorSelection ActorSelection(string path) => _system.SelectionFrom(_self, path);
    public ActorSelection ActorSelection(ActorPath path) => _system.ActorSelection(path);

    public override string ToString() => "ActorCell(" + _self.Path + ")";

    /// <summary>State most actors never need.</summary>
    private sealed class CellExtras
    {
        public Dictionary<IActorRef, object?>? Watching;
        public HashSet<IActorRef>? WatchedBy;
        public Dictionary<IActorRef, object?>? TerminatedQueued;
        public TimeSpan? ReceiveTimeout;
        public ICancelable? ReceiveTimeoutTask;
        public object? FailedMessage;
        public Exception? PendingRecreateCause;
        public Envelope AsyncEnvelope;
        public ActorSynchronizationContext? SynchronizationContext;
        public ILoggingAdapter? Log;
    }
}
