using Spacedrive.Runtime.Dispatch;

namespace Spacedrive.Runtime.Actor;

/// <summary>Keeps messages aside until the actor is ready for them (see <see cref="IWithStash"/>).</summary>
public interface IStash
{
    int Count { get; }
    /// <summary>Stashes the current message; stashing the same message twice throws <see cref="IllegalStateException"/>.</summary>
    void Stash();
    /// <summary>Puts the oldest stashed message back at the front of the mailbox.</summary>
    void Unstash();
    /// <summary>Puts every stashed message back at the front of the mailbox, in their original order.</summary>
    void UnstashAll();
    void UnstashAll(Func<Envelope, bool> predicate);
    /// <summary>Empties the stash and returns what it held, without re-enqueueing it.</summary>
    IReadOnlyList<Envelope> ClearStash();
}
