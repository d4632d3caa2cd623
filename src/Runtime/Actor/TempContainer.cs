using System.Collections.Concurrent;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Actor;

/// <summary><c>/temp</c>: temporary refs (ask promises) that must be found by path.</summary>
internal sealed class TempContainer(ActorSystemImpl system, ActorPath path) : MinimalActorRef
{
    private readonly ConcurrentDictionary<string, InternalActorRef> _children = new(StringComparer.Ordinal);

    public override ActorPath Path => path;
    public override bool IsTerminated => false;
    internal override ActorSystemImpl System => system;

    public void Register(string name, InternalActorRef actor) => _children[name] = actor;
    public void Unregister(string name) => _children.TryRemove(name, out _);

    public override InternalActorRef? GetChild(string name) => _children.GetValueOrDefault(name);

    public override void Tell(object message, IActorRef? sender) =>
        system.DeadLetters.Tell(new DeadLetter(message, sender ?? system.DeadLetters, this), sender);
}
