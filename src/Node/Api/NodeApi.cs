using System.Collections.Frozen;

namespace Spacedrive.Node.Api;

/// <summary>
/// The handlers of every API operation, by name. The HTTP server maps them to routes; the CLI calls
/// them directly when it hosts the node in-process. One place, so both paths behave the same.
/// </summary>
public sealed class NodeApi
{
    private readonly Dictionary<string, Registration> _handlers = new(StringComparer.Ordinal);
    private FrozenDictionary<string, Registration>? _frozen;

    public NodeApi(INodeEventSource events)
    {
        Events = events;
    }

    public INodeEventSource Events { get; }

    public IEnumerable<Registration> Registrations => Frozen.Values;

    private FrozenDictionary<string, Registration> Frozen => _frozen ??= _handlers.ToFrozenDictionary(StringComparer.Ordinal);

    public NodeApi Register<TRequest, TReply>(ApiOperation<TRequest, TReply> operation, Func<TRequest, CancellationToken, Task<TReply>> handler)
    {
        if (_frozen is not null) throw new InvalidOperationException("Operations must be registered before the API starts serving.");
        _handlers.Add(operation.Name, new Registration(operation, async (request, ct) => await handler((TRequest)request, ct).ConfigureAwait(false)));
        return this;
    }

    public async Task<TReply> InvokeAsync<TRequest, TReply>(ApiOperation<TRequest, TReply> operation, TRequest request, CancellationToken cancellationToken)
    {
        if (!Frozen.TryGetValue(operation.Name, out var registration))
            throw new SdException(ErrorCodes.NotFound, $"This node does not serve '{operation.Name}'. Is it an older version than this sd?");
        var reply = await registration.Handler(request!, cancellationToken).ConfigureAwait(false);
        return (TReply)reply!;
    }

    public sealed record Registration(ApiOperation Operation, Func<object, CancellationToken, Task<object?>> Handler);
}

/// <summary>The node's events as the API streams them (job progress, resource changes).</summary>
public interface INodeEventSource
{
    IAsyncEnumerable<NodeEventEnvelope> SubscribeAsync(IReadOnlySet<string>? types, CancellationToken cancellationToken);
}
