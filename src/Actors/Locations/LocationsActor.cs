using Spacedrive.Actors.FileTypes;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Jobs;
using Spacedrive.Actors.Locations.Watching;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Locations;
using Spacedrive.Runtime.Actor;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Locations;

/// <summary>
/// The locations of one library (<c>/locations</c>, a child of its LibraryActor): add, list, remove, rescan, report.
/// Adding or rescanning queues an <see cref="IndexerJob"/> with the library's job manager. Writes through a
/// connection of its own to library.db (from <see cref="IndexerLibraryAccess"/>): SQLite serializes its writes with the
/// LibraryActor's writer and the indexer's (every write is an immediate transaction; the busy timeout waits).
/// </summary>
public sealed class LocationsActor : ReceiveActor
{
    public const string Name = "locations";

    private static readonly TimeSpan JobAskTimeout = TimeSpan.FromSeconds(30);

    private readonly Guid _libraryId;
    private readonly IndexerLibraryAccess _access;
    private readonly IActorRef _jobs;
    private readonly Guid _deviceId;
    private readonly string _deviceName;
    private LibraryDatabase? _db;
    private LocationService? _service;
    private WatcherSettings? _watching;
    private readonly Dictionary<long, LocationWatcherActor.WatchStatus> _watchStatus = [];

    public LocationsActor(Guid libraryId, IndexerLibraryAccess access, IActorRef jobs, Guid deviceId, string deviceName)
    {
        _libraryId = libraryId;
        _access = access;
        _jobs = jobs;
        _deviceId = deviceId;
        _deviceName = deviceName;
        ReceiveAsync<AddLocationRequest>(OnAdd);
        Receive<ListLocationsRequest>(_ => Sender.Tell(new LocationListReply(_libraryId, [.. Service.List().Select(l => View(l) with { Watch = WatchOf(l.Id) })])));
        Receive<LocationWatcherActor.WatchStatus>(s => _watchStatus[s.LocationId] = s);
        Receive<RemoveLocationRequest>(OnRemove);
        ReceiveAsync<RescanLocationRequest>(OnRescan);
        Receive<LocationReportRequest>(m =>
        {
            if (Find(m.Location, out var location) is { } failure) Sender.Tell(failure);
            else Sender.Tell(LocationReports.Read(_access.DatabasePath, _libraryId, View(location)));
        });
        ReceiveAsync<ReconcilePathsRequest>(OnReconcilePaths);
    }

    protected override void PreStart()
    {
        _watching = WatcherSettings.FromConfig(Context.System.Settings.Config);
        if (!_watching.Enabled) return;
        foreach (var location in Service.List()) StartWatcher(location);
    }

    // One watcher per location while the node runs; it also catches up with changes made while the node was down.
    private void StartWatcher(LocationInfo location)
    {
        if (_watching is { Enabled: true } && Context.Child(WatcherName(location.Id)) is Nobody)
            Context.ActorOf(LocationWatcherActor.Props(_libraryId, location, _access, _watching), WatcherName(location.Id));
    }

    private string? WatchOf(long locationId) => _watchStatus.TryGetValue(locationId, out var s) && Context.Child(WatcherName(locationId)) is not Nobody
        ? s.Offline ? "offline"
        : !s.Watching ? $"not watched, rescanned every {_watching!.FallbackRescanInterval}"
        : s.Unwatched.Count > 0 ? $"watching, {s.Unwatched.Count} folder(s) beyond the inotify watch limit rescanned every {_watching!.FallbackRescanInterval}"
        : "watching"
        : null;

    private static string WatcherName(long locationId) => "watch-" + locationId.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task OnReconcilePaths(ReconcilePathsRequest m)
    {
        var sender = Sender;
        var work = new Dictionary<long, List<DirtyPath>>();
        foreach (var location in Service.List().Where(l => !l.IsOffline))
        {
            var prefix = location.Path == "/" ? "/" : location.Path + "/";
            foreach (var path in m.Paths.Where(p => Path.IsPathFullyQualified(p)).Select(p => Path.GetFullPath(p).TrimEnd('/')))
            {
                if (path != location.Path && !path.StartsWith(prefix, StringComparison.Ordinal)) continue;
                // A file stands for its folder; a folder that is gone, too (its parent lists the deletion).
                var folder = Directory.Exists(path) ? path : Path.GetDirectoryName(path) ?? location.Path;
                if (!work.TryGetValue(location.Id, out var list)) work[location.Id] = list = [];
                list.Add(new DirtyPath(folder, m.Recursive));
                if (folder == path && path != location.Path) list.Add(new DirtyPath(Path.GetDirectoryName(path)!, false));
            }
        }
        long n = 0, mod = 0, mv = 0, del = 0;
        try
        {
            foreach (var (locationId, paths) in work)
            {
                var result = await ReconcileAsync(locationId, paths).ConfigureAwait(false);
                (n, mod, mv, del) = (n + result.New, mod + result.Modified, mv + result.Moved, del + result.Deleted);
            }
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or IOException or InvalidOperationException)
        {
            sender.Tell(new LibraryOperationFailed(LocationErrors.Invalid, "Reconciling failed: " + e.Message));
            return;
        }
        sender.Tell(new PathsReconciled(_libraryId, n, mod, mv, del));
    }

