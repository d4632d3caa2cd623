namespace Spacedrive.Runtime.Actor;

/// <summary>A message the runtime cannot deliver (null).</summary>
public class InvalidMessageException : ActorException
{
    public InvalidMessageException() { }
    public InvalidMessageException(string message) : base(message) { }
    public InvalidMessageException(string message, Exception innerException) : base(message, innerException) { }
}
