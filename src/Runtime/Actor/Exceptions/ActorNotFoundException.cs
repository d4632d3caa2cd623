namespace Spacedrive.Runtime.Actor;

/// <summary>An ActorSelection resolved to nothing.</summary>
public class ActorNotFoundException : ActorException
{
    public ActorNotFoundException() { }
    public ActorNotFoundException(string message) : base(message) { }
    public ActorNotFoundException(string message, Exception innerException) : base(message, innerException) { }
}
