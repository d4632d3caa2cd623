using Spacedrive.Actors.Search;
using Spacedrive.Actors.Tags;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Actors.Libraries;

/// <summary>
/// One open library. The only writer of its library.db (DESIGN.md §1): every change to the library
/// goes through this actor or its children. Owns the library's journal.db (registered as the persistence plugin
/// <c>library-&lt;id&gt;</c>) and its <see cref="JobManager"/> child <c>jobs</c>. Closes both databases when it stops
/// (after its children stopped).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in PostStop, with the databases.")]
public sealed class LibraryActor : ReceiveActor
{
    private readonly LibraryFolder _folder;
    private IActorRef _search = Nobody.Instance;
    private IActorRef _tags = Nobody.Instance;
    private readonly JobRegistry _jobTypes;
    private SqlitePersistence? _journal;
    private IActorRef _jobs = Nobody.Instance;
    private IActorRef _locations = Nobody.Instance;
    private readonly Spacedrive.Messages.Nodes.DeviceInfo? _device;
    private Indexing.IndexerLibraryAccess? _indexerAccess;
    private IActorRef _actions = Nobody.Instance;
    private IActorRef _content = Nobody.Instance;

    public LibraryActor(LibraryFolder folder, JobRegistry? jobTypes = null, Spacedrive.Messages.Nodes.DeviceInfo? device = null)
    {
        _folder = folder;
        _device = device;
        _jobTypes = jobTypes ?? JobRegistry.CreateDefault();
        Receive<GetLibraryStatistics>(_ => Sender.Tell(ReadStatistics()));
        Receive<GetLocationSummaries>(_ => Sender.Tell(new LocationSummaries(ReadLocations())));
        Receive<GetActiveJobCount>(m => _jobs.Forward(m));
        Receive<IJobRequest>(m => _jobs.Forward(m));
        Receive<PauseAllJobsForShutdown>(m => _jobs.Forward(m));
        Receive<ISearchRequest>(m => _search.Forward(m));
        // Changes go through the action system (validate, preview, commit, audit); queries straight to their actor.
        Receive<ITagCommand>(m => _actions.Forward(m));
        Receive<ITagRequest>(m => _tags.Forward(m));
        Receive<Spacedrive.Messages.Locations.AddLocationRequest>(m => _actions.Forward(m));
        Receive<Spacedrive.Messages.Locations.RemoveLocationRequest>(m => _actions.Forward(m));
        Receive<Spacedrive.Messages.Locations.RescanLocationRequest>(m => _actions.Forward(m));
        Receive<Spacedrive.Messages.Locations.ILocationRequest>(m => _locations.Forward(m));
        Receive<Spacedrive.Messages.Actions.IActionRequest>(m => _actions.Forward(m));
        Receive<Spacedrive.Messages.Content.IContentRequest>(m => _content.Forward(m));
    }

    public static Props Props(LibraryFolder folder, JobRegistry? jobTypes = null, Spacedrive.Messages.Nodes.DeviceInfo? device = null) =>
        Runtime.Actor.Props.Create(() => new LibraryActor(folder, jobTypes, device));

    /// <summary>The persistence plugin id of a library's journal.db.</summary>
    public static string JournalPluginId(Guid libraryId) => "library-" + libraryId.ToString("D");

