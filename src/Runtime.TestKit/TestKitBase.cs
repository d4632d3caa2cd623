using System.Globalization;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Dispatch;
using Xunit;

namespace Spacedrive.Runtime.TestKit;

/// <summary>
/// Akka.TestKit's assertions over one test actor's queue. Every timeout defaults to
/// <c>spacedrive.test.single-expect-default</c> (or what is left of an enclosing <see cref="Within(TimeSpan, Action)"/>)
/// and is dilated by the time factor. Async variants end in Async.
/// </summary>
public abstract class TestKitBase
{
    private static int s_testActorCounter;
    private TestMessageQueue _queue = null!;
    private Envelope _lastMessage;
    private DateTime? _end;

    protected TestKitBase() { }

    /// <summary>Creates the test actor (named <paramref name="testActorName"/> plus a counter) in <paramref name="system"/>.</summary>
    protected void InitializeTest(ActorSystem system, TestKitSettings settings, string testActorName)
    {
        ArgumentNullException.ThrowIfNull(system);
        Sys = system;
        TestKitSettings = settings;
        _queue = new TestMessageQueue();
        var queue = _queue;
        var name = testActorName + Interlocked.Increment(ref s_testActorCounter).ToString(CultureInfo.InvariantCulture);
        TestActor = ((ActorSystemImpl)system).SystemActorOf(Props.Create(() => new TestActor(queue)), name);
    }

    public ActorSystem Sys { get; private set; } = null!;
    public TestKitSettings TestKitSettings { get; private set; } = null!;
    public IActorRef TestActor { get; private set; } = null!;

    /// <summary>The sender of the last message taken by an Expect*/Receive* call.</summary>
    public IActorRef LastSender => _lastMessage.Sender ?? Sys.DeadLetters;
    public object? LastMessage => _lastMessage.Message;
    /// <summary>Messages received and not yet taken.</summary>
    public int QueuedMessageCount => _queue.Count;

    public TimeSpan Dilated(TimeSpan duration) => TestKitSettings.Dilated(duration);

    /// <summary>Time left in the enclosing Within block, else the dilated single-expect default.</summary>
    public TimeSpan RemainingOrDefault => _end is { } end ? Clamp(end - DateTime.UtcNow) : Dilated(TestKitSettings.SingleExpectDefault);

    public TimeSpan Remaining => _end is { } end ? Clamp(end - DateTime.UtcNow) : throw new InvalidOperationException("Remaining is only defined inside Within");

