using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

/// <summary>Replies with whatever it receives.</summary>
public sealed class EchoActor : ReceiveActor
{
    public EchoActor() => ReceiveAny(m => Sender.Tell(m, Self));

    public static Props Props() => Spacedrive.Runtime.Actor.Props.Create<EchoActor>();
}

/// <summary>Forwards every message to a probe, and reports its lifecycle hooks there.</summary>
public sealed class LifecycleReporter : ReceiveActor
{
    private readonly IActorRef _probe;

    public LifecycleReporter(IActorRef probe)
    {
        _probe = probe;
        _probe.Tell("ctor", Self);
        Receive<string>(s => s == "throw", _ => throw new InvalidOperationException("boom"));
        ReceiveAny(m => _probe.Tell(m, Sender));
    }

    protected override void PreStart() => _probe.Tell("preStart", Self);
    protected override void PostStop() => _probe.Tell("postStop", Self);

    protected override void PreRestart(Exception reason, object? message)
    {
        _probe.Tell(("preRestart", message), Self);
        base.PreRestart(reason, message);
    }

    protected override void PostRestart(Exception reason)
    {
        _probe.Tell("postRestart", Self);
        base.PostRestart(reason);
    }

    public static Props Props(IActorRef probe) => Spacedrive.Runtime.Actor.Props.Create(() => new LifecycleReporter(probe));
}
