using Spacedrive.Runtime.Dispatch;
using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

internal sealed partial class ActorCell
{
    /// <summary>
    /// Runs an async handler: continuations come back as system messages and run inside the actor with the
    /// same current message; user messages wait (mailbox suspended) until the task completes.
    /// </summary>
    internal void RunTask(Func<Task> body)
    {
        var extras = Extras;
        var context = extras.SynchronizationContext ??= new ActorSynchronizationContext(this);
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(context);
        Task task;
        try
        {
            task = body();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
        if (task.IsCompleted)
        {
            task.GetAwaiter().GetResult(); // rethrows a synchronous failure as a normal handler failure
            return;
        }
        extras.AsyncEnvelope = _current;
        Mailbox.Suspend();
        task.ContinueWith(static (t, state) => ((ActorCell)state!).Mailbox.SystemEnqueue(new ActorTaskCompleted(t)),
            this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    internal void PostContinuation(SendOrPostCallback callback, object? state) =>
        Mailbox.SystemEnqueue(new ActorTaskContinuation(callback, state));

    private void RunContinuation(ActorTaskContinuation continuation)
    {
        var extras = Extras;
        var saved = _current;
        var previous = SynchronizationContext.Current;
        _current = extras.AsyncEnvelope;
        SynchronizationContext.SetSynchronizationContext(extras.SynchronizationContext);
        try
        {
            continuation.Callback(continuation.State);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
            _current = saved;
        }
    }

    private void OnTaskCompleted(Task task)
    {
        var extras = Extras;
        var envelope = extras.AsyncEnvelope;
        extras.AsyncEnvelope = default;
        Mailbox.Resume();
        if (task.IsCompletedSuccessfully) return;
        var saved = _current;
        _current = envelope;
        try
        {
            HandleInvokeFailure(task.Exception?.InnerException ?? new TaskCanceledException(task));
        }
        finally
        {
            _current = saved;
        }
    }
}
