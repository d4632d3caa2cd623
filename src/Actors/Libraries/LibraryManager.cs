using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Libraries;

/// <summary>
/// Creates, opens, lists, renames and deletes the libraries of this node, each a folder
/// <c>&lt;data-dir&gt;/libraries/&lt;name&gt;.sdlibrary/</c> served by one <see cref="LibraryActor"/>.
/// A library that cannot be opened stays listed as unavailable, with its reason; nothing in it is
/// touched, and the other libraries keep working.
/// </summary>
public sealed class LibraryManager : ReceiveActor
{
    public const string DefaultLibraryName = "Default";
    private const string DefaultCreatedMarker = ".default-created";
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly string _librariesDir;
    private readonly string _removedDir;
    private readonly TimeProvider _time;
    private readonly ILoggingAdapter _log;
    private readonly Dictionary<Guid, KnownLibrary> _libraries = [];
    private int _incarnation;
    private readonly Spacedrive.Messages.Nodes.DeviceInfo? _device;

    public LibraryManager(string librariesDir, TimeProvider time, Spacedrive.Messages.Nodes.DeviceInfo? device = null)
    {
        _librariesDir = librariesDir;
        _removedDir = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(librariesDir))!, "removed-libraries");
        _time = time;
        _device = device;
        _log = Context.GetLogger();

        Receive<ListLibraries>(_ => Sender.Tell(new LibraryListReply(Summaries())));
        Receive<CreateLibrary>(msg => Sender.Tell(Create(msg.Name)));
        Receive<GetLibraryRef>(msg => Sender.Tell(Resolve(msg.Library, out var lib, out var failure)
            ? lib.Actor is null ? Unavailable(lib) : new LibraryRefReply(lib.Summary(), lib.Actor)
            : failure));
        Receive<IJobRequest>(msg =>
        {
            if (!Resolve(msg.Library, out var lib, out var failure)) Sender.Tell(failure);
            else if (lib.Actor is null) Sender.Tell(Unavailable(lib));
            else lib.Actor.Forward(msg);
        });
        Receive<PauseAllJobsForShutdown>(_ =>
        {
            // Every open library checkpoints and pauses its running jobs; they resume on the next start.
            var asks = _libraries.Values.Where(l => l.Actor is not null)
                .Select(l => l.Actor!.Ask<AllJobsPaused>(PauseAllJobsForShutdown.Instance, StopTimeout)).ToList();
            Task.WhenAll(asks).PipeTo(Sender, success: r => new AllJobsPaused(r.Sum(p => p.Count)));
        });
        ReceiveAsync<GetLibraryInfo>(InfoAsync);
        ReceiveAsync<RenameLibrary>(RenameAsync);
        ReceiveAsync<DeleteLibrary>(DeleteAsync);
    }

    public static Props Props(string librariesDir, TimeProvider time, Spacedrive.Messages.Nodes.DeviceInfo? device) =>
        Runtime.Actor.Props.Create(() => new LibraryManager(librariesDir, time, device)).WithDispatcher(Dispatchers.BlockingIoDispatcherId);

    public static Props Props(string librariesDir, TimeProvider time) => Props(librariesDir, time, null);

    protected override void PreStart()
    {
        Directory.CreateDirectory(_librariesDir);
        foreach (var folder in Directory.EnumerateDirectories(_librariesDir, "*" + LibraryNames.FolderSuffix).Order(StringComparer.Ordinal))
            OpenExisting(folder);

        var marker = Path.Combine(_librariesDir, DefaultCreatedMarker);
        if (_libraries.Count == 0 && !File.Exists(marker))
        {
            if (Create(DefaultLibraryName) is LibraryOperationFailed failed)
                _log.Error("Could not create the default library: {0}", failed.Message);
        }
        File.WriteAllText(marker, "The default library was made once; deleting it does not bring it back.\n");
    }

    protected override void PostStop()
    {
        // Children (the open libraries) are stopped before this runs: their databases are closed.
        _libraries.Clear();
    }

    private void OpenExisting(string folder)
    {
        LibraryConfigFile config;
        try
        {
            config = LibraryConfigFile.Read(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or Runtime.Configuration.ConfigException)
        {
            var id = IdFromFolder(folder);
            _libraries[id] = new KnownLibrary(id, Path.GetFileName(folder)[..^LibraryNames.FolderSuffix.Length], folder, DateTimeOffset.UnixEpoch)
            {
                Reason = $"library.conf is unreadable: {e.Message}",
            };
            _log.Warning("Library folder {0} is unavailable: {1}", folder, e.Message);
            return;
        }

        var known = new KnownLibrary(config.Id, config.Name, folder, config.CreatedAt);
        if (_libraries.TryGetValue(config.Id, out var twin))
        {
            known.Reason = $"its id {config.Id} is also used by {twin.Folder}";
            _libraries[IdFromFolder(folder)] = known;
            return;
        }
        _libraries[config.Id] = known;
        Start(known, () => LibraryFolder.Open(folder, config, Options()));
    }

    private void Start(KnownLibrary library, Func<LibraryFolder> open)
    {
        try
        {
            var folder = open();
            var name = _incarnation++ == 0 || Context.Child(library.Id.ToString()) is Nobody ? library.Id.ToString() : $"{library.Id}-{_incarnation}";
            library.Actor = Context.ActorOf(LibraryActor.Props(folder, device: _device), name);
            library.Reason = null;
            _log.Info("Opened library {0} ({1})", library.Name, library.Id);
        }
        catch (LibraryUnavailableException e)
        {
            library.Reason = e.Message;
            _log.Warning("Library {0} ({1}) is unavailable: {2}", library.Name, library.Id, e.Message);
        }
    }

    private object Create(string rawName)
    {
        var name = LibraryNames.Sanitize(rawName, out var problem);
        if (name is null) return new LibraryOperationFailed(LibraryErrors.InvalidName, problem!);
        if (_libraries.Values.Any(l => string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
            return new LibraryOperationFailed(LibraryErrors.Exists, $"A library named '{name}' already exists. Pick another name.");
        var folder = Path.Combine(_librariesDir, LibraryNames.FolderName(name));
        if (Directory.Exists(folder))
            return new LibraryOperationFailed(LibraryErrors.Exists, $"The folder {folder} already exists. Pick another name.");

        var config = new LibraryConfigFile(Guid.NewGuid(), name, _time.GetUtcNow());
        var library = new KnownLibrary(config.Id, name, folder, config.CreatedAt);
        _libraries[config.Id] = library;
        Start(library, () =>
        {
            try
            {
                return LibraryFolder.Create(folder, config, Options());
            }
            catch (LibraryDatabaseUnavailableException e)
            {
                throw new LibraryUnavailableException(e.Message, e);
            }
        });
        if (library.Actor is null)
        {
            _libraries.Remove(config.Id);
            return new LibraryOperationFailed(LibraryErrors.Unavailable, $"Could not create library '{name}': {library.Reason}");
        }
        return library.Summary();
    }

    private async Task InfoAsync(GetLibraryInfo msg)
    {
        var sender = Sender;
        if (!Resolve(msg.Library, out var library, out var failure))
        {
            sender.Tell(failure);
            return;
        }
        if (library.Actor is null)
        {
            sender.Tell(new LibraryInfoReply(library.Summary(), null, []));
            return;
        }
        var stats = await library.Actor.Ask<LibraryStatistics>(GetLibraryStatistics.Instance).ConfigureAwait(false);
        var locations = await library.Actor.Ask<LocationSummaries>(GetLocationSummaries.Instance).ConfigureAwait(false);
        sender.Tell(new LibraryInfoReply(library.Summary(), stats, locations.Locations));
    }

    private async Task RenameAsync(RenameLibrary msg)
    {
        var sender = Sender;
        if (!Resolve(msg.Library, out var library, out var failure))
        {
            sender.Tell(failure);
            return;
        }
        var name = LibraryNames.Sanitize(msg.NewName, out var problem);
        if (name is null)
        {
            sender.Tell(new LibraryOperationFailed(LibraryErrors.InvalidName, problem!));
            return;
        }
        if (_libraries.Values.Any(l => l != library && string.Equals(l.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            sender.Tell(new LibraryOperationFailed(LibraryErrors.Exists, $"A library named '{name}' already exists."));
            return;
        }
        if (library.Actor is null)
        {
            sender.Tell(Unavailable(library));
            return;
        }

        var newFolder = Path.Combine(_librariesDir, LibraryNames.FolderName(name));
        var moving = !string.Equals(newFolder, library.Folder, StringComparison.Ordinal);
        if (moving && Directory.Exists(newFolder))
        {
            sender.Tell(new LibraryOperationFailed(LibraryErrors.Exists, $"The folder {newFolder} already exists."));
            return;
        }

        // The folder moves with the name, so the database is closed across the move and reopened.
        await library.Actor.GracefulStop(StopTimeout).ConfigureAwait(false);
        library.Actor = null;
        if (moving) Directory.Move(library.Folder, newFolder);
        library.Folder = newFolder;
        library.Name = name;
        var config = new LibraryConfigFile(library.Id, name, library.CreatedAt);
        config.Write(newFolder);
        Start(library, () => LibraryFolder.Open(newFolder, config, Options()));
        sender.Tell(library.Summary());
    }

    private async Task DeleteAsync(DeleteLibrary msg)
    {
        var sender = Sender;
        if (!Resolve(msg.Library, out var library, out var failure))
        {
            sender.Tell(failure);
            return;
        }
        if (library.Actor is not null)
        {
            var jobs = await library.Actor.Ask<ActiveJobCount>(GetActiveJobCount.Instance).ConfigureAwait(false);
            if (jobs.Count > 0 && !msg.Force)
            {
                sender.Tell(new LibraryOperationFailed(LibraryErrors.Busy, $"Library '{library.Name}' has {jobs.Count} running or paused job(s). Cancel them first, or pass --force."));
                return;
            }
            await library.Actor.GracefulStop(StopTimeout).ConfigureAwait(false);
            library.Actor = null;
        }

        _libraries.Remove(library.Id);
        if (msg.DeleteData)
        {
            Directory.Delete(library.Folder, recursive: true);
        }
        else if (Directory.Exists(library.Folder))
        {
            // Kept, but out of the libraries folder so it is not opened again; a user can move it back.
            Directory.CreateDirectory(_removedDir);
            Directory.Move(library.Folder, Path.Combine(_removedDir, $"{Path.GetFileName(library.Folder)}.{library.Id:N}"));
        }
        _log.Info("Deleted library {0} ({1}){2}", library.Name, library.Id, msg.DeleteData ? " and its data" : "");
        sender.Tell(new LibraryDeleted(library.Id, library.Name, msg.DeleteData));
    }

    /// <summary>A library by id, unique id prefix, or name (case-insensitive); none means the only library, or the default one.</summary>
    private bool Resolve(string? reference, out KnownLibrary library, out LibraryOperationFailed failure)
    {
        library = null!;
        failure = null!;
        List<KnownLibrary> matches;
        if (string.IsNullOrWhiteSpace(reference))
        {
            matches = _libraries.Count == 1
                ? [.. _libraries.Values]
                : [.. _libraries.Values.Where(l => string.Equals(l.Name, DefaultLibraryName, StringComparison.OrdinalIgnoreCase))];
            if (matches.Count != 1)
            {
                failure = _libraries.Count == 0
                    ? new LibraryOperationFailed(LibraryErrors.NotFound, "There are no libraries. Create one with `sd library create NAME`.")
                    : new LibraryOperationFailed(LibraryErrors.Ambiguous, $"Name a library: {string.Join(", ", _libraries.Values.Select(l => l.Name))}.");
                return false;
            }
        }
        else
        {
            matches = Guid.TryParse(reference, out var id) && _libraries.TryGetValue(id, out var exact)
                ? [exact]
                : [.. _libraries.Values.Where(l => string.Equals(l.Name, reference.Trim(), StringComparison.OrdinalIgnoreCase))];
            if (matches.Count == 0 && reference.Length >= 4)
                matches = [.. _libraries.Values.Where(l => l.Id.ToString().StartsWith(reference, StringComparison.OrdinalIgnoreCase))];
            if (matches.Count == 0)
            {
                failure = new LibraryOperationFailed(LibraryErrors.NotFound, $"No library '{reference}'. See `sd library list`.");
                return false;
            }
            if (matches.Count > 1)
            {
                failure = new LibraryOperationFailed(LibraryErrors.Ambiguous, $"'{reference}' matches several libraries: {string.Join(", ", matches.Select(l => $"{l.Name} ({l.Id})"))}.");
                return false;
            }
        }
        library = matches[0];
        return true;
    }

    private static LibraryOperationFailed Unavailable(KnownLibrary library) =>
        new(LibraryErrors.Unavailable, $"Library '{library.Name}' is unavailable: {library.Reason}");

    private List<LibrarySummary> Summaries() =>
        [.. _libraries.Values.OrderBy(l => l.Name, StringComparer.OrdinalIgnoreCase).ThenBy(l => l.Id).Select(l => l.Summary())];

    private LibraryOpenOptions Options() => new() { Clock = _time };

    /// <summary>A stable id for a folder whose library.conf cannot be read, so it can still be named and deleted.</summary>
    private static Guid IdFromFolder(string folder) =>
        Messages.UuidV5.Create(UnreadableLibraryNamespace, Path.GetFileName(folder));

    private static readonly Guid UnreadableLibraryNamespace = new("0d8f6a52-3c55-4a36-9d0e-5f1b6c1a7e21");

    private sealed class KnownLibrary(Guid id, string name, string folder, DateTimeOffset createdAt)
    {
        public Guid Id { get; } = id;
        public string Name { get; set; } = name;
        public string Folder { get; set; } = folder;
        public DateTimeOffset CreatedAt { get; } = createdAt;
        public IActorRef? Actor { get; set; }
        public string? Reason { get; set; }

        public LibrarySummary Summary() =>
            new(Id, Name, Actor is null ? LibraryState.Unavailable : LibraryState.Open, Actor is null ? Reason ?? "not open" : null, Folder, CreatedAt);
    }
}

/// <summary>Asks for an open library's actor, by id, id prefix or name.</summary>
public sealed record GetLibraryRef(string? Library);

public sealed record LibraryRefReply(LibrarySummary Library, IActorRef Actor);
