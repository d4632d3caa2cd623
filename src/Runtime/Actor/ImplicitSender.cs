namespace Spacedrive.Runtime.Actor;

/// <summary>
/// The sender used by <c>Tell(message)</c>: the running actor, else an ambient ref set by test code
/// (the TestKit's TestActor), else none.
/// </summary>
public static class ImplicitSender
{
    private static readonly AsyncLocal<IActorRef?> Ambient = new();

    public static IActorRef? Current => ActorCell.Current?.Self ?? Ambient.Value;

    /// <summary>Sets the sender for code outside actors in this async flow (used by the TestKit).</summary>
    public static void SetAmbient(IActorRef? sender) => Ambient.Value = sender;
}

public static class ActorRefImplicitSenderExtensions
{
    /// <summary>Tells with the implicit sender (<c>Self</c> inside an actor).</summary>
    public static void Tell(this ICanTell receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        receiver.Tell(message, ImplicitSender.Current);
    }

    /// <summary>Sends on, keeping the original sender of the message being processed.</summary>
    public static void Forward(this ICanTell receiver, object message)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        var cell = ActorCell.Current;
        receiver.Tell(message, cell is null ? ImplicitSender.Current : cell.CurrentEnvelope.Sender);
    }
}
