using System.Runtime.CompilerServices;
using Spacedrive.Node.Hosting;

namespace Spacedrive.Node.Api;

/// <summary>A node hosted in this process for one command; stopped (gracefully) when disposed.</summary>
public sealed class InProcessNodeClient(NodeHost host) : INodeClient
{
    public bool IsInProcess => true;

    public NodeHost Host { get; } = host;

    public Task<TReply> CallAsync<TRequest, TReply>(ApiOperation<TRequest, TReply> operation, TRequest request, CancellationToken cancellationToken = default) =>
        Host.Api.InvokeAsync(operation, request, cancellationToken);

    public async IAsyncEnumerable<NodeEventEnvelope> EventsAsync(string[]? types, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var filter = types is { Length: > 0 } ? types.ToHashSet(StringComparer.Ordinal) : null;
        await foreach (var e in Host.Api.Events.SubscribeAsync(filter, cancellationToken).ConfigureAwait(false))
            yield return e;
    }

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
