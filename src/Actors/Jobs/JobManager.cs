using System.Text.Json;
using Spacedrive.Actors.Libraries;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Actors.Jobs;

/// <summary>
/// The jobs of one library (<c>/user/node/libraries/&lt;library-id&gt;/jobs</c>). Keeps a compact, persistent job index
/// (persistence id <c>jobs-index</c>: one summary per job, snapshotted every few hundred changes and the older events
/// deleted), so starting a library reads one snapshot instead of replaying every finished job. Queued jobs are index
/// entries only; a job actor is created when the job starts or is asked about, and stops again when it finishes.
/// Schedules queued jobs by priority (then age) within <c>spacedrive.jobs.max-concurrent</c>; on start resumes the
/// jobs that were running (kill -9) or paused by a shutdown; leaves jobs of unknown types alone.
/// </summary>
public sealed class JobManager : ReceivePersistentActor
{
    public const string Name = "jobs";

    /// <summary>Queues a job of a registered type (a child job when <paramref name="ParentId"/> is set).</summary>
    public sealed record EnqueueJob(string Type, JsonElement InitialState, int? Priority, Guid? ParentId);

    /// <summary>A job's state changed (from the job actor).</summary>
    public sealed record JobReport(JobSummary Summary);

    /// <summary>Live progress of a job (from the job actor; not persisted).</summary>
    public sealed record ProgressNote(Guid JobId, JobProgress Progress);

    /// <summary>A job actor has nothing left to do and may stop.</summary>
    public sealed record Passivate(Guid JobId);

    private sealed record Cleared(IActorRef Sender, int Count);

    /// <summary>
    /// A job actor stopped (our death-watch message). Not <see cref="Terminated"/>: the kernel hands a
    /// <c>Terminated</c> to the actor once, so one that arrives while this actor is persisting (and waits in the
    /// internal stash) is dropped when it is unstashed, and the requests buffered for the job would wait forever.
    /// </summary>
    private sealed record JobStopped(Guid JobId, IActorRef Job);

    private readonly Guid _libraryId;
    private readonly string? _pluginId;
    private readonly JobRegistry _registry;
    private readonly JobSettings _settings;
    private readonly JobServices _services;
    private readonly TimeProvider _time;
    private readonly Dictionary<Guid, JobIndexEntry> _entries = [];
    private readonly SortedSet<(int NegPriority, DateTimeOffset CreatedAt, Guid Id)> _queue = [];
    private readonly Dictionary<Guid, IActorRef> _live = [];
    private readonly Dictionary<IActorRef, Guid> _liveIds = [];
    private readonly HashSet<Guid> _running = [];
    private readonly Dictionary<Guid, List<(object Message, IActorRef Sender)>> _stopping = [];
    private int _eventsSinceSnapshot;
    private bool _shuttingDown;

