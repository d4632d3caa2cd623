namespace Spacedrive.Runtime.Actor;

/// <summary>No reply to an Ask within its timeout.</summary>
public class AskTimeoutException : ActorException
{
    public AskTimeoutException() { }
    public AskTimeoutException(string message) : base(message) { }
    public AskTimeoutException(string message, Exception innerException) : base(message, innerException) { }
}
