namespace Spacedrive.Runtime.Actor;

/// <summary>A watched actor terminated and the watcher did not handle <see cref="Terminated"/>.</summary>
public class DeathPactException : ActorException
{
    public DeathPactException() { }
    public DeathPactException(string message) : base(message) { }
    public DeathPactException(string message, Exception innerException) : base(message, innerException) { }
}
