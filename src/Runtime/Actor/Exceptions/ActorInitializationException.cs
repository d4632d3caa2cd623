namespace Spacedrive.Runtime.Actor;

/// <summary>The constructor, PreStart or PostRestart threw; the default decider stops such an actor.</summary>
public class ActorInitializationException : ActorException
{
    public ActorInitializationException() { }
    public ActorInitializationException(string message) : base(message) { }
    public ActorInitializationException(string message, Exception innerException) : base(message, innerException) { }

    public ActorInitializationException(IActorRef? actor, string message, Exception? innerException)
        : base(message, innerException!) => Actor = actor;

    public IActorRef? Actor { get; }
}
