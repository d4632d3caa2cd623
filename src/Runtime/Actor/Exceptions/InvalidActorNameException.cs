namespace Spacedrive.Runtime.Actor;

/// <summary>A child name that is malformed, reserved ('$' prefix) or already taken by a live sibling.</summary>
public class InvalidActorNameException : ActorException
{
    public InvalidActorNameException() { }
    public InvalidActorNameException(string message) : base(message) { }
    public InvalidActorNameException(string message, Exception innerException) : base(message, innerException) { }
}
