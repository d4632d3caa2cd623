using Microsoft.Extensions.Logging;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Runtime.Dispatch;
using Spacedrive.Runtime.Event;
using Spacedrive.Runtime.Scheduling;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// The actor system: one per node. Top-level actors are children of <c>/user</c>; runtime actors of
/// <c>/system</c>. <see cref="Terminate"/> runs coordinated shutdown and completes <see cref="WhenTerminated"/>
/// after every actor's PostStop ran (user guardian first, then the system guardian).
/// </summary>
public abstract class ActorSystem : IActorRefFactory
{
    public static ActorSystem Create(string name) => Create(name, BootstrapSetup.Create());

    public static ActorSystem Create(string name, Config config) => Create(name, BootstrapSetup.Create().WithConfig(config));

    public static ActorSystem Create(string name, BootstrapSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetterOrDigit(name[0]) ||
            !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_'))
        {
            throw new ArgumentException(
                $"Invalid ActorSystem name [{name}], must contain only word characters (i.e. [a-zA-Z0-9] plus non-leading '-' or '_')", nameof(name));
        }
        var system = new ActorSystemImpl(name, setup);
        system.Start();
        return system;
    }

    public abstract string Name { get; }
    public abstract Address Address { get; }
    public abstract Settings Settings { get; }
    public abstract EventStream EventStream { get; }
    public abstract IScheduler Scheduler { get; }
    public abstract TimeProvider TimeProvider { get; }
    public abstract ILoggerFactory LoggerFactory { get; }
    public abstract ILoggingAdapter Log { get; }
    public abstract IActorRef DeadLetters { get; }
    public abstract Dispatchers Dispatchers { get; }
    public abstract Task WhenTerminated { get; }

    public abstract IActorRef ActorOf(Props props, string? name = null);
    public abstract ActorSelection ActorSelection(string path);
    public abstract ActorSelection ActorSelection(ActorPath path);

    /// <summary>Stops the actor asynchronously (its current message finishes; the rest goes to dead letters).</summary>
    public abstract void Stop(IActorRef actor);

    /// <summary>The ref for a path (with uid: that incarnation only); a ref that dead-letters when nothing lives there.</summary>
    public abstract IActorRef ResolveActorRef(ActorPath path);

    public abstract Task Terminate();

    public override string ToString() => Address.ToString();
}
