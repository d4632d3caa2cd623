namespace Spacedrive.Runtime.Actor;

/// <summary>An operation that is not allowed in the current state (stashing a message twice).</summary>
public class IllegalStateException : ActorException
{
    public IllegalStateException() { }
    public IllegalStateException(string message) : base(message) { }
    public IllegalStateException(string message, Exception innerException) : base(message, innerException) { }
}
