namespace Spacedrive.Runtime.Dispatch.SysMsg;

/// <summary>
/// Control messages (create, supervise, watch, terminate) that travel in the mailbox's own queue and
/// overtake user messages. Each message is its own queue node (<see cref="Next"/>), so enqueueing allocates nothing more.
/// </summary>
public abstract class SystemMessage
{
    internal SystemMessage? Next;
}
