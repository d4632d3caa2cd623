namespace Spacedrive.Runtime.Dispatch;

/// <summary>
/// A small pool of its own threads, for actors that block (file I/O, SQLite), so that they never
/// starve the shared thread pool. Threads start on first use and end when the system terminates.
/// </summary>
public sealed class DedicatedThreadPoolDispatcher : MessageDispatcher
{
    private readonly Queue<IThreadPoolWorkItem> _queue = new();
    private readonly int _threadCount;
    private bool _started;
    private bool _shutdown;

    public DedicatedThreadPoolDispatcher(string id, int throughput, int threadCount) : base(id, throughput)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threadCount);
        _threadCount = threadCount;
    }

    public int ThreadCount => _threadCount;

    internal override void Schedule(IThreadPoolWorkItem mailbox)
    {
        lock (_queue)
        {
            if (_shutdown) return;
            if (!_started) StartThreads();
            _queue.Enqueue(mailbox);
            Monitor.Pulse(_queue);
        }
    }

    private void StartThreads()
    {
        _started = true;
        for (var i = 0; i < _threadCount; i++)
        {
            var thread = new Thread(Run) { IsBackground = true, Name = $"{Id}-{i + 1}" };
            thread.Start();
        }
    }

    private void Run()
    {
        while (true)
        {
            IThreadPoolWorkItem item;
            lock (_queue)
            {
                while (_queue.Count == 0)
                {
                    if (_shutdown) return;
                    Monitor.Wait(_queue);
                }
                item = _queue.Dequeue();
            }
            item.Execute();
        }
    }

    internal override void Shutdown()
    {
        lock (_queue)
        {
            _shutdown = true;
            Monitor.PulseAll(_queue);
        }
    }
}
