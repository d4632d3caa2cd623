using Spacedrive.Runtime.Dispatch.SysMsg;

namespace Spacedrive.Runtime.Actor;

internal sealed partial class ActorCell
{
    public IActorRef Watch(IActorRef subject) => WatchWith(subject, null);

    public IActorRef WatchWith(IActorRef subject, object? message)
    {
        ArgumentNullException.ThrowIfNull(subject);
        if (subject.Equals(_self)) return subject;
        var watching = Extras.Watching ??= [];
        if (watching.TryAdd(subject, message))
        {
            if (subject is not InternalActorRef target) throw new ArgumentException($"Cannot watch {subject}: not a runtime ref", nameof(subject));
            target.SendSystemMessage(new Watch(subject, _self));
        }
        else
        {
            watching[subject] = message;
        }
        return subject;
    }

    public IActorRef Unwatch(IActorRef subject)
    {
        ArgumentNullException.ThrowIfNull(subject);
        var extras = _extras;
        if (extras?.Watching is not null && extras.Watching.Remove(subject) && subject is InternalActorRef target)
            target.SendSystemMessage(new Unwatch(subject, _self));
        // A Terminated already in the mailbox is dropped when it is dequeued.
        extras?.TerminatedQueued?.Remove(subject);
        return subject;
    }

    private void AddWatcher(IActorRef watchee, IActorRef watcher)
    {
        if (watchee.Equals(_self) && !watcher.Equals(_self)) (Extras.WatchedBy ??= []).Add(watcher);
    }

    private void RemoveWatcher(IActorRef watchee, IActorRef watcher)
    {
        if (watchee.Equals(_self)) _extras?.WatchedBy?.Remove(watcher);
    }

    private void WatchedActorTerminated(DeathWatchNotification notification)
    {
        var actor = notification.Actor;
        if (_extras?.Watching is { } watching && watching.Remove(actor, out var customMessage) && !IsTerminating)
        {
            (_extras.TerminatedQueued ??= [])[actor] = customMessage;
            _self.Tell(new Terminated(actor, notification.ExistenceConfirmed, notification.AddressTerminated), actor);
        }
        HandleChildTerminated(actor);
    }

    private void ReceivedTerminated(Terminated terminated)
    {
        var queued = _extras?.TerminatedQueued;
        if (queued is null || !queued.Remove(terminated.ActorRef, out var customMessage)) return;
        var message = customMessage ?? terminated;
        _current = new Dispatch.Envelope(message, _current.Sender);
        _actor?.AroundReceive(message);
    }

    /// <summary>
    /// Puts stashed envelopes back at the front of the mailbox. A stashed <see cref="Terminated"/> was taken off
    /// TerminatedQueued when first received; it is queued again here, or it would be dropped when dequeued again.
    /// </summary>
    internal void Unstash(IReadOnlyList<Dispatch.Envelope> envelopes)
    {
        foreach (var envelope in envelopes)
        {
            if (envelope.Message is Terminated terminated) (Extras.TerminatedQueued ??= [])[terminated.ActorRef] = null;
        }
        Mailbox.Prepend(envelopes);
    }

    private void TellWatchersWeDied()
    {
        var watchers = _extras?.WatchedBy;
        if (watchers is null) return;
        foreach (var watcher in watchers)
        {
            // The parent is told separately (it must learn of the death whether it watches or not).
            if (watcher.Equals(_parent) || watcher is not InternalActorRef target) continue;
            target.SendSystemMessage(new DeathWatchNotification(_self, existenceConfirmed: true, addressTerminated: false));
        }
        watchers.Clear();
    }

    private void UnwatchWatchedActors()
    {
        var extras = _extras;
        if (extras?.Watching is not { Count: > 0 } watching) return;
        foreach (var subject in watching.Keys)
        {
            if (subject is InternalActorRef target) target.SendSystemMessage(new Unwatch(subject, _self));
        }
        watching.Clear();
        extras.TerminatedQueued?.Clear();
    }
}