    // Through the location's watcher when there is one (it publishes the change), else directly.
    private async Task<ReconcileResult> ReconcileAsync(long locationId, List<DirtyPath> paths)
    {
        var watcher = Context.Child(WatcherName(locationId));
        if (watcher is not Nobody)
        {
            var reply = await watcher.Ask<object>(new LocationWatcherActor.ReconcileNow(paths), TimeSpan.FromMinutes(5)).ConfigureAwait(false);
            return reply is ReconcileResult r ? r : throw new InvalidOperationException((reply as Status.Failure)?.Cause.Message ?? "unexpected reply");
        }
        var access = _access;
        var clock = Context.System.TimeProvider;
        return await Task.Run(async () =>
        {
            await access.Gate.WaitAsync().ConfigureAwait(false);
            try
            {
                using var db = access.OpenWriter();
                return new DirectoryReconciler(db, locationId, access.Settings, clock: clock).Reconcile(paths);
            }
            finally
            {
                access.Gate.Release();
            }
        }).ConfigureAwait(false);
    }

    public static Props Props(Guid libraryId, IndexerLibraryAccess access, IActorRef jobs, Guid deviceId, string deviceName) =>
        Runtime.Actor.Props.Create(() => new LocationsActor(libraryId, access, jobs, deviceId, deviceName));

    private LocationService Service
    {
        get
        {
            if (_service is null)
            {
                _db = _access.OpenWriter();
                _service = new LocationService(_db, Context.System.TimeProvider);
            }
            return _service;
        }
    }

    protected override void PostStop() => _db?.Dispose();

    private async Task OnAdd(AddLocationRequest m)
    {
        var sender = Sender;
        IndexMode mode;
        if (m.Mode is null) mode = IndexMode.Content;
        else if (!Enum.TryParse(m.Mode, ignoreCase: true, out mode) || !Enum.IsDefined(mode))
        {
            sender.Tell(new LibraryOperationFailed(LocationErrors.Invalid, $"Unknown index mode '{m.Mode}': shallow, content or deep."));
            return;
        }
        var rules = new RuleToggles { NoDefaultRules = m.NoDefaultRules };
        foreach (var (name, on) in m.Rules ?? new Dictionary<string, bool>()) rules = rules.With(name, on);
        LocationInfo location;
        try
        {
            Service.EnsureCurrentDevice(_deviceId, _deviceName);
            location = Service.Add(m.Path, m.Name, mode, m.NoDefaultRules || m.Rules is { Count: > 0 } ? rules : null);
        }
        catch (Exception e) when (e is LocationException or InvalidOperationException or ArgumentException)
        {
            sender.Tell(new LibraryOperationFailed(LocationErrors.Invalid, e.Message));
            return;
        }
        StartWatcher(location);
        sender.Tell(await QueueAsync(location, Service.RescanRequest(location.Id)).ConfigureAwait(false));
    }

    private void OnRemove(RemoveLocationRequest m)
    {
        if (Find(m.Location, out var location) is { } failure)
        {
            Sender.Tell(failure);
            return;
        }
        if (_access.Gate.CurrentCount == 0)
        {
            Sender.Tell(new LibraryOperationFailed(LocationErrors.Busy,
                "An indexer job of this library is running: wait for it, or pause or cancel it (`sd job list`), then remove the location."));
            return;
        }
        var watcher = Context.Child(WatcherName(location.Id));
        if (watcher is not Nobody) Context.Stop(watcher);
        Service.Remove(location.Id);
        Sender.Tell(new LocationRemovedReply(_libraryId, View(location)));
    }

    private async Task OnRescan(RescanLocationRequest m)
    {
        var sender = Sender;
        if (Find(m.Location, out var location) is { } failure)
        {
            sender.Tell(failure);
            return;
        }
        IndexerRequest request;
        try
        {
            request = Service.RescanRequest(location.Id, m.Full ? IndexMode.Deep : null);
        }
        catch (LocationException e)
        {
            sender.Tell(new LibraryOperationFailed(LocationErrors.Offline, e.Message));
            return;
        }
        sender.Tell(await QueueAsync(location, request).ConfigureAwait(false));
    }

    private async Task<object> QueueAsync(LocationInfo location, IndexerRequest request)
    {
        var state = new IndexerJobState(IndexerRequestSnapshot.Of(request), location.Name);
        var reply = await _jobs.Ask<object>(new JobManager.EnqueueJob(IndexerJob.TypeName, IndexerJob.Definition.Serialize(state), null, null), JobAskTimeout)
            .ConfigureAwait(false);
        return reply is JobControlReply queued ? new LocationJobReply(_libraryId, View(location), queued.Job) : reply;
    }

