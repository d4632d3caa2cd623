using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Runtime.Event;
using Spacedrive.Runtime.Scheduling;

namespace Spacedrive.Runtime.Actor;

internal sealed class ActorSystemImpl : ActorSystem
{
    private readonly TaskCompletionSource _whenTerminated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, ILogger> _loggers = new(StringComparer.Ordinal);
    private readonly ActorCell _rootCell;
    private readonly ActorCell _userCell;
    private readonly ActorCell _systemCell;
    private readonly TimeProviderScheduler _scheduler;
    private readonly DeadLetterActorRef _deadLetters;
    private int _deadLettersLogged;
    private volatile bool _terminating;

    public ActorSystemImpl(string name, BootstrapSetup setup)
    {
        Name = name;
        var config = (setup.Config ?? ConfigurationFactory.Empty).WithFallback(ConfigurationFactory.Default());
        Settings = new Settings(name, config);
        TimeProvider = setup.TimeProvider ?? TimeProvider.System;
        LoggerFactory = setup.LoggerFactory ?? NullLoggerFactory.Instance;
        Address = Address.Local(name);
        RootPath = ActorPath.CreateRoot(Address);
        TempPath = RootPath.Child("temp");
        _scheduler = new TimeProviderScheduler(TimeProvider);
        Dispatchers = new Dispatchers(config);
        EventStream = new EventStream();
        _deadLetters = new DeadLetterActorRef(this, RootPath.Child("deadLetters"));
        Temp = new TempContainer(this, TempPath);
        Log = new LoggingAdapter(GetMicrosoftLogger("Spacedrive.Runtime.Actor.ActorSystem"), $"ActorSystem({name})");

        var dispatcher = Dispatchers.DefaultDispatcher;
        var rootRef = new LocalActorRef(RootPath);
        var userRef = new LocalActorRef(RootPath.Child("user", NewUid()));
        var systemRef = new LocalActorRef(RootPath.Child("system", NewUid()));
        var rootParent = new RootParentRef(this, RootPath.Child("bubble-walker"));
        _rootCell = new ActorCell(this, rootRef, Props.Create(() => new RootGuardianActor(userRef, systemRef)), dispatcher, rootParent);
        _userCell = new ActorCell(this, userRef, Props.Create<GuardianActor>(), dispatcher, rootRef);
        _systemCell = new ActorCell(this, systemRef, Props.Create<GuardianActor>(), dispatcher, rootRef);
        _rootCell.AttachChild("user", userRef);
        _rootCell.AttachChild("system", systemRef);
        CoordinatedShutdown = new CoordinatedShutdown(this);
    }

    public override string Name { get; }
    public override Address Address { get; }
    public override Settings Settings { get; }
    public override EventStream EventStream { get; }
    public override IScheduler Scheduler => _scheduler;
    public override TimeProvider TimeProvider { get; }
    public override ILoggerFactory LoggerFactory { get; }
    public override ILoggingAdapter Log { get; }
    public override IActorRef DeadLetters => _deadLetters;
    public override Dispatchers Dispatchers { get; }
    public override Task WhenTerminated => _whenTerminated.Task;

    internal ActorPath RootPath { get; }
    internal ActorPath TempPath { get; }
    internal TempContainer Temp { get; }
    internal CoordinatedShutdown CoordinatedShutdown { get; }
    internal InternalActorRef RootGuardian => (InternalActorRef)_rootCell.Self;
    internal InternalActorRef UserGuardian => (InternalActorRef)_userCell.Self;
    internal InternalActorRef SystemGuardian => (InternalActorRef)_systemCell.Self;
    internal bool IsTerminating => _terminating;

    internal static long NewUid()
    {
        long uid;
        do uid = Random.Shared.NextInt64(); while (uid == 0);
        return uid;
    }

