using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Messages.Locations;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Actors.Locations.Watching;

/// <summary>
/// Keeps one location's entries true while the node runs (a child of <see cref="LocationsActor"/>,
/// one per location). An <see cref="InotifyWatcher"/> reports changed folders; they are collected for
/// <see cref="WatcherSettings.Debounce"/> after the first change of a burst, then applied by a
/// <see cref="DirectoryReconciler"/> on a pool thread, serialized with indexer jobs by the library's
/// indexer gate; changes arriving meanwhile wait for the next round. On start (node start, location
/// back) the whole location is reconciled once: a stat walk that writes only what changed while the
/// node was down. Kernel queue overflow: the whole location is reconciled again. Folders beyond the
/// inotify watch limit: logged and reconciled periodically. Root gone (deleted, unmounted): the
/// location goes offline, nothing is deleted, the root is polled until it returns.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "Disposed in PostStop.")]
public sealed class LocationWatcherActor : ReceiveActor, IWithTimers
{
    private readonly Guid _libraryId;
    private readonly LocationInfo _location;
    private readonly IndexerLibraryAccess _access;
    private readonly WatcherSettings _settings;
    private readonly IndexerRules _rules;
    private readonly Dictionary<string, bool> _dirty = new(StringComparer.Ordinal);
    private readonly List<IActorRef> _waiting = [];
    private readonly HashSet<string> _unwatched = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private InotifyWatcher? _watcher;
    private bool _running;
    private bool _contentPending;
    private CancellationTokenSource? _content;
    private int _contentInterruptions;
    private const int MaxContentInterruptions = 3;
    private bool _offline;