    private static TimeSpan Clamp(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    private TimeSpan Timeout(TimeSpan? explicitTimeout)
    {
        var timeout = explicitTimeout is { } t ? Dilated(t) : RemainingOrDefault;
        return _end is { } end && DateTime.UtcNow + timeout > end ? Clamp(end - DateTime.UtcNow) : timeout;
    }

    // ---- receiving ----

    private async Task<Envelope> ReceiveEnvelopeAsync(TimeSpan timeout, string what)
    {
        var envelope = await _queue.TryTakeAsync(timeout).ConfigureAwait(false);
        if (envelope is null) Assert.Fail($"Timeout ({timeout}) while waiting for {what}");
        _lastMessage = envelope.Value;
        return envelope.Value;
    }

    private static T As<T>(Envelope envelope, string hint)
    {
        if (envelope.Message is T typed) return typed;
        Assert.Fail($"Expected a message of type {typeof(T).Name}{hint}, but received {envelope.Message} ({envelope.Message.GetType().Name}) from {envelope.Sender}");
        return default!;
    }

    private static string Hint(string? hint) => string.IsNullOrEmpty(hint) ? "" : " (" + hint + ")";

    public Task<T> ExpectMsgAsync<T>(TimeSpan? timeout = null, string? hint = null) =>
        ExpectMsgAsync<T>((Predicate<T>?)null, timeout, hint);

    public async Task<T> ExpectMsgAsync<T>(Predicate<T>? isMessage, TimeSpan? timeout = null, string? hint = null)
    {
        var envelope = await ReceiveEnvelopeAsync(Timeout(timeout), "a message of type " + typeof(T).Name + Hint(hint)).ConfigureAwait(false);
        var message = As<T>(envelope, Hint(hint));
        if (isMessage is not null && !isMessage(message)) Assert.Fail($"Message {message} from {envelope.Sender} did not match the predicate{Hint(hint)}");
        return message;
    }

    public async Task<T> ExpectMsgAsync<T>(Action<T> assert, TimeSpan? timeout = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(assert);
        var message = await ExpectMsgAsync<T>((Predicate<T>?)null, timeout, hint).ConfigureAwait(false);
        assert(message);
        return message;
    }

    public async Task<T> ExpectMsgAsync<T>(T expected, TimeSpan? timeout = null, string? hint = null)
    {
        var message = await ExpectMsgAsync<T>((Predicate<T>?)null, timeout, hint).ConfigureAwait(false);
        Assert.Equal(expected, message);
        return message;
    }

    public async Task<T> ExpectMsgFromAsync<T>(IActorRef sender, TimeSpan? timeout = null, string? hint = null)
    {
        var message = await ExpectMsgAsync<T>((Predicate<T>?)null, timeout, hint).ConfigureAwait(false);
        Assert.Equal(sender, LastSender);
        return message;
    }

    public async Task ExpectNoMsgAsync(TimeSpan? duration = null)
    {
        var wait = duration is { } d ? Dilated(d) : Dilated(TestKitSettings.ExpectNoMessageDefault);
        var envelope = await _queue.TryTakeAsync(wait).ConfigureAwait(false);
        if (envelope is { } e) Assert.Fail($"Expected no message for {wait}, but received {e.Message} ({e.Message.GetType().Name}) from {e.Sender}");
    }

    public Task<Terminated> ExpectTerminatedAsync(IActorRef target, TimeSpan? timeout = null) =>
        ExpectMsgAsync<Terminated>(t => t.ActorRef.Equals(target), timeout, "Terminated of " + target);

    public async Task<object> ReceiveOneAsync(TimeSpan? timeout = null) =>
        (await ReceiveEnvelopeAsync(Timeout(timeout), "any message").ConfigureAwait(false)).Message;

    public async Task<IReadOnlyList<object>> ReceiveNAsync(int count, TimeSpan? max = null)
    {
        var deadline = DateTime.UtcNow + Timeout(max);
        var messages = new List<object>(count);
        for (var i = 0; i < count; i++)
        {
            var envelope = await ReceiveEnvelopeAsync(Clamp(deadline - DateTime.UtcNow), $"message {i + 1} of {count}").ConfigureAwait(false);
            messages.Add(envelope.Message);
        }
        return messages;
    }

    /// <summary>Skips messages until one matches; fails when none does in time.</summary>
    public async Task<object> FishForMessageAsync(Predicate<object> isMessage, TimeSpan? max = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        var deadline = DateTime.UtcNow + Timeout(max);
        while (true)
        {
            var envelope = await ReceiveEnvelopeAsync(Clamp(deadline - DateTime.UtcNow), "a message matching the fish predicate" + Hint(hint)).ConfigureAwait(false);
            if (isMessage(envelope.Message)) return envelope.Message;
        }
    }

    public async Task<T> FishForMessageAsync<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null)
    {
        ArgumentNullException.ThrowIfNull(isMessage);
        return (T)await FishForMessageAsync(m => m is T typed && isMessage(typed), max, hint).ConfigureAwait(false);
    }

    // ---- sync forms ----

    public T ExpectMsg<T>(TimeSpan? timeout = null, string? hint = null) => ExpectMsgAsync<T>(timeout, hint).GetAwaiter().GetResult();
    public T ExpectMsg<T>(Predicate<T> isMessage, TimeSpan? timeout = null, string? hint = null) => ExpectMsgAsync(isMessage, timeout, hint).GetAwaiter().GetResult();
    public T ExpectMsg<T>(Action<T> assert, TimeSpan? timeout = null, string? hint = null) => ExpectMsgAsync(assert, timeout, hint).GetAwaiter().GetResult();
    public T ExpectMsg<T>(T expected, TimeSpan? timeout = null, string? hint = null) => ExpectMsgAsync(expected, timeout, hint).GetAwaiter().GetResult();
    public T ExpectMsgFrom<T>(IActorRef sender, TimeSpan? timeout = null, string? hint = null) => ExpectMsgFromAsync<T>(sender, timeout, hint).GetAwaiter().GetResult();
    public void ExpectNoMsg(TimeSpan? duration = null) => ExpectNoMsgAsync(duration).GetAwaiter().GetResult();
    public Terminated ExpectTerminated(IActorRef target, TimeSpan? timeout = null) => ExpectTerminatedAsync(target, timeout).GetAwaiter().GetResult();
    public object ReceiveOne(TimeSpan? timeout = null) => ReceiveOneAsync(timeout).GetAwaiter().GetResult();
    public IReadOnlyList<object> ReceiveN(int count, TimeSpan? max = null) => ReceiveNAsync(count, max).GetAwaiter().GetResult();
    public object FishForMessage(Predicate<object> isMessage, TimeSpan? max = null, string? hint = null) => FishForMessageAsync(isMessage, max, hint).GetAwaiter().GetResult();
    public T FishForMessage<T>(Predicate<T> isMessage, TimeSpan? max = null, string? hint = null) => FishForMessageAsync(isMessage, max, hint).GetAwaiter().GetResult();

