namespace Spacedrive.Runtime.Actor;

/// <summary>Turns a task's outcome into a message: the result (or <paramref name="success"/>), or <see cref="Status.Failure"/>.</summary>
public static class PipeToSupport
{
    public static async Task PipeTo<T>(this Task<T> taskToPipe, ICanTell recipient, IActorRef? sender = null,
        Func<T, object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(taskToPipe);
        ArgumentNullException.ThrowIfNull(recipient);
        try
        {
            var result = await taskToPipe.ConfigureAwait(false);
            object? message = success is not null ? success(result) : result;
            if (message is not null) recipient.Tell(message, sender);
        }
        catch (Exception e)
        {
            recipient.Tell(failure is not null ? failure(e) : new Status.Failure(e), sender);
        }
    }

    public static async Task PipeTo(this Task taskToPipe, ICanTell recipient, IActorRef? sender = null,
        Func<object>? success = null, Func<Exception, object>? failure = null)
    {
        ArgumentNullException.ThrowIfNull(taskToPipe);
        ArgumentNullException.ThrowIfNull(recipient);
        try
        {
            await taskToPipe.ConfigureAwait(false);
            if (success is not null) recipient.Tell(success(), sender);
        }
        catch (Exception e)
        {
            recipient.Tell(failure is not null ? failure(e) : new Status.Failure(e), sender);
        }
    }
}