    protected override void PreStart()
    {
        var config = Context.System.Settings.Config;
        var pluginId = JournalPluginId(_folder.Config.Id);
        _journal = SqlitePersistence.Open(_folder.JournalPath, new PersistenceSerializerRegistry().RegisterJobs(),
            SqlitePersistenceOptions.FromConfig(config) with { TimeProvider = Context.System.TimeProvider });
        Context.System.RegisterPersistence(_journal.Journal, _journal.SnapshotStore, pluginId);
        // The indexer (a job) and the locations child write through connections of their own; SQLite serializes them
        // with this actor's writer (immediate transactions, busy timeout).
        _indexerAccess = new Indexing.IndexerLibraryAccess(_folder.Database.FilePath, Indexing.IndexerSettings.FromConfig(config),
            config.GetTimeSpan("spacedrive.indexer.job-checkpoint-pause", TimeSpan.Zero));
        var services = new JobServices().Add(_indexerAccess).Add(Files.FileJobSettings.FromConfig(config));
        services.Add(new Validation.ValidationLibraryAccess(_folder.Database.FilePath, Validation.ValidationSettings.FromConfig(config)));
        services
            .Add(new Files.Transfer.TransferServices(Files.Transfer.TransferSettings.FromConfig(config), System.IO.Path.Combine(_folder.Path, "transfers"),
                Index: new Actions.TransferIndexFollower(_indexerAccess, Context.System.TimeProvider)));
        _jobs = Context.ActorOf(JobManager.Props(_folder.Config.Id, pluginId, _jobTypes, JobSettings.FromConfig(config), services), JobManager.Name);
        _locations = Context.ActorOf(Locations.LocationsActor.Props(_folder.Config.Id, _indexerAccess, _jobs,
            _device?.Id ?? Guid.CreateVersion7(), _device?.Name ?? Environment.MachineName), Locations.LocationsActor.Name);
        _search = Context.ActorOf(SearchActor.Props(_folder.Database, config.GetBoolean("spacedrive.search.prewarm-name-index", true)), SearchActor.Name);
        _tags = Context.ActorOf(TagsActor.Props(_folder.Database), TagsActor.Name);
        _actions = Context.ActorOf(Actions.ActionManager.Props(_folder.Config.Id, _indexerAccess, _jobs, _locations, _folder.Path,
            _device?.Id ?? Guid.CreateVersion7(), _device?.Name ?? Environment.MachineName), Actions.ActionManager.Name);
        _content = Context.ActorOf(Content.ContentActor.Props(_folder.Config.Id, _folder.Database, _jobs), Content.ContentActor.Name);
    }

    protected override void PostStop()
    {
        PersistenceExtension.Get(Context.System).Unregister(JournalPluginId(_folder.Config.Id));
        _journal?.Dispose();
        _indexerAccess?.Dispose();
        _folder.Dispose();
    }

    private LibraryStatistics ReadStatistics()
    {
        using var reader = _folder.Database.OpenReader();
        long Scalar(string sql)
        {
            using var cmd = reader.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar() is long value ? value : 0;
        }

        return new LibraryStatistics(
            Entries: Scalar("SELECT COUNT(*) FROM entries"),
            Files: Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0"),
            Directories: Scalar("SELECT COUNT(*) FROM entries WHERE kind = 1"),
            TotalBytes: Scalar("SELECT COALESCE(SUM(size), 0) FROM entries WHERE kind = 0"),
            ContentIdentities: Scalar("SELECT COUNT(*) FROM content_identities"),
            Locations: Scalar("SELECT COUNT(*) FROM locations"),
            Tags: Scalar("SELECT COUNT(*) FROM tags"),
            DatabaseBytes: FileSize(_folder.Database.FilePath) + FileSize(_folder.Database.FilePath + "-wal"),
            JournalBytes: FileSize(_folder.JournalPath) + FileSize(_folder.JournalPath + "-wal"));
    }

    private List<LocationSummary> ReadLocations()
    {
        using var reader = _folder.Database.OpenReader();
        using var cmd = reader.CreateCommand();
        cmd.CommandText = "SELECT uuid, name, path, index_mode, total_file_count, total_byte_size, is_offline FROM locations ORDER BY name";
        var result = new List<LocationSummary>();
        using var rows = cmd.ExecuteReader();
        while (rows.Read())
        {
            result.Add(new LocationSummary(
                Guid.Parse(rows.GetString(0)),
                rows.GetString(1),
                rows.GetString(2),
                rows.GetString(3),
                rows.GetInt64(4),
                rows.GetInt64(5),
                rows.GetInt64(6) == 0));
        }
        return result;
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}

/// <summary>Asks a library for its counts and sizes.</summary>
public sealed record GetLibraryStatistics
{
    public static GetLibraryStatistics Instance { get; } = new();
}

public sealed record GetLocationSummaries
{
    public static GetLocationSummaries Instance { get; } = new();
}

public sealed record LocationSummaries(IReadOnlyList<LocationSummary> Locations);

/// <summary>How many jobs of the library are running or paused; deleting a library is refused while any are.</summary>
public sealed record GetActiveJobCount
{
    public static GetActiveJobCount Instance { get; } = new();
}

public sealed record ActiveJobCount(int Count);
