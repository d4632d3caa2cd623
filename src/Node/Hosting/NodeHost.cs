using System.Reflection;
using Microsoft.Extensions.Logging;
using Spacedrive.Actors.Nodes;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Nodes;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Node.Api;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// A running node: the data directory's lock, configuration, logging, the actor system with
/// <c>/user/node</c>, and the local API on the data directory's socket. Disposing stops it
/// gracefully: the API first, then the actors (jobs checkpoint, databases close), then the lock.
/// </summary>
public sealed class NodeHost : IAsyncDisposable
{
    private readonly NodeLock _lock;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _log;
    private readonly TaskCompletionSource _stopRequested = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TimeSpan _askTimeout;
    private ApiServer? _server;
    private int _disposed;

    private NodeHost(DataDirectory dataDir, NodeLock nodeLock, Config config, ILoggerFactory loggerFactory, ActorSystem system, IActorRef node, DeviceInfo device)
    {
        DataDir = dataDir;
        _lock = nodeLock;
        Config = config;
        _loggerFactory = loggerFactory;
        _log = loggerFactory.CreateLogger("Spacedrive.Node");
        System = system;
        Node = node;
        Device = device;
        _askTimeout = config.GetTimeSpan("spacedrive.api.request-timeout", TimeSpan.FromSeconds(60), allowInfinite: false);
        Api = BuildApi();
    }

    public DataDirectory DataDir { get; }
    public Config Config { get; }
    public ActorSystem System { get; }
    public IActorRef Node { get; }
    public DeviceInfo Device { get; }
    public NodeApi Api { get; }

    /// <summary>Completes when a client asked the node to stop (`sd node stop`).</summary>
    public Task WhenStopRequested => _stopRequested.Task;

    public static string Version { get; } =
        typeof(NodeHost).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static async Task<NodeHost> StartAsync(DataDirectory dataDir, NodeHostOptions options, CancellationToken cancellationToken)
    {
        dataDir.EnsureCreated();
        var nodeLock = NodeLock.Acquire(dataDir);
        ILoggerFactory? loggerFactory = null;
        ActorSystem? system = null;
        try
        {
            var config = NodeConfiguration.Load(dataDir);
            // A node hosted for one command watches no location (a watcher would start a catch-up walk per command) and
            // builds no name index ahead of a search it may never run; `sd node start` does both.
            if (options.InProcess)
                config = ConfigurationFactory.ParseString("spacedrive.watcher.enabled = off\nspacedrive.search.prewarm-name-index = off").WithFallback(config);
            loggerFactory = CreateLogging(dataDir, config, options);
            var device = DeviceIdentityStore.LoadOrCreate(dataDir.DeviceFile, options.DeviceName, options.TimeProvider);

            system = ActorSystem.Create("sd", BootstrapSetup.Create()
                .WithConfig(config)
                .WithLoggerFactory(loggerFactory)
                .WithTimeProvider(options.TimeProvider));
            var settings = new NodeSettings(device, dataDir.Root, dataDir.LibrariesDirectory, dataDir.SocketPath, Version, options.TimeProvider.GetUtcNow(), options.InProcess);
            var node = system.ActorOf(NodeActor.Props(settings), NodeActor.Name);

            var host = new NodeHost(dataDir, nodeLock, config, loggerFactory, system, node, device);
            // Opening libraries happens in the actors' PreStart; a status round trip means they are up.
            await host.Api.InvokeAsync(Operations.NodeStatus, EmptyRequest.Instance, cancellationToken).ConfigureAwait(false);
            // A node hosted for one command serves no socket by default: Kestrel's start would double
            // the command's latency, and other commands simply wait for the data directory's lock.
            if (!options.InProcess || config.GetBoolean("spacedrive.api.serve-in-process", false))
                host._server = await ApiServer.StartAsync(host.Api, ApiOptions(dataDir, config), loggerFactory, cancellationToken).ConfigureAwait(false);
            if (host._log.IsEnabled(LogLevel.Information))
                host._log.LogInformation("Node {Device} ({DeviceId}) started on {DataDir}, pid {Pid}{Mode}; API on {Socket}\n{Tree}",
                device.Name, device.Id, dataDir.Root, Environment.ProcessId, options.InProcess ? " (in-process)" : "", dataDir.SocketPath, ActorTree.Render(system));
            return host;
        }
        catch
        {
            if (system is not null) await system.Terminate().ConfigureAwait(false);
            loggerFactory?.Dispose();
            nodeLock.Dispose();
            throw;
        }
    }

