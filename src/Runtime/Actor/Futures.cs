using System.Runtime.ExceptionServices;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Ask: send with a temporary ref as sender and await the first reply. The timeout (default
/// <c>spacedrive.actor.ask-timeout</c>) runs on the system's clock and gives <see cref="AskTimeoutException"/>;
/// a <see cref="Status.Failure"/> reply faults the task with its cause; a reply of another type with ArgumentException.
/// </summary>
public static class Futures
{
    public static Task<object> Ask(this ICanTell self, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        Ask<object>(self, message, timeout, cancellationToken);

    public static Task<T> Ask<T>(this ICanTell self, object message, CancellationToken cancellationToken) =>
        Ask<T>(self, message, null, cancellationToken);

    public static Task<T> Ask<T>(this ICanTell self, object message, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Ask<T>(self, _ => message, timeout, cancellationToken);
    }

    /// <summary>Ask with a message that carries the temporary reply-to ref.</summary>
    public static Task<T> Ask<T>(this ICanTell self, Func<IActorRef, object> messageFactory, TimeSpan? timeout, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(self);
        ArgumentNullException.ThrowIfNull(messageFactory);
        var system = SystemOf(self) ?? throw new ArgumentException($"Ask needs a ref of a running actor system, not {self}", nameof(self));
        var effectiveTimeout = timeout ?? system.Settings.AskTimeout;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(effectiveTimeout, TimeSpan.Zero, nameof(timeout));
        return AskCore<T>(system, self, messageFactory, effectiveTimeout, cancellationToken);
    }

    private static async Task<T> AskCore<T>(ActorSystemImpl system, ICanTell target, Func<IActorRef, object> messageFactory, TimeSpan timeout, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var promise = new PromiseActorRef(system);
        var timer = system.Scheduler.ScheduleOnceCancelable(timeout,
            () => promise.TryFail(new AskTimeoutException($"Timeout after {timeout.TotalSeconds} seconds")));
        await using var registration = cancellationToken.CanBeCanceled
            ? cancellationToken.Register(static state => { var (p, token) = ((PromiseActorRef, CancellationToken))state!; p.TryCancel(token); }, (promise, cancellationToken))
            : default;
        object result;
        try
        {
            target.Tell(messageFactory(promise), promise);
            result = await promise.Result.ConfigureAwait(false);
        }
        finally
        {
            timer.Cancel();
        }
        if (result is Status.Failure failure && typeof(T) != typeof(Status.Failure))
        {
            ExceptionDispatchInfo.Capture(failure.Cause).Throw();
        }
        return result is T typed
            ? typed
            : throw new ArgumentException($"Received message of type [{result.GetType()}] - Ask expected message of type [{typeof(T)}]");
    }

    internal static ActorSystemImpl? SystemOf(ICanTell target) => target switch
    {
        InternalActorRef actor => actor.System,
        ActorSelection selection => (selection.Anchor as InternalActorRef)?.System,
        _ => null,
    };
}
