namespace Spacedrive.Runtime.Actor;

internal sealed partial class ActorCell
{
    private ChildrenContainer EnsureChildren()
    {
        var children = Volatile.Read(ref _children);
        if (children is not null) return children;
        Interlocked.CompareExchange(ref _children, new ChildrenContainer(), null);
        return _children!;
    }

    public IEnumerable<IActorRef> Children => _children?.Snapshot() ?? [];

    public IActorRef Child(string name) => _children?.Get(name) ?? (IActorRef)Nobody.Instance;

    internal InternalActorRef? GetChildByName(string name) => _children?.Get(name);

    public IActorRef ActorOf(Props props, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(props);
        if (name is not null && !ActorPath.IsValidPathElement(name))
        {
            throw new InvalidActorNameException(
                $"Invalid actor path element [{name}]: use ASCII letters, digits and -_.*$+:@&=,!~';() (not starting with '$')");
        }
        var dispatcher = _system.Dispatchers.Lookup(props.Dispatcher);
        var container = EnsureChildren();
        name ??= container.NextName();
        var child = new LocalActorRef(_self.Path.Child(name, ActorSystemImpl.NewUid()));
        var cell = new ActorCell(_system, child, props, dispatcher, _self);
        container.Add(name, child);
        cell.Start();
        return child;
    }

    public void Stop(IActorRef child)
    {
        ArgumentNullException.ThrowIfNull(child);
        _children?.MarkToDie(child);
        if (child is InternalActorRef internalRef) internalRef.Stop();
    }

    private void HandleChildTerminated(IActorRef child)
    {
        var container = _children;
        if (container is null || !container.Remove(child) || container.HasChildrenToDie) return;
        if (IsTerminating)
        {
            FinishTerminate();
        }
        else if (_extras?.PendingRecreateCause is { } cause)
        {
            _extras.PendingRecreateCause = null;
            FinishRecreate(cause);
        }
    }

    private void SuspendChildren()
    {
        if (_children is null) return;
        foreach (var child in _children.Snapshot()) child.Suspend();
    }

    private void ResumeChildren()
    {
        if (_children is null) return;
        foreach (var child in _children.Snapshot()) child.Resume(null);
    }

    internal void AttachChild(string name, InternalActorRef child) => EnsureChildren().Add(name, child);

    internal void MarkChildToDie(IActorRef child) => _children?.MarkToDie(child);
}
