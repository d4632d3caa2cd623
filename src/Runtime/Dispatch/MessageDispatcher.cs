namespace Spacedrive.Runtime.Dispatch;

/// <summary>Runs mailboxes: each scheduling turn processes up to <see cref="Throughput"/> user messages.</summary>
public abstract class MessageDispatcher
{
    protected MessageDispatcher(string id, int throughput)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(throughput);
        Id = id;
        Throughput = throughput;
    }

    public string Id { get; }
    public int Throughput { get; }

    internal abstract void Schedule(IThreadPoolWorkItem mailbox);

    internal virtual void Shutdown() { }
}