    private LibraryOperationFailed? Find(string reference, out LocationInfo location)
    {
        location = null!;
        var all = Service.List();
        var trimmed = reference.Trim();
        var full = Path.IsPathFullyQualified(trimmed) ? Path.GetFullPath(trimmed).TrimEnd('/') : null;
        List<LocationInfo> matches =
        [
            .. all.Where(l => l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) == trimmed
                || string.Equals(l.Uuid.ToString("D"), trimmed, StringComparison.OrdinalIgnoreCase)
                || string.Equals(l.Name, trimmed, StringComparison.OrdinalIgnoreCase)
                || (full is not null && l.Path == full)),
        ];
        if (matches.Count == 0 && trimmed.Length >= 4)
            matches = [.. all.Where(l => l.Uuid.ToString("D").StartsWith(trimmed, StringComparison.OrdinalIgnoreCase))];
        if (matches.Count == 1)
        {
            location = matches[0];
            return null;
        }
        return matches.Count == 0
            ? new LibraryOperationFailed(LocationErrors.NotFound, $"No location '{reference}' (see `sd location list`).")
            : new LibraryOperationFailed(LocationErrors.Ambiguous, $"'{reference}' matches {matches.Count} locations; use its id.");
    }

    internal static LocationView View(LocationInfo l) => new(l.Id, l.Uuid, l.Name, l.Path, l.Mode.ToString().ToLowerInvariant(), l.IsOffline,
        l.TotalFileCount, l.TotalByteSize, l.Rules.NoDefaultRules, l.Rules.Set);
}

/// <summary>Reads what a location holds, on a read-only connection.</summary>
internal static class LocationReports
{
    public static LocationReport Read(string databasePath, Guid libraryId, LocationView location)
    {
        using var db = new Microsoft.Data.Sqlite.SqliteConnection(new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder
        {
            DataSource = databasePath,
            Mode = Microsoft.Data.Sqlite.SqliteOpenMode.ReadOnly,
        }.ToString());
        db.Open();
        var id = location.Id;
        long Scalar(string sql)
        {
            using var c = db.CreateCommand();
            c.CommandText = sql;
            c.Parameters.AddWithValue("$l", id);
            return c.ExecuteScalar() is long v ? v : 0;
        }

        var kinds = new List<KindCount>();
        using (var c = db.CreateCommand())
        {
            c.CommandText = """
                SELECT COALESCE(ci.kind, -1), COUNT(*), COALESCE(SUM(e.size), 0)
                FROM entries AS e LEFT JOIN content_identities AS ci ON ci.id = e.content_id
                WHERE e.location_id = $l AND e.kind = 0 GROUP BY 1 ORDER BY 3 DESC
                """;
            c.Parameters.AddWithValue("$l", id);
            using var r = c.ExecuteReader();
            while (r.Read())
            {
                var k = r.GetInt64(0);
                var name = k < 0 ? "not identified" : Enum.IsDefined((ContentKind)k) ? ((ContentKind)k).ToString().ToLowerInvariant() : "kind " + k;
                kinds.Add(new KindCount(name, r.GetInt64(1), r.GetInt64(2)));
            }
        }
        var folders = new List<FolderSize>();
        using (var c = db.CreateCommand())
        {
            c.CommandText = """
                SELECT COALESCE(dp.path, e.name), e.file_count, e.aggregate_size
                FROM entries AS e LEFT JOIN directory_paths AS dp ON dp.entry_id = e.id
                WHERE e.location_id = $l AND e.kind = 1 AND e.parent_id = (SELECT entry_id FROM locations WHERE id = $l)
                ORDER BY e.aggregate_size DESC LIMIT 5
                """;
            c.Parameters.AddWithValue("$l", id);
            using var r = c.ExecuteReader();
            while (r.Read()) folders.Add(new FolderSize(r.GetString(0), r.GetInt64(1), r.GetInt64(2)));
        }
        const string duplicates = """
            SELECT COALESCE(SUM(n - 1), 0), COALESCE(SUM((n - 1) * size), 0) FROM (
                SELECT COUNT(*) AS n, MAX(size) AS size FROM entries
                WHERE location_id = $l AND kind = 0 AND content_id IS NOT NULL GROUP BY content_id HAVING COUNT(*) > 1)
            """;
        long dupFiles, dupBytes;
        using (var c = db.CreateCommand())
        {
            c.CommandText = duplicates;
            c.Parameters.AddWithValue("$l", id);
            using var r = c.ExecuteReader();
            r.Read();
            dupFiles = r.GetInt64(0);
            dupBytes = r.GetInt64(1);
        }
        return new LocationReport(libraryId, location,
            Scalar("SELECT COUNT(*) FROM entries WHERE location_id = $l AND kind = 0"),
            Scalar("SELECT COUNT(*) FROM entries WHERE location_id = $l AND kind = 1"),
            Scalar("SELECT COALESCE(SUM(size), 0) FROM entries WHERE location_id = $l AND kind = 0"),
            Scalar("SELECT COUNT(*) FROM entries WHERE location_id = $l AND kind = 0 AND content_id IS NOT NULL"),
            dupFiles, dupBytes, kinds, folders);
    }
}
