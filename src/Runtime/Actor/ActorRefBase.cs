using System.Globalization;

namespace Spacedrive.Runtime.Actor;

public abstract class ActorRefBase : IActorRef
{
    public abstract ActorPath Path { get; }

    public abstract void Tell(object message, IActorRef? sender);

    public bool Equals(IActorRef? other)
    {
        if (ReferenceEquals(this, other)) return true;
        if (other is null) return false;
        var path = Path;
        var otherPath = other.Path;
        return path.Uid == otherPath.Uid && path.Equals(otherPath);
    }

    public override bool Equals(object? obj) => obj is IActorRef other && Equals(other);

    // The uid is random per incarnation, so it is a cheap hash that stays consistent with Equals.
    public override int GetHashCode()
    {
        var path = Path;
        return path.Uid != 0 ? path.Uid.GetHashCode() : path.GetHashCode();
    }

    public int CompareTo(IActorRef? other)
    {
        if (other is null) return 1;
        var byPath = Path.CompareTo(other.Path);
        return byPath != 0 ? byPath : Path.Uid.CompareTo(other.Path.Uid);
    }

    public override string ToString() =>
        Path.Uid == 0 ? $"[{Path}]" : string.Create(CultureInfo.InvariantCulture, $"[{Path}#{Path.Uid}]");

    public static bool operator ==(ActorRefBase? left, ActorRefBase? right) => left is null ? right is null : left.Equals(right);
    public static bool operator !=(ActorRefBase? left, ActorRefBase? right) => !(left == right);
    public static bool operator <(ActorRefBase? left, ActorRefBase? right) => Compare(left, right) < 0;
    public static bool operator <=(ActorRefBase? left, ActorRefBase? right) => Compare(left, right) <= 0;
    public static bool operator >(ActorRefBase? left, ActorRefBase? right) => Compare(left, right) > 0;
    public static bool operator >=(ActorRefBase? left, ActorRefBase? right) => Compare(left, right) >= 0;

    private static int Compare(ActorRefBase? left, ActorRefBase? right) => left is null ? (right is null ? 0 : -1) : left.CompareTo(right);
}
