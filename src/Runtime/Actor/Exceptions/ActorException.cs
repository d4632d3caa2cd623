namespace Spacedrive.Runtime.Actor;

/// <summary>Base of the runtime's own exceptions.</summary>
public class ActorException : Exception
{
    public ActorException() { }
    public ActorException(string message) : base(message) { }
    public ActorException(string message, Exception innerException) : base(message, innerException) { }
}
