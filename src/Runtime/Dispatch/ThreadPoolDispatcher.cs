namespace Spacedrive.Runtime.Dispatch;

/// <summary>The default: mailboxes run as work items on the shared .NET thread pool; no thread per actor.</summary>
public sealed class ThreadPoolDispatcher(string id, int throughput) : MessageDispatcher(id, throughput)
{
    internal override void Schedule(IThreadPoolWorkItem mailbox) => ThreadPool.UnsafeQueueUserWorkItem(mailbox, preferLocal: false);
}