    public JobManager(Guid libraryId, string? pluginId, JobRegistry registry, JobSettings settings, JobServices? services = null)
    {
        _services = services ?? JobServices.Empty;
        _libraryId = libraryId;
        _pluginId = pluginId;
        _registry = registry;
        _settings = settings;
        _time = Context.System.TimeProvider;

        Recover<SnapshotOffer>(offer =>
        {
            if (offer.Snapshot is not JobIndexSnapshot snapshot) return;
            _entries.Clear();
            foreach (var entry in snapshot.Entries) _entries[entry.Summary.Id] = entry;
        });
        Recover<JobIndexed>(e => _entries[e.Entry.Summary.Id] = e.Entry);
        Recover<JobsForgotten>(e => { foreach (var id in e.JobIds) _entries.Remove(id); });
        Recover<RecoveryCompleted>(_ => ResumeAfterStart());

        Command<EnqueueJob>(OnEnqueue);
        Command<StartTestJob>(m => OnEnqueue(new EnqueueJob(CountJob.TypeName,
            CountJob.Definition.Serialize(new CountJobState(m.Count, m.DelayMs, m.OutputPath, FailAt: m.FailAt)), m.Priority, null)));
        Command<Spacedrive.Messages.Files.StartTransfer>(m => OnEnqueue(Files.Transfer.FileTransferJob.Enqueue(m)));
        Command<JobReport>(OnReport);
        Command<ProgressNote>(m =>
        {
            if (_entries.TryGetValue(m.JobId, out var entry))
                _entries[m.JobId] = entry with { Summary = entry.Summary with { Progress = m.Progress } };
        });
        Command<Passivate>(m =>
        {
            // Only the current incarnation may ask (a late Passivate of an earlier one must not stop its successor).
            if (!_live.TryGetValue(m.JobId, out var job) || !job.Equals(Sender)) return;
            _live.Remove(m.JobId);
            _stopping.TryAdd(m.JobId, []);
            // Through its mailbox, as a command (not a PoisonPill, which bypasses a persistent actor's internal
            // stash): requests routed to it before this Passivate arrived are still answered, even one that makes it
            // persist; later ones wait in _stopping until it has stopped.
            job.Tell(JobActor.StopJob.Instance);
        });
        Command<JobStopped>(OnJobStopped);
        Command<ListJobs>(m => Sender.Tell(new JobListReply(_libraryId,
            [.. _entries.Values.Select(e => Shown(e.Summary)).Where(s => m.Status is null || s.Status == m.Status)
                .OrderByDescending(s => s.CreatedAt).ThenBy(s => s.Id)])));
        Command<GetJobInfo>(m => Route(m.Job, m, Sender));
        Command<PauseJob>(m => Route(m.Job, m, Sender));
        Command<ResumeJob>(m => Route(m.Job, _running.Count >= _settings.MaxConcurrent ? new JobActor.ResumeWhenFree(m) : m, Sender));
        Command<CancelJob>(m => Route(m.Job, m, Sender));
        Command<RetryJob>(m => Route(m.Job, m, Sender));
        Command<ClearJobs>(_ => OnClear());
        Command<Cleared>(m => m.Sender.Tell(new JobsCleared(_libraryId, m.Count)));
        Command<GetActiveJobCount>(_ => Sender.Tell(new ActiveJobCount(_entries.Values.Count(e => e.Summary.IsActive))));
        Command<PauseAllJobsForShutdown>(_ => OnShutdown());
        Command<SaveSnapshotSuccess>(m =>
        {
            // Only the latest snapshot and the events after it are needed.
            DeleteMessages(m.Metadata.SequenceNr);
            DeleteSnapshots(new SnapshotSelectionCriteria(m.Metadata.SequenceNr - 1));
        });
        Command<DeleteSnapshotsSuccess>(_ => { });
        Command<DeleteSnapshotsFailure>(m => Context.GetLogger().Warning("Could not delete old job index snapshots: {0}", m.Cause.Message));
        Command<SaveSnapshotFailure>(m => Context.GetLogger().Warning("Job index snapshot failed: {0}", m.Cause.Message));
        Command<DeleteMessagesSuccess>(_ => { });
        Command<DeleteMessagesFailure>(m => Context.GetLogger().Warning("Could not delete old job index events: {0}", m.Cause.Message));
    }

    public static Props Props(Guid libraryId, string? pluginId, JobRegistry registry, JobSettings settings, JobServices? services = null) =>
        Runtime.Actor.Props.Create(() => new JobManager(libraryId, pluginId, registry, settings, services));

    public override string PersistenceId => JobsPersistence.IndexPersistenceId;

    public override string? JournalPluginId => _pluginId;

    protected override SupervisorStrategy SupervisorStrategy() =>
        // A job actor that throws is restarted: it recovers from its journal. Persist failures stop it (see OnJobStopped).
        new OneForOneStrategy(maxNrOfRetries: 3, withinTimeRange: TimeSpan.FromMinutes(1), _ => Directive.Restart);

    // ---- start ----

    private void ResumeAfterStart()
    {
        var resumed = 0;
        foreach (var entry in _entries.Values.OrderBy(e => e.Summary.CreatedAt))
        {
            var s = entry.Summary;
            if (!_registry.TryGet(s.Type, out _)) continue; // unknown type: listed, left alone
            switch (s.Status)
            {
                case JobStatus.Running:
                case JobStatus.Paused when s.PausedBy == JobPauseReason.Shutdown:
                    _running.Add(s.Id);
                    Materialize(entry).Tell(JobActor.Start.Instance);
                    resumed++;
                    break;
                case JobStatus.Queued:
                    _queue.Add(Key(s));
                    break;
            }
        }
        if (resumed > 0) Context.GetLogger().Info("Resuming {0} job(s) of library {1}", resumed, _libraryId);
        Schedule();
    }

    // ---- commands ----

