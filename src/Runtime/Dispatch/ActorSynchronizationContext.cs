using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Dispatch;

/// <summary>Sends the continuations of an actor's async handler back into the actor (Akka's ActorTaskScheduler).</summary>
internal sealed class ActorSynchronizationContext(ActorCell cell) : SynchronizationContext
{
    public override void Post(SendOrPostCallback d, object? state) => cell.PostContinuation(d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        if (ActorCell.Current == cell) d(state);
        else throw new NotSupportedException("Synchronous Send into an actor from another thread would deadlock.");
    }

    public override SynchronizationContext CreateCopy() => this;
}
