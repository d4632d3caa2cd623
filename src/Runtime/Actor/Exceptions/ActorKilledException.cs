namespace Spacedrive.Runtime.Actor;

/// <summary>Thrown inside an actor that received <see cref="Kill"/>.</summary>
public class ActorKilledException : ActorException
{
    public ActorKilledException() { }
    public ActorKilledException(string message) : base(message) { }
    public ActorKilledException(string message, Exception innerException) : base(message, innerException) { }
}