    private void OnEnqueue(EnqueueJob m)
    {
        var sender = Sender;
        if (!_registry.TryGet(m.Type, out var definition))
        {
            sender.Tell(new LibraryOperationFailed(JobErrors.UnknownType, $"No job type '{m.Type}'. Known: {string.Join(", ", _registry.Names)}."));
            return;
        }
        if (definition.Validate(m.InitialState) is { } problem)
        {
            sender.Tell(new LibraryOperationFailed(JobErrors.InvalidArguments, problem));
            return;
        }
        var summary = new JobSummary(Guid.NewGuid(), m.Type, JobStatus.Queued, m.Priority ?? _settings.PriorityOf(m.Type), m.ParentId,
            _time.GetUtcNow(), null, null, 0, null, null, null, 0, 0, 0, definition.Describe(m.InitialState));
        PersistIndex(new JobIndexEntry(summary, m.InitialState), entry =>
        {
            _queue.Add(Key(summary));
            Context.System.EventStream.Publish(new JobStateChanged(_libraryId, JobStateChanged.Queued, summary));
            sender.Tell(new JobControlReply(_libraryId, summary));
            Schedule();
        });
    }

    private void OnReport(JobReport m)
    {
        var s = m.Summary;
        if (!_entries.ContainsKey(s.Id)) return; // cleared meanwhile
        _queue.Remove(Key(s));
        if (s.Status == JobStatus.Running) _running.Add(s.Id);
        else _running.Remove(s.Id);
        if (s.Status == JobStatus.Queued && !_shuttingDown) _queue.Add(Key(s));
        // The job's journal holds its initial state from now on.
        PersistIndex(new JobIndexEntry(s, null), _ => Schedule());
    }

    private void OnJobStopped(JobStopped m)
    {
        if (!_liveIds.Remove(m.Job, out var id)) return;
        if (_live.TryGetValue(id, out var current) && current.Equals(m.Job))
        {
            // Stopped without asking (e.g. its journal failed): free its slot; it resumes on the next start.
            _live.Remove(id);
            if (_running.Remove(id))
                Context.GetLogger().Warning("Job {0} stopped unexpectedly; it resumes from its last checkpoint when the library is opened again", id);
            Schedule();
        }
        if (_stopping.Remove(id, out var waiting) && waiting.Count > 0 && _entries.TryGetValue(id, out var entry))
        {
            var job = Materialize(entry);
            foreach (var (message, sender) in waiting) job.Tell(message, sender);
        }
    }

    private void Route(string reference, object message, IActorRef sender)
    {
        if (!Resolve(reference, out var entry, out var failure))
        {
            sender.Tell(failure);
            return;
        }
        var s = entry.Summary;
        if (!_registry.TryGet(s.Type, out _))
        {
            sender.Tell(message is GetJobInfo
                ? new JobInfoReply(_libraryId, new JobDetail(Shown(s), [], [], [], [], null))
                : new LibraryOperationFailed(JobErrors.UnknownType, $"Job {s.Id} is of type '{s.Type}', which this node does not know; it is left alone."));
            return;
        }
        if (message is PauseJob or CancelJob) _queue.Remove(Key(s));
        if (_stopping.TryGetValue(s.Id, out var waiting))
        {
            waiting.Add((message, sender));
            return;
        }
        Materialize(entry).Tell(message, sender);
    }

    private void OnClear()
    {
        var sender = Sender;
        var ids = _entries.Values.Where(e => e.Summary.IsTerminal).Select(e => e.Summary.Id).ToList();
        foreach (var id in ids)
        {
            // A finished job's actor has nothing left to write; stop it before its events go.
            if (_live.Remove(id, out var job))
            {
                _stopping.TryAdd(id, []);
                job.Tell(JobActor.StopJob.Instance);
            }
        }
        if (ids.Count == 0)
        {
            sender.Tell(new JobsCleared(_libraryId, 0));
            return;
        }
        var types = ids.ToDictionary(id => id, id => _entries[id].Summary.Type);
        Persist(new JobsForgotten(ids), e =>
        {
            foreach (var id in e.JobIds)
            {
                _entries.Remove(id);
                if (types.TryGetValue(id, out var type) && _registry.TryGet(type, out var definition) && definition.Forget is { } forget)
                {
                    try
                    {
                        forget(_services, id);
                    }
                    catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                    {
                        Context.GetLogger().Warning("Job {0} ({1}) was cleared but what it left could not be removed: {2}", id, type, ex.Message);
                    }
                }
            }
            CountIndexEvent();
            var persistence = PersistenceExtension.Get(Context.System);
            var journal = persistence.JournalFor(_pluginId);
            var snapshots = persistence.SnapshotStoreFor(_pluginId);
            _ = ForgetAsync(journal, snapshots, e.JobIds).PipeTo(Self, success: () => new Cleared(sender, e.JobIds.Count),
                failure: _ => new Cleared(sender, e.JobIds.Count));
        });
    }

