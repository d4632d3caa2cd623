using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Spacedrive.Node.Api;

/// <summary>
/// Serves the <see cref="NodeApi"/> as HTTP+JSON on the Unix socket of the data directory (0600), and,
/// only when configured, on a loopback TCP port that requires a bearer token. Events stream as
/// Server-Sent Events on <c>GET /v1/events</c>.
/// </summary>
public sealed class ApiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _socketPath;

    private ApiServer(WebApplication app, string socketPath)
    {
        _app = app;
        _socketPath = socketPath;
    }

    public static async Task<ApiServer> StartAsync(NodeApi api, ApiServerOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        if (File.Exists(options.SocketPath)) File.Delete(options.SocketPath); // stale, from a node that was killed: the lock proved no node runs.

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        var uid = PeerCredentials.CurrentUid();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.ListenUnixSocket(options.SocketPath, listen => listen.Use(next => async connection =>
            {
                var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
                if (socket is not null && PeerCredentials.PeerUid(socket) is { } peer && peer != uid && peer != 0)
                {
                    connection.Abort(new ConnectionAbortedException($"peer uid {peer} is not the node's owner"));
                    return;
                }
                await next(connection).ConfigureAwait(false);
            }));
            if (options.TcpPort is { } port)
                kestrel.Listen(System.Net.IPAddress.Loopback, port);
        });

        var app = builder.Build();
        if (options.TcpPort is not null)
        {
            app.Use(async (http, next) =>
            {
                // TCP is reachable by every local user and by web pages: require the token, refuse foreign origins.
                if (http.Connection.LocalPort == options.TcpPort)
                {
                    var authorized = options.Token is { Length: > 0 } token &&
                                     http.Request.Headers.Authorization.ToString() == "Bearer " + token;
                    var origin = http.Request.Headers.Origin.ToString();
                    var hostOk = http.Request.Host.Host is "127.0.0.1" or "localhost";
                    if (!authorized || !hostOk || (origin.Length > 0 && !origin.StartsWith("http://127.0.0.1", StringComparison.Ordinal) && !origin.StartsWith("http://localhost", StringComparison.Ordinal)))
                    {
                        await WriteError(http, new SdException("unauthorized", "A valid bearer token is required on the TCP API (see api.tcp.token)."), 401).ConfigureAwait(false);
                        return;
                    }
                }
                await next(http).ConfigureAwait(false);
            });
        }

        foreach (var registration in api.Registrations)
        {
            var op = registration.Operation;
            app.MapPost(op.Route, async http =>
            {
                object? request;
                try
                {
                    request = http.Request.ContentLength is 0 or null && !http.Request.Headers.ContainsKey("Transfer-Encoding")
                        ? JsonSerializer.Deserialize("{}", op.RequestType, ApiJson.Options)
                        : await JsonSerializer.DeserializeAsync(http.Request.Body, op.RequestType, ApiJson.Options, http.RequestAborted).ConfigureAwait(false);
                    if (request is null) throw new JsonException("the body is null");
                }
                catch (JsonException e)
                {
                    await WriteError(http, new SdException(ErrorCodes.BadRequest, $"The request body of {op.Name} is not valid: {e.Message}")).ConfigureAwait(false);
                    return;
                }

                try
                {
                    var reply = await registration.Handler(request, http.RequestAborted).ConfigureAwait(false);
                    http.Response.ContentType = "application/json";
                    await JsonSerializer.SerializeAsync(http.Response.Body, reply, op.ReplyType, ApiJson.Options, http.RequestAborted).ConfigureAwait(false);
                }
                catch (SdException e)
                {
                    await WriteError(http, e).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    loggerFactory.CreateLogger<ApiServer>().LogError(e, "{Operation} failed", op.Name);
                    await WriteError(http, new SdException(ErrorCodes.Internal, $"{op.Name} failed: {e.Message}")).ConfigureAwait(false);
                }
            });
        }

        app.MapGet("/v1/events", async http =>
        {
            var types = http.Request.Query["types"].ToString();
            var filter = types.Length == 0 ? null : types.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            await http.Response.WriteAsync(": connected\n\n", http.RequestAborted).ConfigureAwait(false);
            await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
            try
            {
                await foreach (var e in api.Events.SubscribeAsync(filter, http.RequestAborted).ConfigureAwait(false))
                {
                    await http.Response.WriteAsync($"event: {e.Type}\ndata: {e.Data.GetRawText()}\n\n", http.RequestAborted).ConfigureAwait(false);
                    await http.Response.Body.FlushAsync(http.RequestAborted).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
            }
        });

        app.MapFallback(http => WriteError(http, new SdException(ErrorCodes.NotFound, $"No operation at {http.Request.Method} {http.Request.Path}. See docs/API.md."), 404));

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(options.SocketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return new ApiServer(app, options.SocketPath);
    }

    private static async Task WriteError(HttpContext http, SdException e, int? status = null)
    {
        http.Response.StatusCode = status ?? e.HttpStatus;
        http.Response.ContentType = "application/json";
        await JsonSerializer.SerializeAsync(http.Response.Body, e.ToError(), ApiJson.Options).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(timeout.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        try { File.Delete(_socketPath); } catch (IOException) { }
    }
}

public sealed record ApiServerOptions(string SocketPath, int? TcpPort = null, string? Token = null);
