using Spacedrive.Runtime.Dispatch;

namespace Spacedrive.Runtime.TestKit;

/// <summary>What a TestActor or TestProbe received, waiting for Expect* calls (sync or async).</summary>
internal sealed class TestMessageQueue
{
    private readonly Queue<Envelope> _items = new();
    private TaskCompletionSource? _waiter;

    public int Count
    {
        get { lock (_items) return _items.Count; }
    }

    public void Add(Envelope envelope)
    {
        TaskCompletionSource? waiter;
        lock (_items)
        {
            _items.Enqueue(envelope);
            waiter = _waiter;
            _waiter = null;
        }
        waiter?.TrySetResult();
    }

    public async Task<Envelope?> TryTakeAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            Task wait;
            lock (_items)
            {
                if (_items.TryDequeue(out var envelope)) return envelope;
                _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _waiter.Task;
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) return null;
            try
            {
                await wait.WaitAsync(remaining).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                lock (_items) return _items.TryDequeue(out var late) ? late : null;
            }
        }
    }
}
