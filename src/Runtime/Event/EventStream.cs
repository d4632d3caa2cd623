using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Event;

/// <summary>
/// The system's local publish/subscribe bus, classified by type including subclasses. Subscribers
/// that terminate are removed automatically. Publishing reads an immutable snapshot (no lock).
/// </summary>
public sealed class EventStream
{
    private readonly object _gate = new();
    private Subscription[] _subscriptions = [];
    private Action<IActorRef>? _onFirstSubscription;

    private readonly record struct Subscription(Type Channel, IActorRef Subscriber);

    internal void SetUnsubscriber(Action<IActorRef> watchSubscriber) => _onFirstSubscription = watchSubscriber;

    public bool Subscribe(IActorRef subscriber, Type channel)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(channel);
        bool firstForSubscriber;
        lock (_gate)
        {
            var current = _subscriptions;
            if (Array.Exists(current, s => s.Channel == channel && s.Subscriber.Equals(subscriber))) return false;
            firstForSubscriber = !Array.Exists(current, s => s.Subscriber.Equals(subscriber));
            _subscriptions = [.. current, new Subscription(channel, subscriber)];
        }
        if (firstForSubscriber) _onFirstSubscription?.Invoke(subscriber);
        return true;
    }

    public bool Subscribe<T>(IActorRef subscriber) => Subscribe(subscriber, typeof(T));

    public bool Unsubscribe(IActorRef subscriber, Type channel)
    {
        lock (_gate)
        {
            var current = _subscriptions;
            var next = Array.FindAll(current, s => !(s.Channel == channel && s.Subscriber.Equals(subscriber)));
            _subscriptions = next;
            return next.Length != current.Length;
        }
    }

    public bool Unsubscribe(IActorRef subscriber)
    {
        lock (_gate)
        {
            var current = _subscriptions;
            var next = Array.FindAll(current, s => !s.Subscriber.Equals(subscriber));
            _subscriptions = next;
            return next.Length != current.Length;
        }
    }

    /// <summary>Whether <paramref name="subscriber"/> holds any subscription (a query: unlike Unsubscribe, it changes nothing).</summary>
    internal bool IsSubscribed(IActorRef subscriber) => Array.Exists(_subscriptions, s => s.Subscriber.Equals(subscriber));

    public void Publish(object @event)
    {
        ArgumentNullException.ThrowIfNull(@event);
        var type = @event.GetType();
        foreach (var subscription in Volatile.Read(ref _subscriptions))
        {
            if (subscription.Channel.IsAssignableFrom(type)) subscription.Subscriber.Tell(@event, null);
        }
    }

    internal bool HasSubscriberFor(Type type) =>
        Array.Exists(Volatile.Read(ref _subscriptions), s => s.Channel.IsAssignableFrom(type));
}
