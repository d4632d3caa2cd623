namespace Spacedrive.Runtime.Actor;

/// <summary>An actor with one <see cref="OnReceive"/> method; call <c>Unhandled(message)</c> for what it does not handle.</summary>
public abstract class UntypedActor : ActorBase
{
    protected internal sealed override bool Receive(object message)
    {
        OnReceive(message);
        return true;
    }

    protected abstract void OnReceive(object message);

    protected void Become(UntypedReceive receive) => Context.Become(Wrap(receive));

    protected void BecomeStacked(UntypedReceive receive) => Context.BecomeStacked(Wrap(receive));

    protected void UnbecomeStacked() => Context.UnbecomeStacked();

    private static Receive Wrap(UntypedReceive receive) => message =>
    {
        receive(message);
        return true;
    };
}