    private static ApiServerOptions ApiOptions(DataDirectory dataDir, Config config)
    {
        var tcpEnabled = config.GetBoolean("spacedrive.api.tcp.enabled", false);
        return new ApiServerOptions(
            dataDir.SocketPath,
            tcpEnabled ? config.GetInt("spacedrive.api.tcp.port", 6969) : null,
            config.GetString("spacedrive.api.tcp.token"));
    }

    private static ILoggerFactory CreateLogging(DataDirectory dataDir, Config config, NodeHostOptions options)
    {
        var level = ParseLevel(config.GetString("spacedrive.log.level", "info"));
        var maxBytes = config.GetByteSize("spacedrive.log.max-file-size", 10 * 1024 * 1024) ?? 10 * 1024 * 1024;
        var keep = config.GetInt("spacedrive.log.keep-files", 5);
        return LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(level);
            builder.AddProvider(new RotatingFileLoggerProvider(dataDir.LogDirectory, maxBytes, keep, level));
            if (options.LogToStderr)
            {
                builder.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
                builder.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            }
        });
    }

    private static LogLevel ParseLevel(string? level) => level?.ToLowerInvariant() switch
    {
        "trace" => LogLevel.Trace,
        "debug" => LogLevel.Debug,
        "warn" or "warning" => LogLevel.Warning,
        "error" => LogLevel.Error,
        _ => LogLevel.Information,
    };

    private NodeApi BuildApi()
    {
        var api = new NodeApi(new EventStreamSource(System));
        api.Register(Operations.NodeStatus, (_, ct) => Ask<NodeStatusReply>(GetNodeStatus.Instance, ct));
        api.Register(Operations.NodeStop, (_, _) =>
        {
            _log.LogInformation("Stop requested through the API");
            _stopRequested.TrySetResult();
            return Task.FromResult(new StopNodeReply(true));
        });
        api.Register(Operations.LibraryCreate, (req, ct) => Ask<LibrarySummary>(req, ct));
        api.Register(Operations.LibraryList, (_, ct) => Ask<LibraryListReply>(ListLibraries.Instance, ct));
        api.Register(Operations.LibraryInfo, (req, ct) => Ask<LibraryInfoReply>(req, ct));
        api.Register(Operations.LibraryRename, (req, ct) => Ask<LibrarySummary>(req, ct));
        api.Register(Operations.LibraryDelete, (req, ct) => Ask<LibraryDeleted>(req, ct));
        api.Register(Operations.SearchFiles, (req, ct) => Ask<SearchReply>(req, ct));
        api.Register(Operations.FilesList, (req, ct) => Ask<DirectoryListing>(req, ct));
        api.Register(Operations.TagCreate, (req, ct) => Ask<TagReply>(req, ct));
        api.Register(Operations.TagUpdate, (req, ct) => Ask<TagReply>(req, ct));
        api.Register(Operations.TagDelete, (req, ct) => Ask<TagDeleted>(req, ct));
        api.Register(Operations.TagApply, (req, ct) => Ask<TagsApplied>(req, ct));
        api.Register(Operations.TagRemove, (req, ct) => Ask<TagsApplied>(req, ct));
        api.Register(Operations.TagList, (req, ct) => Ask<TagListReply>(req, ct));
        api.Register(Operations.TagTree, (req, ct) => Ask<TagTreeReply>(req, ct));
        api.Register(Operations.TagShow, (req, ct) => Ask<TagDetails>(req, ct));
        api.Register(Operations.JobList, (req, ct) => Ask<JobListReply>(req, ct));
        api.Register(Operations.JobInfo, (req, ct) => Ask<JobInfoReply>(req, ct));
        api.Register(Operations.JobPause, (req, ct) => Ask<JobControlReply>(req, ct));
        api.Register(Operations.JobResume, (req, ct) => Ask<JobControlReply>(req, ct));
        api.Register(Operations.JobCancel, (req, ct) => Ask<JobControlReply>(req, ct));
        api.Register(Operations.JobRetry, (req, ct) => Ask<JobControlReply>(req, ct));
        api.Register(Operations.JobClear, (req, ct) => Ask<JobsCleared>(req, ct));
        api.Register(Operations.JobStartTest, (req, ct) => Ask<JobControlReply>(req, ct));
        api.Register(Operations.LocationAdd, (req, ct) => Ask<Spacedrive.Messages.Locations.LocationJobReply>(req, ct));
        api.Register(Operations.LocationList, (req, ct) => Ask<Spacedrive.Messages.Locations.LocationListReply>(req, ct));
        api.Register(Operations.LocationRemove, (req, ct) => Ask<Spacedrive.Messages.Locations.LocationRemovedReply>(req, ct));
        api.Register(Operations.LocationRescan, (req, ct) => Ask<Spacedrive.Messages.Locations.LocationJobReply>(req, ct));
        api.Register(Operations.LocationReport, (req, ct) => Ask<Spacedrive.Messages.Locations.LocationReport>(req, ct));
        api.Register(Operations.AuditList, (req, ct) => Ask<Spacedrive.Messages.Actions.AuditListReply>(req, ct));
        api.Register(Operations.AuditVerify, (req, ct) => Ask<Spacedrive.Messages.Actions.AuditVerifyReply>(req, ct));
        api.Register(Operations.ActionPreview, (req, ct) => Ask<Spacedrive.Messages.Actions.ActionPreviewReply>(ActionPreviews.Typed(req), ct));
        api.Register(Operations.FileMkdir, (req, ct) => Ask<Spacedrive.Messages.Actions.FileActionReply>(req, ct));
        api.Register(Operations.FileRename, (req, ct) => Ask<Spacedrive.Messages.Actions.FileActionReply>(req, ct));
        api.Register(Operations.FileDelete, (req, ct) => Ask<Spacedrive.Messages.Actions.FileJobReply>(req, ct));
        api.Register(Operations.FilesValidate, (req, ct) => Ask<Spacedrive.Messages.Content.ValidationQueued>(req, ct));
        api.Register(Operations.FilesDuplicates, (req, ct) => Ask<Spacedrive.Messages.Content.DuplicatesReply>(req, ct));
        FileTransferApi.Register(api, this);
        return api;
    }

    /// <summary>Asks the node actor; a <see cref="LibraryOperationFailed"/> reply becomes the API error with the same code.</summary>
    public async Task<T> Ask<T>(object message, CancellationToken cancellationToken)
    {
        object reply;
        try
        {
            reply = await Node.Ask<object>(message, _askTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            throw new SdException(ErrorCodes.Timeout, $"The node did not answer within {_askTimeout.TotalSeconds:0} s.", e);
        }
        return reply switch
        {
            T typed => typed,
            LibraryOperationFailed failed => throw new SdException(failed.Code, failed.Message),
            Status.Failure failure => throw new SdException(ErrorCodes.Internal, failure.Cause.Message, failure.Cause),
            _ => throw new SdException(ErrorCodes.Internal, $"Unexpected reply {reply.GetType().Name} to {message.GetType().Name}."),
        };
    }

    /// <summary>
    /// Running jobs checkpoint and pause (reason: shutdown) before the actors stop; the next start resumes them.
    /// Jobs paused by the user stay paused. A job that does not stop in time resumes from its last checkpoint anyway.
    /// </summary>
    private async Task PauseJobsAsync()
    {
        var timeout = Config.GetTimeSpan("spacedrive.jobs.shutdown-timeout", TimeSpan.FromSeconds(10), allowInfinite: false) + TimeSpan.FromSeconds(5);
        try
        {
            var paused = await Node.Ask<AllJobsPaused>(PauseAllJobsForShutdown.Instance, timeout).ConfigureAwait(false);
            if (paused.Count > 0 && _log.IsEnabled(LogLevel.Information))
                _log.LogInformation("Paused {Count} running job(s); they resume on the next start", paused.Count);
        }
        catch (Exception e) when (e is AskTimeoutException or TimeoutException or OperationCanceledException)
        {
            _log.LogWarning("Jobs did not all pause within {Timeout}; they resume from their last checkpoint", timeout);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _log.LogInformation("Node stopping");
        if (_server is not null) await _server.DisposeAsync().ConfigureAwait(false);
        await PauseJobsAsync().ConfigureAwait(false);
        await System.Terminate().ConfigureAwait(false);
        _log.LogInformation("Node stopped");
        _loggerFactory.Dispose();
        _lock.Dispose();
    }
}
