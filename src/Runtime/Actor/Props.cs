using System.Linq.Expressions;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// An immutable recipe for an actor: a factory (called again on every restart) plus deployment
/// (dispatcher, supervisor strategy). Create with <c>Props.Create&lt;T&gt;()</c>,
/// <c>Props.Create(() =&gt; new T(args))</c> or <c>Props.Create(typeof(T), args)</c>.
/// </summary>
public sealed class Props
{
    public const string DefaultDispatcherId = "spacedrive.actor.default-dispatcher";

    private readonly Func<ActorBase> _factory;

    private Props(Type type, Func<ActorBase> factory, string dispatcher, SupervisorStrategy? supervisorStrategy)
    {
        Type = type;
        _factory = factory;
        Dispatcher = dispatcher;
        SupervisorStrategy = supervisorStrategy;
    }

    public Type Type { get; }
    public string Dispatcher { get; }
    /// <summary>Overrides the actor's own <c>SupervisorStrategy()</c> for its children, when set.</summary>
    public SupervisorStrategy? SupervisorStrategy { get; }

    public static Props Create<TActor>() where TActor : ActorBase, new() =>
        new(typeof(TActor), static () => new TActor(), DefaultDispatcherId, null);

    public static Props Create<TActor>(Expression<Func<TActor>> factory) where TActor : ActorBase
    {
        ArgumentNullException.ThrowIfNull(factory);
        if (factory.Body is not NewExpression and not MemberInitExpression)
            throw new ArgumentException("The factory must be a 'new' expression, e.g. Props.Create(() => new MyActor(arg)).", nameof(factory));
        var compiled = factory.Compile();
        return new Props(typeof(TActor), compiled, DefaultDispatcherId, null);
    }

    public static Props Create(Type type, params object?[] args)
    {
        ArgumentNullException.ThrowIfNull(type);
        if (!typeof(ActorBase).IsAssignableFrom(type))
            throw new ArgumentException($"Type {type} is not an actor (it must derive from ActorBase).", nameof(type));
        return new Props(type, () => (ActorBase)Activator.CreateInstance(type, args)!, DefaultDispatcherId, null);
    }

    public Props WithDispatcher(string dispatcher) => new(Type, _factory, dispatcher, SupervisorStrategy);

    public Props WithSupervisorStrategy(SupervisorStrategy strategy) => new(Type, _factory, Dispatcher, strategy);

    internal ActorBase NewActor()
    {
        try
        {
            return _factory();
        }
        catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }
    }

    public override string ToString() => $"Props({Type.Name}, dispatcher={Dispatcher})";
}
