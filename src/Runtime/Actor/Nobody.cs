namespace Spacedrive.Runtime.Actor;

/// <summary>The ref that stands for "no actor": messages to it vanish.</summary>
public sealed class Nobody : MinimalActorRef
{
    public static Nobody Instance { get; } = new();

    private static readonly ActorPath NobodyPath = ActorPath.CreateRoot(Address.Local("all-systems")).Child("Nobody");

    private Nobody() { }

    public override ActorPath Path => NobodyPath;
    internal override ActorSystemImpl? System => null;

    public override void Tell(object message, IActorRef? sender) { }
}