    public LocationWatcherActor(Guid libraryId, LocationInfo location, IndexerLibraryAccess access, WatcherSettings settings)
    {
        _libraryId = libraryId;
        _location = location;
        _access = access;
        _settings = settings;
        _rules = IndexerRules.Create(location.Rules);
        Receive<Changed>(m => OnChanged(m.Batch));
        Receive<Flush>(_ => StartReconcile());
        Receive<Reconciled>(OnReconciled);
        Receive<ContentIdentified>(OnContentIdentified);
        Receive<ReconcileNow>(m =>
        {
            foreach (var p in m.Paths)
            {
                MarkDirty(p.Path, p.Recursive);
            }
            _waiting.Add(Sender);
            StartReconcile();
        });
        Receive<PollRoot>(_ => OnPollRoot());
        Receive<RescanUnwatched>(_ =>
        {
            foreach (var p in _unwatched)
            {
                MarkDirty(p, recursive: true);
            }
            ScheduleFlush();
        });
        Receive<GetWatchStatus>(_ => Sender.Tell(Status()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(Guid libraryId, LocationInfo location, IndexerLibraryAccess access, WatcherSettings settings) =>
        Runtime.Actor.Props.Create(() => new LocationWatcherActor(libraryId, location, access, settings));

    /// <summary>Reconcile these paths now; the sender gets the <see cref="ReconcileResult"/> (or a failure) when done.</summary>
    public sealed record ReconcileNow(IReadOnlyList<DirtyPath> Paths);

    /// <summary>Asks for a <see cref="WatchStatus"/>.</summary>
    public sealed record GetWatchStatus;

    /// <summary><c>Idle</c>: nothing waits to be applied (no change pending, no reconcile or content identity running).</summary>
    public sealed record WatchStatus(long LocationId, bool Watching, bool Offline, int WatchedFolders, IReadOnlyList<string> Unwatched, bool Idle = false);

    private sealed record Changed(WatchBatch Batch);

    private sealed record Flush;

    private sealed record ContentIdentified(long Linked, Exception? Failure);

    private sealed record PollRoot;

    private sealed record RescanUnwatched;

    private sealed record Reconciled(ReconcileResult? Result, Exception? Failure, IReadOnlyList<DirtyPath> Paths, IReadOnlyList<IActorRef> Waiting);

    protected override void PreStart() => StartWatching(_settings.CatchUpOnStart);

    protected override void PostStop()
    {
        _stopping.Cancel();
        _content?.Dispose();
        _watcher?.Dispose();
        _stopping.Dispose();
    }

    private WatchStatus Status() => new(_location.Id, _watcher is not null, _offline, _watcher?.WatchCount ?? 0, [.. _unwatched],
        Idle: !_running && !_contentPending && _dirty.Count == 0);

    // The parent (the locations actor) shows it in `sd location list`.
    private void ReportStatus() => Context.Parent.Tell(Status());

    private void StartWatching(bool catchUp)
    {
        if (!Directory.Exists(_location.Path))
        {
            GoOffline("the location's folder is not available");
            return;
        }
        var self = Self;
        var watcher = new InotifyWatcher(_location.Path, Watchable, batch => self.Tell(new Changed(batch)));
        if (watcher.Start(out var errno))
        {
            _watcher = watcher;
            RecordUnwatched(watcher.LimitReached);
        }
        else
        {
            watcher.Dispose();
            Context.GetLogger().Warning("Location {0} ({1}) cannot be watched (errno {2}): it is rescanned every {3}",
                _location.Name, _location.Path, errno, _settings.FallbackRescanInterval);
            RecordUnwatched([_location.Path]);
        }
        if (catchUp)
        {
            MarkDirty(_location.Path, recursive: true);
            ScheduleFlush();
        }
        ReportStatus();
    }

    // Folders the rules reject are never indexed, so never watched (build output, caches…); gitignore is checked when reconciling.
    private bool Watchable(string path)
    {
        var relative = path.Length > _location.Path.Length ? path[(_location.Path.Length + 1)..] : "";
        return relative.Length == 0 || !_rules.Rejects(path, relative, Path.GetFileName(path), isDirectory: true, gitignores: null);
    }

    private void RecordUnwatched(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0)
        {
            return;
        }
        foreach (var p in paths)
        {
            _unwatched.Add(p);
        }
        Context.GetLogger().Warning(
            "Location {0}: {1} folder(s) could not be watched (inotify watch limit, see /proc/sys/fs/inotify/max_user_watches), first {2}; they are rescanned every {3}",
            _location.Name, paths.Count, paths[0], _settings.FallbackRescanInterval);
        if (!Timers.IsTimerActive("fallback"))
        {
            Timers.StartPeriodicTimer("fallback", new RescanUnwatched(), _settings.FallbackRescanInterval);
        }
        ReportStatus();
    }

    private void OnChanged(WatchBatch batch)
    {
        if (_offline)
        {
            return;
        }
        if (batch.Overflow)
        {
            Context.GetLogger().Warning("Location {0}: the kernel dropped file system events (inotify queue overflow); rescanning the location", _location.Name);
            _watcher?.Rewatch(_location.Path);
            MarkDirty(_location.Path, recursive: true);
        }
        RecordUnwatched(batch.WatchLimitReached);
        foreach (var p in batch.WatchLimitReached)
        {
            MarkDirty(p, recursive: true);
        }
        foreach (var d in batch.Dirty)
        {
            MarkDirty(d.Path, d.Recursive);
        }
        // New changes go before the hashing of earlier ones; but a folder that never rests (a log written
        // every second) must not starve content identity forever: after a few interruptions it runs to the end.
        if (_content is not null && !_content.IsCancellationRequested && _contentInterruptions < MaxContentInterruptions)
        {
            _contentInterruptions++;
            _content.Cancel();
        }
        if (batch.RootGone && !Directory.Exists(_location.Path))
        {
            GoOffline("the location's folder was deleted, moved or unmounted");
            return;
        }
        ScheduleFlush();
    }

    private void MarkDirty(string path, bool recursive) =>
        _dirty[path] = recursive || (_dirty.TryGetValue(path, out var r) && r);

    private void ScheduleFlush()
    {
        if (!_running && _dirty.Count > 0 && !Timers.IsTimerActive("flush"))
        {
            Timers.StartSingleTimer("flush", new Flush(), _settings.Debounce);
        }
    }

    private void StartReconcile()
    {
        if (_running || (_dirty.Count == 0 && _waiting.Count == 0))
        {
            return;
        }
        Timers.Cancel("flush");
        _running = true;
        var paths = _dirty.Select(d => new DirtyPath(d.Key, d.Value)).ToList();
        _dirty.Clear();
        var waiting = _waiting.ToList();
        _waiting.Clear();
        var access = _access;
        var locationId = _location.Id;
        var token = _stopping.Token;
        var clock = Context.System.TimeProvider;
        var self = Self;
        Task.Run(async () =>
        {
            await access.Gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                using var db = access.OpenWriter();
                return new DirectoryReconciler(db, locationId, access.Settings, clock: clock) { WithContent = false }.Reconcile(paths, token);
            }
            finally
            {
                access.Gate.Release();
            }
        }, token).PipeTo(self,
            success: r => new Reconciled(r, null, paths, waiting),
            failure: e => new Reconciled(null, e, paths, waiting));
    }

    private void OnReconciled(Reconciled m)
    {
        _running = false;
        if (m.Failure is { } failure)
        {
            foreach (var w in m.Waiting)
            {
                w.Tell(new Status.Failure(failure));
            }
            if (failure is OperationCanceledException)
            {
                return;
            }
            Context.GetLogger().Warning("Location {0}: applying file system changes failed ({1}); retrying", _location.Name, failure.Message);
            foreach (var p in m.Paths)
            {
                MarkDirty(p.Path, p.Recursive);
            }
            Timers.StartSingleTimer("flush", new Flush(), _settings.OfflinePollInterval);
            return;
        }
        var result = m.Result!;
        foreach (var w in m.Waiting)
        {
            w.Tell(result);
        }
        if (result.NotIndexed)
        {
            // The first index (a job) has not written the root yet: the changes wait for it.
            foreach (var p in m.Paths)
            {
                MarkDirty(p.Path, p.Recursive);
            }
            Timers.StartSingleTimer("flush", new Flush(), _settings.OfflinePollInterval);
            return;
        }
        if (result.RootMissing)
        {
            GoOffline("the location's folder is not available");
            return;
        }
        if (result.Changes > 0)
        {
            Context.System.EventStream.Publish(new ResourceChanged(_libraryId, _location.Uuid, "entries", result.New, result.Modified, result.Moved,
                result.Deleted, [.. result.ChangedDirectories.Take(100)]));
        }
        _contentPending |= result.NeedsContent;
        AfterRound();
    }

    // Entries first: content identity (hashing) runs when no change waits, so a burst's entries are never held up by it.
    private void AfterRound()
    {
        if (_dirty.Count > 0)
        {
            ScheduleFlush();
        }
        else if (_contentPending)
        {
            StartContent();
        }
    }

    private void StartContent()
    {
        _running = true;
        _contentPending = false;
        var access = _access;
        var locationId = _location.Id;
        _content = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var token = _content.Token;
        var clock = Context.System.TimeProvider;
        Task.Run(async () =>
        {
            await access.Gate.WaitAsync(token).ConfigureAwait(false);
            try
            {
                using var db = access.OpenWriter();
                return new DirectoryReconciler(db, locationId, access.Settings, clock: clock).IdentifyContent(token);
            }
            finally
            {
                access.Gate.Release();
            }
        }, token).PipeTo(Self, success: n => new ContentIdentified(n, null), failure: e => new ContentIdentified(0, e));
    }

    private void OnContentIdentified(ContentIdentified m)
    {
        _running = false;
        _content?.Dispose();
        _content = null;
        if (m.Failure is OperationCanceledException && !_stopping.IsCancellationRequested)
        {
            _contentPending = true; // interrupted for new changes (committed batches stay); the rest follows
        }
        else
        {
            _contentInterruptions = 0;
        }
        if (m.Failure is { } failure && failure is not OperationCanceledException)
        {
            Context.GetLogger().Warning("Location {0}: content identity failed ({1}); retried with the next change", _location.Name, failure.Message);
        }
        if (m.Linked > 0)
        {
            Context.System.EventStream.Publish(new ResourceChanged(_libraryId, _location.Uuid, "entries", 0, m.Linked, 0, 0, []));
        }
        AfterRound();
    }

    private void GoOffline(string reason)
    {
        if (_offline)
        {
            return;
        }
        _offline = true;
        _watcher?.Dispose();
        _watcher = null;
        _dirty.Clear();
        Timers.Cancel("flush");
        Context.GetLogger().Warning("Location {0} ({1}) is offline: {2}; its entries are kept", _location.Name, _location.Path, reason);
        SetOffline(true);
        Context.System.EventStream.Publish(new LocationStatusChanged(_libraryId, _location.Uuid, _location.Path, true, reason));
        Timers.StartPeriodicTimer("poll", new PollRoot(), _settings.OfflinePollInterval);
        ReportStatus();
    }

    private void OnPollRoot()
    {
        if (!_offline || !Directory.Exists(_location.Path))
        {
            return;
        }
        Timers.Cancel("poll");
        _offline = false;
        SetOffline(false);
        Context.GetLogger().Info("Location {0} ({1}) is back online; catching up", _location.Name, _location.Path);
        Context.System.EventStream.Publish(new LocationStatusChanged(_libraryId, _location.Uuid, _location.Path, false, "the location's folder is available again"));
        StartWatching(catchUp: true);
    }

    private void SetOffline(bool offline)
    {
        try
        {
            using var db = _access.OpenWriter();
            using var command = db.Writer.CreateCommand();
            command.CommandText = "UPDATE locations SET is_offline = $o WHERE id = $id AND is_offline <> $o";
            command.Parameters.AddWithValue("$o", offline ? 1L : 0L);
            command.Parameters.AddWithValue("$id", _location.Id);
            command.ExecuteNonQuery();
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or InvalidOperationException)
        {
            Context.GetLogger().Warning("Location {0}: could not record is_offline: {1}", _location.Name, e.Message);
        }
    }
}