    // ---- talking back ----

    /// <summary>Replies to the sender of the last received message, from the test actor.</summary>
    public void Reply(object message) => LastSender.Tell(message, TestActor);

    /// <summary>Sends the last received message on to <paramref name="target"/>, keeping its sender.</summary>
    public void Forward(IActorRef target)
    {
        ArgumentNullException.ThrowIfNull(target);
        target.Tell(_lastMessage.Message ?? throw new InvalidOperationException("No message received yet"), _lastMessage.Sender);
    }

    /// <summary>The test actor watches <paramref name="target"/>; see <see cref="ExpectTerminated"/>.</summary>
    public IActorRef Watch(IActorRef target)
    {
        TestActor.Tell(new TestActor.WatchCommand(target), null);
        return target;
    }

    public IActorRef Unwatch(IActorRef target)
    {
        TestActor.Tell(new TestActor.UnwatchCommand(target), null);
        return target;
    }

    // ---- time ----

    /// <summary>Retries <paramref name="assertion"/> until it passes or the (dilated) duration is over.</summary>
    public async Task AwaitAssertAsync(Func<Task> assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        var deadline = DateTime.UtcNow + Timeout(duration);
        var pause = interval ?? TimeSpan.FromMilliseconds(50);
        while (true)
        {
            try
            {
                await assertion().ConfigureAwait(false);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(pause).ConfigureAwait(false);
            }
        }
    }

    public Task AwaitAssertAsync(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null)
    {
        ArgumentNullException.ThrowIfNull(assertion);
        return AwaitAssertAsync(() =>
        {
            assertion();
            return Task.CompletedTask;
        }, duration, interval);
    }

    public void AwaitAssert(Action assertion, TimeSpan? duration = null, TimeSpan? interval = null) =>
        AwaitAssertAsync(assertion, duration, interval).GetAwaiter().GetResult();

    public async Task AwaitConditionAsync(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var timeout = Timeout(max);
        var deadline = DateTime.UtcNow + timeout;
        var pause = interval ?? TimeSpan.FromMilliseconds(50);
        while (!condition())
        {
            if (DateTime.UtcNow >= deadline) Assert.Fail($"Timeout ({timeout}) waiting for condition{Hint(message)}");
            await Task.Delay(pause).ConfigureAwait(false);
        }
    }

    public void AwaitCondition(Func<bool> condition, TimeSpan? max = null, TimeSpan? interval = null, string? message = null) =>
        AwaitConditionAsync(condition, max, interval, message).GetAwaiter().GetResult();

    /// <summary>Runs <paramref name="action"/> with a deadline that nested Expect* calls inherit; fails if it ends later than <paramref name="max"/>.</summary>
    public void Within(TimeSpan max, Action action) => Within(TimeSpan.Zero, max, action);

    public void Within(TimeSpan min, TimeSpan max, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        WithinAsync(min, max, () =>
        {
            action();
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();
    }

    public Task WithinAsync(TimeSpan max, Func<Task> function) => WithinAsync(TimeSpan.Zero, max, function);

    public async Task WithinAsync(TimeSpan min, TimeSpan max, Func<Task> function)
    {
        ArgumentNullException.ThrowIfNull(function);
        var dilatedMax = Dilated(max);
        var start = DateTime.UtcNow;
        var previous = _end;
        var end = start + dilatedMax;
        _end = previous is { } outer && outer < end ? outer : end;
        try
        {
            await function().ConfigureAwait(false);
        }
        finally
        {
            _end = previous;
        }
        var elapsed = DateTime.UtcNow - start;
        if (elapsed < min) Assert.Fail($"Block took {elapsed}, should at least have been {min}");
        if (elapsed > dilatedMax) Assert.Fail($"Block took {elapsed}, exceeding {dilatedMax}");
    }
}
