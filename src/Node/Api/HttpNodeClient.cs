using System.Net.Http.Json;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Spacedrive.Node.Api;

/// <summary>Talks to a running node over HTTP on its Unix domain socket.</summary>
public sealed class HttpNodeClient : INodeClient
{
    private readonly HttpClient _http;

    public HttpNodeClient(string socketPath, TimeSpan? timeout = null)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://sd/"), Timeout = timeout ?? Timeout.InfiniteTimeSpan };
    }

    public bool IsInProcess => false;

    /// <summary>Checks that a node answers on the socket (a stale socket file from a killed node does not).</summary>
    public static async Task<bool> IsAliveAsync(string socketPath, CancellationToken cancellationToken = default)
    {
        if (!File.Exists(socketPath)) return false;
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task<TReply> CallAsync<TRequest, TReply>(ApiOperation<TRequest, TReply> operation, TRequest request, CancellationToken cancellationToken = default)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.PostAsJsonAsync(operation.Route.TrimStart('/'), request, ApiJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new SdException(ErrorCodes.NodeUnavailable, $"The node stopped answering on its socket ({e.Message}). Is it still running? Try `sd node status`.", e);
        }

        using (response)
        {
            if (response.IsSuccessStatusCode)
            {
                var reply = await response.Content.ReadFromJsonAsync<TReply>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
                return reply ?? throw new SdException(ErrorCodes.Internal, $"The node sent an empty reply to {operation.Name}.");
            }

            ApiError? error = null;
            try
            {
                error = await response.Content.ReadFromJsonAsync<ApiError>(ApiJson.Options, cancellationToken).ConfigureAwait(false);
            }
            catch (JsonException)
            {
            }
            throw new SdException(error?.Code ?? ErrorCodes.Internal, error?.Message ?? $"{operation.Name} failed with HTTP {(int)response.StatusCode}.");
        }
    }

    public async IAsyncEnumerable<NodeEventEnvelope> EventsAsync(string[]? types, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = types is { Length: > 0 } ? "?types=" + Uri.EscapeDataString(string.Join(',', types)) : "";
        using var request = new HttpRequestMessage(HttpMethod.Get, "v1/events" + query);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(stream);
        string? eventType = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null) yield break;
            if (line.StartsWith("event: ", StringComparison.Ordinal)) eventType = line[7..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                using var doc = JsonDocument.Parse(line[6..]);
                yield return new NodeEventEnvelope(eventType ?? "message", doc.RootElement.Clone());
                eventType = null;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}
