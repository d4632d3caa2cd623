namespace Spacedrive.Node.Api;

/// <summary>How the CLI reaches a node: over the Unix socket of a running one, or directly in-process.</summary>
public interface INodeClient : IAsyncDisposable
{
    /// <summary>True when this client hosts the node itself for the duration of the command.</summary>
    bool IsInProcess { get; }

    Task<TReply> CallAsync<TRequest, TReply>(ApiOperation<TRequest, TReply> operation, TRequest request, CancellationToken cancellationToken = default);

    /// <summary>Server-sent events of the node, one JSON object each, until cancelled.</summary>
    IAsyncEnumerable<NodeEventEnvelope> EventsAsync(string[]? types, CancellationToken cancellationToken);
}

/// <summary>One event on the API's stream: its type name (e.g. `job_progress`) and its JSON payload.</summary>
public sealed record NodeEventEnvelope(string Type, System.Text.Json.JsonElement Data);