    internal void Start()
    {
        _rootCell.Start();
        _userCell.Start();
        _systemCell.Start();
        var unsubscriber = SystemActorOf(Props.Create(() => new EventStreamUnsubscriber(EventStream)), "eventStreamUnsubscriber");
        EventStream.SetUnsubscriber(subscriber => unsubscriber.Tell(new EventStreamUnsubscriber.Register(subscriber), null));
        CoordinatedShutdown.Start();
    }

    public override IActorRef ActorOf(Props props, string? name = null) => _userCell.ActorOf(props, name);

    /// <summary>Creates a runtime actor under <c>/system</c>.</summary>
    internal IActorRef SystemActorOf(Props props, string? name = null) => _systemCell.ActorOf(props, name);

    public override void Stop(IActorRef actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor is not InternalActorRef internalRef) return;
        if (internalRef.Parent is { } parent && parent.Equals(UserGuardian)) _userCell.MarkChildToDie(actor);
        internalRef.Stop();
    }

    public override ActorSelection ActorSelection(string path) => SelectionFrom(RootGuardian, path);

    public override ActorSelection ActorSelection(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        return new ActorSelection(RootGuardian, path.Elements);
    }

    internal ActorSelection SelectionFrom(IActorRef self, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains("://", StringComparison.Ordinal))
        {
            if (!ActorPath.TryParse(path, out var parsed)) throw new ArgumentException($"Invalid actor path [{path}]", nameof(path));
            return new ActorSelection(parsed.Address == Address ? RootGuardian : Nobody.Instance, parsed.Elements);
        }
        var elements = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return new ActorSelection(path.StartsWith('/') ? RootGuardian : self, elements);
    }

    /// <summary>Children of <c>/</c> that are not actors of the tree: dead letters and temp.</summary>
    internal InternalActorRef? RootChild(string name) => name switch
    {
        "deadLetters" => _deadLetters,
        "temp" => Temp,
        _ => _rootCell.GetChildByName(name),
    };

    public override IActorRef ResolveActorRef(ActorPath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Address != Address) return new EmptyLocalActorRef(this, path);
        InternalActorRef? current = RootGuardian;
        var elements = path.Elements;
        for (var i = 0; i < elements.Count && current is not null; i++)
            current = i == 0 ? RootChild(elements[i]) : current.GetChild(elements[i]);
        if (current is null || (path.Uid != 0 && current.Path.Uid != path.Uid)) return new EmptyLocalActorRef(this, path);
        return current;
    }

    public override Task Terminate()
    {
        if (Settings.CoordinatedShutdownRunByActorSystemTerminate) _ = CoordinatedShutdown.Run(CoordinatedShutdown.ActorSystemTerminateReason.Instance);
        else FinalTerminate();
        return WhenTerminated;
    }

    /// <summary>Stops <c>/user</c>; the root guardian then stops <c>/system</c> and itself.</summary>
    internal void FinalTerminate()
    {
        _terminating = true;
        UserGuardian.Stop();
    }

    internal void OnRootTerminated()
    {
        _terminating = true;
        _scheduler.Shutdown();
        Dispatchers.Shutdown();
        CoordinatedShutdown.OnSystemTerminated();
        _whenTerminated.TrySetResult();
    }

    internal ILogger GetMicrosoftLogger(string category) =>
        _loggers.TryGetValue(category, out var logger) ? logger : _loggers.GetOrAdd(category, LoggerFactory.CreateLogger);

    internal void PublishDeadLetter(AllDeadLetters letter)
    {
        EventStream.Publish(letter);
        if (letter is not DeadLetter || (_terminating && !Settings.LogDeadLettersDuringShutdown)) return;
        var count = Interlocked.Increment(ref _deadLettersLogged);
        if (count > Settings.LogDeadLetters) return;
        Log.Info("Message [{MessageType}] from {Sender} to {Recipient} was not delivered. [{Count}] dead letters encountered{Suffix}",
            letter.Message.GetType().Name, letter.Sender, letter.Recipient, count,
            count == Settings.LogDeadLetters ? ", no more dead letters will be logged" : ".");
    }
}
