using Spacedrive.Actors.Libraries;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Nodes;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Actors.Nodes;

/// <summary>
/// The root of a node's actor tree (<c>/user/node</c>): knows the device, owns the library manager,
/// and answers for the node as a whole.
/// </summary>
public sealed class NodeActor : ReceiveActor
{
    public const string Name = "node";
    public const string LibrariesName = "libraries";

    /// <summary>
    /// The library manager opens libraries in its PreStart, migrations included: the first start after an upgrade that
    /// rebuilds tables keeps it busy for seconds (~10 s for a million entries). Callers bound their own wait; a slow
    /// answer must not fail the ask here, which would restart the node (and its libraries) and lose the request.
    /// </summary>
    private static readonly TimeSpan LibraryManagerWait = TimeSpan.FromMinutes(10);

    private readonly NodeSettings _settings;
    private IActorRef _libraries = Nobody.Instance;

    public NodeActor(NodeSettings settings)
    {
        _settings = settings;
        ReceiveAsync<GetNodeStatus>(async _ =>
        {
            var sender = Sender;
            LibraryListReply libraries;
            try
            {
                libraries = await _libraries.Ask<LibraryListReply>(ListLibraries.Instance, LibraryManagerWait).ConfigureAwait(false);
            }
            catch (AskTimeoutException e)
            {
                sender.Tell(new Status.Failure(e));
                return;
            }
            var now = Context.System.TimeProvider.GetUtcNow();
            sender.Tell(new NodeStatusReply(_settings.Device, _settings.DataDir, Environment.ProcessId, _settings.Version,
                _settings.StartedAt, (now - _settings.StartedAt).TotalSeconds, libraries.Libraries.Count, _settings.ApiSocket, _settings.InProcess));
        });
        // Everything about libraries is the manager's business; the node only routes.
        Receive<CreateLibrary>(m => _libraries.Forward(m));
        Receive<ListLibraries>(m => _libraries.Forward(m));
        Receive<GetLibraryInfo>(m => _libraries.Forward(m));
        Receive<RenameLibrary>(m => _libraries.Forward(m));
        Receive<DeleteLibrary>(m => _libraries.Forward(m));
        Receive<GetLibraryRef>(m => _libraries.Forward(m));
        Receive<IJobRequest>(m => _libraries.Forward(m));
        Receive<PauseAllJobsForShutdown>(m => _libraries.Forward(m));
        // Search and tags are answered by the library's own children.
        ReceiveAsync<ISearchRequest>(m => ForwardToLibrary(m.Library, m));
        ReceiveAsync<ITagRequest>(m => ForwardToLibrary(m.Library, m));
        ReceiveAsync<Spacedrive.Messages.Locations.ILocationRequest>(m => ForwardToLibrary(m.Library, m));
        ReceiveAsync<Spacedrive.Messages.Actions.IActionRequest>(m => ForwardToLibrary(m.Library, m));
        ReceiveAsync<Spacedrive.Messages.Content.IContentRequest>(m => ForwardToLibrary(m.Library, m));
    }

    private async Task ForwardToLibrary(string? library, object message)
    {
        var sender = Sender;
        object reply;
        try
        {
            reply = await _libraries.Ask<object>(new GetLibraryRef(library), LibraryManagerWait).ConfigureAwait(false);
        }
        catch (AskTimeoutException e)
        {
            sender.Tell(new Status.Failure(e));
            return;
        }
        if (reply is LibraryRefReply target) target.Actor.Tell(message, sender);
        else sender.Tell(reply);
    }

    public static Props Props(NodeSettings settings) => Runtime.Actor.Props.Create(() => new NodeActor(settings));

    protected override void PreStart() =>
        _libraries = Context.ActorOf(LibraryManager.Props(_settings.LibrariesDir, Context.System.TimeProvider, _settings.Device), LibrariesName);
}

/// <summary>What the node actor is told at start.</summary>
public sealed record NodeSettings(
    DeviceInfo Device,
    string DataDir,
    string LibrariesDir,
    string ApiSocket,
    string Version,
    DateTimeOffset StartedAt,
    bool InProcess);
