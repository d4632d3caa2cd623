namespace Spacedrive.Runtime.Actor;

/// <summary>
/// An actor with a stash. The runtime sets <see cref="Stash"/> before the constructor body runs.
/// A restart or stop unstashes everything into the mailbox, so stashed messages survive a restart.
/// </summary>
public interface IWithStash
{
    IStash Stash { get; set; }
}
