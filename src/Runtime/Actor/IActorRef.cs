namespace Spacedrive.Runtime.Actor;

/// <summary>A handle to one incarnation of an actor. Two refs are equal when path and uid are equal.</summary>
public interface IActorRef : ICanTell, IEquatable<IActorRef>, IComparable<IActorRef>
{
    ActorPath Path { get; }
}