    private static async Task ForgetAsync(IJournal journal, ISnapshotStore? snapshots, IReadOnlyList<Guid> ids)
    {
        foreach (var id in ids)
        {
            var pid = JobsPersistence.PersistenceIdOf(id);
            await journal.DeleteMessagesToAsync(pid, long.MaxValue).ConfigureAwait(false);
            if (snapshots is not null) await snapshots.DeleteAsync(pid, SnapshotSelectionCriteria.Latest).ConfigureAwait(false);
        }
    }

    private void OnShutdown()
    {
        var sender = Sender;
        _shuttingDown = true;
        _queue.Clear();
        var asks = _running.Where(_live.ContainsKey)
            .Select(id => _live[id].Ask<JobActor.ShutdownPaused>(JobActor.PauseForShutdown.Instance, _settings.ShutdownTimeout))
            .ToList();
        _ = Task.WhenAll(asks).PipeTo(sender,
            success: paused => new AllJobsPaused(paused.Count(p => p.WasRunning)),
            failure: _ => new AllJobsPaused(asks.Count(t => t.IsCompletedSuccessfully && t.Result.WasRunning)));
    }

    // ---- scheduling ----

    private void Schedule()
    {
        while (!_shuttingDown && _running.Count < _settings.MaxConcurrent && _queue.Count > 0)
        {
            var next = _queue.Min;
            _queue.Remove(next);
            if (!_entries.TryGetValue(next.Id, out var entry) || entry.Summary.Status != JobStatus.Queued) continue;
            if (_stopping.TryGetValue(next.Id, out var waiting))
            {
                waiting.Add((JobActor.Start.Instance, Self));
                _running.Add(next.Id);
                continue;
            }
            _running.Add(next.Id);
            Materialize(entry).Tell(JobActor.Start.Instance);
        }
    }

    private IActorRef Materialize(JobIndexEntry entry)
    {
        var id = entry.Summary.Id;
        if (_live.TryGetValue(id, out var job)) return job;
        job = Context.ActorOf(JobActor.Props(new JobActorSetup(_libraryId, id, entry, _pluginId, _registry, _settings, _services)), id.ToString("D"));
        Context.WatchWith(job, new JobStopped(id, job));
        _live[id] = job;
        _liveIds[job] = id;
        return job;
    }

    // ---- index ----

    private void PersistIndex(JobIndexEntry entry, Action<JobIndexEntry> then)
    {
        Persist(new JobIndexed(entry), e =>
        {
            _entries[e.Entry.Summary.Id] = e.Entry;
            CountIndexEvent();
            then(e.Entry);
        });
    }

    private void CountIndexEvent()
    {
        // A snapshot costs as much as the index is big: take one every max(N, entries / 2) changes, so its cost per
        // change stays constant and start-up replays at most that many small events after it.
        if (++_eventsSinceSnapshot < Math.Max(_settings.IndexSnapshotEvery, _entries.Count / 2)) return;
        _eventsSinceSnapshot = 0;
        SaveSnapshot(new JobIndexSnapshot([.. _entries.Values]));
    }

    private JobSummary Shown(JobSummary s) =>
        !s.IsTerminal && !_registry.TryGet(s.Type, out _) ? s with { Status = JobStatus.UnknownType } : s;

    private static (int, DateTimeOffset, Guid) Key(JobSummary s) => (-s.Priority, s.CreatedAt, s.Id);

    private bool Resolve(string reference, out JobIndexEntry entry, out LibraryOperationFailed failure)
    {
        entry = null!;
        failure = null!;
        var text = (reference ?? "").Trim().ToLowerInvariant();
        if (Guid.TryParse(text, out var exact) && _entries.TryGetValue(exact, out var found))
        {
            entry = found;
            return true;
        }
        var compact = text.Replace("-", "", StringComparison.Ordinal);
        var matches = compact.Length == 0 ? [] : _entries.Values.Where(e => e.Summary.Id.ToString("N").StartsWith(compact, StringComparison.Ordinal)).Take(2).ToList();
        if (matches.Count == 1)
        {
            entry = matches[0];
            return true;
        }
        failure = matches.Count == 0
            ? new LibraryOperationFailed(JobErrors.NotFound, $"No job '{reference}'. See `sd job list`.")
            : new LibraryOperationFailed(JobErrors.Ambiguous, $"'{reference}' matches several jobs; give more of the id.");
        return false;
    }
}
