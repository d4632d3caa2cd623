using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// A path (absolute or relative to an anchor, with <c>*</c>/<c>?</c> wildcards and <c>..</c>), resolved
/// again on every delivery. It names places, not incarnations, so it cannot be watched; use
/// <see cref="ResolveOne"/> (or <see cref="Identify"/>) to obtain a ref.
/// </summary>
public sealed class ActorSelection : ICanTell
{
    internal ActorSelection(IActorRef anchor, IReadOnlyList<string> elements)
    {
        Anchor = anchor;
        Elements = elements;
    }

    public IActorRef Anchor { get; }
    public IReadOnlyList<string> Elements { get; }
    public string PathString => "/" + string.Join('/', Elements);

    public void Tell(object message, IActorRef? sender)
    {
        ArgumentNullException.ThrowIfNull(message);
        var targets = Resolve();
        if (targets.Count == 0)
        {
            if (message is Identify identify) sender?.Tell(new ActorIdentity(identify.MessageId, null), Anchor);
            else if (Anchor is InternalActorRef { System: { } system })
                system.DeadLetters.Tell(new DeadLetter(message, sender ?? system.DeadLetters, Anchor), sender);
            return;
        }
        foreach (var target in targets) target.Tell(message, sender);
    }

    /// <summary>The single actor at this path now, or <see cref="ActorNotFoundException"/>.</summary>
    public async Task<IActorRef> ResolveOne(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var identity = await this.Ask<ActorIdentity>(new Identify(null), timeout, cancellationToken).ConfigureAwait(false);
        return identity.Subject ?? throw new ActorNotFoundException($"Actor not found for: {this}");
    }

    internal IReadOnlyList<InternalActorRef> Resolve()
    {
        if (Anchor is not InternalActorRef anchor || anchor.System is not { } system) return [];
        List<InternalActorRef> current = [anchor];
        foreach (var element in Elements)
        {
            var next = new List<InternalActorRef>();
            foreach (var actor in current)
            {
                if (element == "..")
                {
                    if (actor.Parent is { } parent && !actor.Equals(system.RootGuardian)) next.Add(parent);
                }
                else if (element is "" or ".")
                {
                    next.Add(actor);
                }
                else if (element.AsSpan().IndexOfAny('*', '?') >= 0)
                {
                    foreach (var child in ChildrenOf(system, actor))
                    {
                        if (WildcardMatch(element, child.Path.Name)) next.Add(child);
                    }
                }
                else if ((actor.Equals(system.RootGuardian) ? system.RootChild(element) : actor.GetChild(element)) is { } child)
                {
                    next.Add(child);
                }
            }
            current = next;
            if (current.Count == 0) break;
        }
        return current;
    }

    private static IEnumerable<InternalActorRef> ChildrenOf(ActorSystemImpl system, InternalActorRef actor) =>
        actor is LocalActorRef local ? local.Cell.Children.Cast<InternalActorRef>() : [];

    internal static bool WildcardMatch(ReadOnlySpan<char> pattern, ReadOnlySpan<char> text)
    {
        while (pattern.Length > 0)
        {
            if (pattern[0] == '*')
            {
                pattern = pattern[1..];
                for (var i = 0; i <= text.Length; i++)
                {
                    if (WildcardMatch(pattern, text[i..])) return true;
                }
                return false;
            }
            if (text.Length == 0 || (pattern[0] != '?' && pattern[0] != text[0])) return false;
            pattern = pattern[1..];
            text = text[1..];
        }
        return text.Length == 0;
    }

    public override string ToString() => $"ActorSelection[Anchor({Anchor.Path}), Path({PathString})]";
}
