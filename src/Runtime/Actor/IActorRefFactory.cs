namespace Spacedrive.Runtime.Actor;

/// <summary>What both an <see cref="ActorSystem"/> and an actor's context can do: create and look up actors.</summary>
public interface IActorRefFactory
{
    IActorRef ActorOf(Props props, string? name = null);
    ActorSelection ActorSelection(string path);
    ActorSelection ActorSelection(ActorPath path);
}

public static class ActorRefFactoryExtensions
{
    public static IActorRef ActorOf<TActor>(this IActorRefFactory factory, string? name = null) where TActor : ActorBase, new()
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.ActorOf(Props.Create<TActor>(), name);
    }
}
