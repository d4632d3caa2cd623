namespace Spacedrive.Runtime.Actor;

public static class ActorRefs
{
    public static IActorRef Nobody => Actor.Nobody.Instance;

    /// <summary>Use as the sender when there is none; replies then go to dead letters.</summary>
    public static readonly IActorRef? NoSender = null;
}
