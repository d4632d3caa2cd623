using Spacedrive.Runtime.Dispatch;

namespace Spacedrive.Runtime.Actor;

/// <summary>The stash: a list allocated on first use, unstashed to the front of the actor's mailbox.</summary>
internal sealed class UnboundedStash(ActorCell cell) : IStash
{
    private List<Envelope>? _stashed;

    public int Count => _stashed?.Count ?? 0;

    public void Stash()
    {
        var current = cell.CurrentEnvelope;
        if (current.Message is null) throw new IllegalStateException("There is no current message to stash.");
        _stashed ??= [];
        if (_stashed.Count > 0 && ReferenceEquals(_stashed[^1].Message, current.Message) && Equals(_stashed[^1].Sender, current.Sender))
            throw new IllegalStateException($"Can't stash the same message {current.Message} more than once");
        _stashed.Add(current);
    }

    public void Unstash()
    {
        if (_stashed is not { Count: > 0 }) return;
        var first = _stashed[0];
        _stashed.RemoveAt(0);
        cell.Unstash([first]);
    }

    public void UnstashAll()
    {
        if (_stashed is not { Count: > 0 }) return;
        cell.Unstash(_stashed);
        _stashed.Clear();
    }

    public void UnstashAll(Func<Envelope, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        if (_stashed is not { Count: > 0 }) return;
        var selected = _stashed.FindAll(e => predicate(e));
        _stashed.RemoveAll(e => predicate(e));
        cell.Unstash(selected);
    }

    public IReadOnlyList<Envelope> ClearStash()
    {
        if (_stashed is null) return [];
        var all = _stashed.ToArray();
        _stashed.Clear();
        return all;
    }

    /// <summary>Prepends envelopes before the stashed ones (persistent actors keep commands this way).</summary>
    internal void Prepend(IEnumerable<Envelope> envelopes) => (_stashed ??= []).InsertRange(0, envelopes);
}
