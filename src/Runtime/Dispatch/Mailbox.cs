using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Dispatch;

/// <summary>
/// One actor's mailbox: a lock-free multi-producer single-consumer queue of user envelopes
/// (intrusive Vyukov list: one node per message, no lock on Tell), a lock-free stack of system
/// messages, and one atomic status word (closed, scheduled, suspend count). It is itself the thread
/// pool work item, scheduled by CAS so that at most one thread runs the actor at a time.
/// </summary>
internal sealed class Mailbox : IThreadPoolWorkItem
{
    private const int Closed = 1;
    private const int Scheduled = 2;
    private const int SuspendUnit = 4;

    private sealed class Node
    {
        public Envelope Item;
        public Node? Next;
    }

    private readonly ActorCell _cell;
    private readonly MessageDispatcher _dispatcher;
    private Node _head; // producers swap in new nodes here
    private Node _tail; // the consumer's stub: the last node taken
    private SystemMessage? _systemStack; // newest first
    private List<Envelope>? _prepended; // consumer-only; stored in reverse so the next one is at the end
    private int _status;

    public Mailbox(ActorCell cell, MessageDispatcher dispatcher)
    {
        _cell = cell;
        _dispatcher = dispatcher;
        _head = _tail = new Node();
    }

    public MessageDispatcher Dispatcher => _dispatcher;
    public bool IsClosed => (Volatile.Read(ref _status) & Closed) != 0;
    public bool IsSuspended => Volatile.Read(ref _status) >= SuspendUnit;
    private bool HasSystemMessages => Volatile.Read(ref _systemStack) is not null;
    private bool HasUserMessages => _prepended is { Count: > 0 } || Volatile.Read(ref _head) != _tail;

    public void Enqueue(object message, IActorRef? sender)
    {
        var node = new Node { Item = new Envelope(message, sender) };
        var previous = Interlocked.Exchange(ref _head, node);
        Volatile.Write(ref previous.Next, node);
        if ((Volatile.Read(ref _status) & Closed) != 0) DrainUserMessagesToDeadLetters();
        else TrySchedule(hasUserMessage: true, hasSystemMessage: false);
    }

    public void SystemEnqueue(SystemMessage message)
    {
        while (true)
        {
            var current = Volatile.Read(ref _systemStack);
            message.Next = current;
            if (Interlocked.CompareExchange(ref _systemStack, message, current) == current) break;
        }
        if (IsClosed) DrainSystemMessagesToDeadLetters();
        else TrySchedule(hasUserMessage: false, hasSystemMessage: true);
    }

    /// <summary>Puts envelopes at the front, in the given order (unstash). Only the actor itself calls this.</summary>
    public void Prepend(IReadOnlyList<Envelope> envelopes)
    {
        if (envelopes.Count == 0) return;
        _prepended ??= new List<Envelope>(envelopes.Count);
        for (var i = envelopes.Count - 1; i >= 0; i--) _prepended.Add(envelopes[i]);
    }

    private bool TryDequeue(out Envelope envelope)
    {
        var prepended = _prepended;
        if (prepended is { Count: > 0 })
        {
            envelope = prepended[^1];
            prepended.RemoveAt(prepended.Count - 1);
            return true;
        }
        var tail = _tail;
        var next = Volatile.Read(ref tail.Next);
        if (next is null)
        {
            envelope = default;
            return false;
        }
        _tail = next;
        envelope = next.Item;
        next.Item = default;
        return true;
    }

    public void Suspend() => Interlocked.Add(ref _status, SuspendUnit);

    public void Resume()
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if (status < SuspendUnit) return;
            if (Interlocked.CompareExchange(ref _status, status - SuspendUnit, status) == status) break;
        }
        TrySchedule(HasUserMessages, HasSystemMessages);
    }

    public void Close()
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if (Interlocked.CompareExchange(ref _status, status | Closed, status) == status) return;
        }
    }

    /// <summary>After <see cref="Close"/>: whatever is still queued goes to dead letters.</summary>
    public void CleanUp()
    {
        var prepended = _prepended;
        if (prepended is not null)
        {
            for (var i = prepended.Count - 1; i >= 0; i--) _cell.SendToDeadLetters(prepended[i]);
            prepended.Clear();
        }
        DrainUserMessagesToDeadLetters();
        DrainSystemMessagesToDeadLetters();
    }

    private void DrainUserMessagesToDeadLetters()
    {
        // Once closed, the actor never consumes again; late producers and the closing actor may race here.
        lock (this)
        {
            while (TryDequeue(out var envelope)) _cell.SendToDeadLetters(envelope);
        }
    }

    private void DrainSystemMessagesToDeadLetters()
    {
        var message = Reverse(Interlocked.Exchange(ref _systemStack, null));
        while (message is not null)
        {
            var next = message.Next;
            message.Next = null;
            _cell.SystemMessageToDeadLetters(message);
            message = next;
        }
    }

    private bool TrySchedule(bool hasUserMessage, bool hasSystemMessage)
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if ((status & (Closed | Scheduled)) != 0) return false;
            // status now holds only the suspend count: user messages wait while suspended, system messages never do.
            if (!hasSystemMessage && !(hasUserMessage && status < SuspendUnit)) return false;
            if (Interlocked.CompareExchange(ref _status, status | Scheduled, status) == status)
            {
                _dispatcher.Schedule(this);
                return true;
            }
        }
    }

    private void SetAsIdle()
    {
        while (true)
        {
            var status = Volatile.Read(ref _status);
            if (Interlocked.CompareExchange(ref _status, status & ~Scheduled, status) == status) return;
        }
    }

    public void Execute()
    {
        var previous = ActorCell.Current;
        ActorCell.Current = _cell;
        try
        {
            if (!IsClosed)
            {
                ProcessAllSystemMessages();
                ProcessUserMessages();
            }
        }
        finally
        {
            ActorCell.Current = previous;
            SetAsIdle();
            // Re-check after going idle: a producer that found us Scheduled relied on this.
            TrySchedule(HasUserMessages, HasSystemMessages);
        }
    }

    private void ProcessUserMessages()
    {
        var left = _dispatcher.Throughput;
        // Stop at once when suspended (failure, ReceiveAsync) or closed; only the Scheduled bit may be set.
        while (left-- > 0 && (Volatile.Read(ref _status) & ~Scheduled) == 0)
        {
            if (!TryDequeue(out var envelope)) return;
            _cell.Invoke(envelope);
            if (Volatile.Read(ref _systemStack) is not null) ProcessAllSystemMessages();
        }
    }

    private void ProcessAllSystemMessages()
    {
        while (Volatile.Read(ref _systemStack) is not null)
        {
            var message = Reverse(Interlocked.Exchange(ref _systemStack, null));
            while (message is not null)
            {
                var next = message.Next;
                message.Next = null;
                if (IsClosed) _cell.SystemMessageToDeadLetters(message);
                else _cell.SystemInvoke(message);
                message = next;
            }
        }
    }

    private static SystemMessage? Reverse(SystemMessage? message)
    {
        SystemMessage? reversed = null;
        while (message is not null)
        {
            var next = message.Next;
            message.Next = reversed;
            reversed = message;
            message = next;
        }
        return reversed;
    }
}
