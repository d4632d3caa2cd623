using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.TestKit;

/// <summary>A separate test actor with its own queue and the same Expect* API; <see cref="Ref"/> is its ref.</summary>
public sealed class TestProbe : TestKitBase, ICanTell
{
    internal TestProbe(ActorSystem system, TestKitSettings settings, string? name)
    {
        InitializeTest(system, settings, name ?? "testProbe-");
    }

    public IActorRef Ref => TestActor;

    /// <summary>Sends to the probe's ref.</summary>
    public void Tell(object message, IActorRef? sender) => Ref.Tell(message, sender);

    /// <summary>Sends <paramref name="message"/> to <paramref name="target"/> with the probe as sender.</summary>
    public void Send(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(message, Ref);
    }

    public override string ToString() => "TestProbe(" + Ref.Path + ")";
}
