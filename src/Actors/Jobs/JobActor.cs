using System.Text.Json;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Actors.Jobs;

/// <summary>What a job actor is created with: who it is, and for a job not yet in its journal, how it was queued.</summary>
public sealed record JobActorSetup(
    Guid LibraryId,
    Guid JobId,
    JobIndexEntry Entry,
    string? PluginId,
    JobRegistry Registry,
    JobSettings Settings,
    JobServices? Services = null);

/// <summary>
/// One job (<c>.../jobs/&lt;job-id&gt;</c>, persistence id <c>job-&lt;uuid&gt;</c>): the only owner of the job's persisted
/// state. Its work runs off the actor's thread and talks to it by messages (checkpoints, progress, notes); the actor
/// persists <see cref="JobQueued"/>, <see cref="JobStarted"/>, <see cref="CheckpointSaved"/>, <see cref="JobPaused"/>,
/// <see cref="JobResumed"/>, <see cref="JobCompleted"/>, <see cref="JobFailed"/>, <see cref="JobCancelled"/>,
/// <see cref="JobRetried"/>, and snapshots when the job finishes and every few checkpoints. Recovery rebuilds the state
/// (the last checkpoint), so a job interrupted at any moment resumes from its last checkpoint.
/// Every state change is reported to the parent <see cref="JobManager"/> and published on the EventStream.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The token source is disposed when the work ends and in PostStop.")]
public sealed class JobActor : ReceivePersistentActor
{
    // ---- protocol with the manager ----

    /// <summary>Run if runnable: a queued job starts; one recovered as running, or paused by a shutdown, resumes.</summary>
    public sealed record Start
    {
        public static Start Instance { get; } = new();
    }

    /// <summary>Checkpoint and pause (reason: shutdown); replied with <see cref="ShutdownPaused"/> once persisted.</summary>
    public sealed record PauseForShutdown
    {
        public static PauseForShutdown Instance { get; } = new();
    }

    public sealed record ShutdownPaused(Guid JobId, bool WasRunning);

    /// <summary>
    /// The user resumed this job while every slot is taken: it leaves the paused state for the queue and starts
    /// when the manager has a free slot (a resume never exceeds the concurrency limit).
    /// </summary>
    public sealed record ResumeWhenFree(ResumeJob Request);

    /// <summary>
    /// Stop (passivation, or the job is being cleared). A command rather than a <c>PoisonPill</c>: it waits in the
    /// internal stash behind anything being persisted, so the requests sent before it are all answered.
    /// </summary>
    public sealed record StopJob
    {
        public static StopJob Instance { get; } = new();
    }

    private const string QueuedResumeReason = "user-queued";

    // ---- protocol with the work ----

    internal sealed record SaveCheckpoint(int RunId, JsonElement State, TaskCompletionSource Done);

    internal sealed record ProgressReport(int RunId, JobProgress Progress);

    internal sealed record AddNote(int RunId, JobRun.NoteKind Kind, string Message);

    internal sealed record SpawnChild(int RunId, string Type, JsonElement State, TaskCompletionSource<Guid> Done);

    private sealed record ChildQueued(object Reply, TaskCompletionSource<Guid> Done);

    private sealed record WorkEnded(int RunId, JsonElement? Output, Exception? Error);

    private sealed record StopRequest(bool Cancel, JobPauseReason Reason)
    {
        public List<(IActorRef Sender, object Request)> Waiting { get; } = [];
    }

    private readonly JobActorSetup _setup;
    private readonly TimeProvider _time;
    private readonly JobSettings _settings;

    // ---- the persisted state (rebuilt by recovery) ----
    private string _type;
    private int _priority;
    private Guid? _parentId;
    private JsonElement _initial;
    private JsonElement? _checkpoint;
    private JobStatus? _status; // null: nothing in the journal yet
    private JobPauseReason? _pausedBy;
    private DateTimeOffset _createdAt;
    private DateTimeOffset? _startedAt;
    private DateTimeOffset? _finishedAt;
    private DateTimeOffset? _runningSince;
    private DateTimeOffset _lastEventAt;
    private double _activeSeconds;
    private JobProgress? _progress;
    private string? _error;
    private JsonElement? _output;
    private readonly List<JobLogLine> _log = [];
    private readonly List<string> _warnings = [];
    private readonly List<string> _errors = [];
    private int _attempt;
    private readonly List<Guid> _children = [];
    private int _checkpointsSinceSnapshot;

    // ---- not persisted ----
    private readonly List<JobLogLine> _pendingLog = [];
    private readonly List<string> _pendingWarnings = [];
    private readonly List<string> _pendingErrors = [];
    private JobDefinition? _definition;
    private CancellationTokenSource? _cts;
    private readonly CancellationTokenSource _alive = new();
    private int _runId;
    private bool _working;
    private StopRequest? _stop;

    public JobActor(JobActorSetup setup)
    {
        ArgumentNullException.ThrowIfNull(setup);
        _setup = setup;
        _settings = setup.Settings;
        _time = Context.System.TimeProvider;
        var s = setup.Entry.Summary;
        _type = s.Type;
        _priority = s.Priority;
        _parentId = s.ParentId;
        _createdAt = s.CreatedAt;
        _initial = setup.Entry.InitialState ?? default;

        Recover<SnapshotOffer>(offer => { if (offer.Snapshot is JobSnapshot snapshot) Restore(snapshot); });
        Recover<RecoveryCompleted>(_ => _definition = _setup.Registry.TryGet(_type, out var d) ? d : null);
        RecoverAny(Apply);

        Command<Start>(_ => OnStart());
        Command<StopJob>(_ => Context.Stop(Self));
        Command<PauseJob>(_ => OnPause(JobPauseReason.User, Sender, Sender));
        Command<PauseForShutdown>(m => OnPause(JobPauseReason.Shutdown, Sender, m));
        Command<ResumeJob>(_ => OnResume(queue: false));
        Command<ResumeWhenFree>(_ => OnResume(queue: true));
        Command<CancelJob>(_ => OnCancel());
        Command<RetryJob>(_ => OnRetry());
        Command<GetJobInfo>(_ =>
        {
            Sender.Tell(new JobInfoReply(_setup.LibraryId, Detail()));
            if (IsTerminal && !_working) Context.Parent.Tell(new JobManager.Passivate(_setup.JobId));
        });
        Command<SaveCheckpoint>(OnCheckpoint);
        Command<ProgressReport>(OnProgress);
        Command<AddNote>(OnNote);
        Command<SpawnChild>(OnSpawnChild);
        Command<ChildQueued>(OnChildQueued);
        Command<WorkEnded>(OnWorkEnded);
        Command<SaveSnapshotSuccess>(_ => { });
        Command<SaveSnapshotFailure>(f => Context.GetLogger().Warning("Job {0}: snapshot failed: {1}", _setup.JobId, f.Cause.Message));
    }

    public static Props Props(JobActorSetup setup) => Runtime.Actor.Props.Create(() => new JobActor(setup));

    public override string PersistenceId => JobsPersistence.PersistenceIdOf(_setup.JobId);

    public override string? JournalPluginId => _setup.PluginId;

    private bool IsTerminal => _status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;

    protected override void PostStop()
    {
        _cts?.Cancel();
        _cts?.Dispose();
        _alive.Cancel();
        _alive.Dispose();
        base.PostStop();
    }

    // ---- commands ----

    private void OnStart()
    {
        if (_working) return;
        if (_definition is null)
        {
            Report(null);
            return;
        }
        var now = _time.GetUtcNow();
        switch (_status)
        {
            case null:
                PersistAll<object>([QueuedEvent(now), new JobStarted(now)], Apply);
                Defer(Start.Instance, _ => Run(JobStateChanged.Started));
                break;
            case JobStatus.Queued:
                Persist(new JobStarted(now), e => { Apply(e); Run(JobStateChanged.Started); });
                break;
            case JobStatus.Running:
                // Recovered after a crash: resume from the last checkpoint.
                Persist(new JobResumed(now, "recovered"), e => { Apply(e); Run(JobStateChanged.Resumed); });
                break;
            case JobStatus.Paused when _pausedBy == JobPauseReason.Shutdown:
                Persist(new JobResumed(now, "startup"), e => { Apply(e); Run(JobStateChanged.Resumed); });
                break;
            default:
                Report(null);
                break;
        }
    }

    private void OnPause(JobPauseReason reason, IActorRef sender, object request)
    {
        if (_working)
        {
            if (_stop is null)
            {
                _stop = new StopRequest(Cancel: false, reason);
                _cts?.Cancel();
            }
            _stop.Waiting.Add((sender, request));
            return;
        }
        if (reason == JobPauseReason.Shutdown)
        {
            sender.Tell(new ShutdownPaused(_setup.JobId, WasRunning: false));
            return;
        }
        switch (_status)
        {
            case null or JobStatus.Queued:
                var events = new List<object>();
                if (_status is null) events.Add(QueuedEvent(_time.GetUtcNow()));
                events.Add(new JobPaused(_time.GetUtcNow(), reason, TakeNotes()));
                PersistAll(events, Apply);
                Defer(reason, _ =>
                {
                    var summary = Report(JobStateChanged.Paused);
                    sender.Tell(new JobControlReply(_setup.LibraryId, summary));
                });
                break;
            case JobStatus.Paused:
                sender.Tell(new JobControlReply(_setup.LibraryId, Summary()));
                break;
            default:
                sender.Tell(InvalidState("paused"));
                break;
        }
    }

    private void OnResume(bool queue)
    {
        var sender = Sender;
        if (_working || _status == JobStatus.Running)
        {
            sender.Tell(new JobControlReply(_setup.LibraryId, Summary()));
            return;
        }
        if (_status != JobStatus.Paused)
        {
            sender.Tell(InvalidState("resumed"));
            return;
        }
        if (_definition is null)
        {
            sender.Tell(new LibraryOperationFailed(JobErrors.UnknownType, $"This node does not know job type '{_type}'."));
            return;
        }
        Persist(new JobResumed(_time.GetUtcNow(), queue ? QueuedResumeReason : "user"), e =>
        {
            Apply(e);
            var summary = queue ? Report(JobStateChanged.Queued) : Run(JobStateChanged.Resumed);
            sender.Tell(new JobControlReply(_setup.LibraryId, summary));
        });
    }

    private void OnCancel()
    {
        var sender = Sender;
        if (_working)
        {
            if (_stop is null || !_stop.Cancel)
            {
                var waiting = _stop?.Waiting ?? [];
                _stop = new StopRequest(Cancel: true, JobPauseReason.User);
                _stop.Waiting.AddRange(waiting);
                _cts?.Cancel();
            }
            _stop.Waiting.Add((sender, new CancelJob(null, "")));
            return;
        }
        if (IsTerminal)
        {
            sender.Tell(InvalidState("cancelled"));
            return;
        }
        var events = new List<object>();
        if (_status is null) events.Add(QueuedEvent(_time.GetUtcNow()));
        events.Add(new JobCancelled(_time.GetUtcNow(), TakeNotes()));
        PersistAll(events, Apply);
        Defer(sender, _ =>
        {
            var summary = Finish(JobStateChanged.Cancelled);
            sender.Tell(new JobControlReply(_setup.LibraryId, summary));
        });
    }

    private void OnRetry()
    {
        var sender = Sender;
        if (_status != JobStatus.Failed)
        {
            sender.Tell(InvalidState("retried (only failed jobs are)"));
            return;
        }
        Persist(new JobRetried(_time.GetUtcNow()), e =>
        {
            Apply(e);
            var summary = Report(JobStateChanged.Queued);
            sender.Tell(new JobControlReply(_setup.LibraryId, summary));
        });
    }

    private void OnCheckpoint(SaveCheckpoint m)
    {
        if (m.RunId != _runId || !_working)
        {
            m.Done.TrySetCanceled();
            return;
        }
        Persist(new CheckpointSaved(_time.GetUtcNow(), m.State, _progress, TakeNotes()), e =>
        {
            Apply(e);
            m.Done.TrySetResult();
            if (_checkpointsSinceSnapshot >= _settings.SnapshotEveryCheckpoints) TakeSnapshot();
        });
    }

    private void OnProgress(ProgressReport m)
    {
        if (m.RunId != _runId || !_working) return;
        _progress = m.Progress;
        Context.System.EventStream.Publish(new JobProgressed(_setup.LibraryId, _setup.JobId, _type, m.Progress));
        Context.Parent.Tell(new JobManager.ProgressNote(_setup.JobId, m.Progress));
    }

    private void OnNote(AddNote m)
    {
        var text = m.Message.Length > 2000 ? m.Message[..2000] + "…" : m.Message;
        switch (m.Kind)
        {
            case JobRun.NoteKind.Warning:
                _pendingWarnings.Add(text);
                _pendingLog.Add(new JobLogLine(_time.GetUtcNow(), "warning", text));
                break;
            case JobRun.NoteKind.Error:
                _pendingErrors.Add(text);
                _pendingLog.Add(new JobLogLine(_time.GetUtcNow(), "error", text));
                break;
            default:
                _pendingLog.Add(new JobLogLine(_time.GetUtcNow(), "info", text));
                break;
        }
        if (_pendingLog.Count > _settings.LogLines) _pendingLog.RemoveRange(0, _pendingLog.Count - _settings.LogLines);
    }

    private void OnSpawnChild(SpawnChild m)
    {
        if (m.RunId != _runId || !_working)
        {
            m.Done.TrySetCanceled();
            return;
        }
        var parent = Context.Parent;
        var self = Self;
        _ = parent.Ask<object>(new JobManager.EnqueueJob(m.Type, m.State, null, _setup.JobId), TimeSpan.FromSeconds(30))
            .PipeTo(self, success: reply => new ChildQueued(reply, m.Done), failure: e => new ChildQueued(new Status.Failure(e), m.Done));
    }

    private void OnChildQueued(ChildQueued m)
    {
        switch (m.Reply)
        {
            case JobControlReply queued:
                Persist(new JobChildAdded(queued.Job.Id), e => { Apply(e); m.Done.TrySetResult(e.ChildId); });
                break;
            case LibraryOperationFailed failed:
                m.Done.TrySetException(new InvalidOperationException(failed.Message));
                break;
            case Status.Failure failure:
                m.Done.TrySetException(failure.Cause);
                break;
            default:
                m.Done.TrySetException(new InvalidOperationException($"Unexpected reply {m.Reply.GetType().Name}."));
                break;
        }
    }

    private void OnWorkEnded(WorkEnded m)
    {
        if (m.RunId != _runId) return;
        _working = false;
        _cts?.Dispose();
        _cts = null;
        var now = _time.GetUtcNow();
        var stop = _stop;
        _stop = null;
        if (m.Error is null)
        {
            Persist(new JobCompleted(now, m.Output, _progress, TakeNotes()), e =>
            {
                Apply(e);
                var summary = Finish(JobStateChanged.Completed);
                ReplyToWaiting(stop, summary);
            });
        }
        else if (stop is { Cancel: true })
        {
            Persist(new JobCancelled(now, TakeNotes()), e =>
            {
                Apply(e);
                var summary = Finish(JobStateChanged.Cancelled);
                ReplyToWaiting(stop, summary);
            });
        }
        else if (stop is not null)
        {
            Persist(new JobPaused(now, stop.Reason, TakeNotes()), e =>
            {
                Apply(e);
                var summary = Report(JobStateChanged.Paused);
                ReplyToWaiting(stop, summary);
            });
        }
        else
        {
            var error = m.Error is OperationCanceledException ? "The job's work stopped without being asked to." : Describe(m.Error);
            Persist(new JobFailed(now, error, TakeNotes()), e =>
            {
                Apply(e);
                Finish(JobStateChanged.Failed);
            });
        }
    }

    private void ReplyToWaiting(StopRequest? stop, JobSummary summary)
    {
        if (stop is null) return;
        foreach (var (sender, request) in stop.Waiting)
        {
            sender.Tell(request is PauseForShutdown
                ? new ShutdownPaused(_setup.JobId, WasRunning: true)
                : new JobControlReply(_setup.LibraryId, summary));
        }
    }

    private static string Describe(Exception e) =>
        (e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e) is var inner
            ? $"{inner.GetType().Name}: {inner.Message}"
            : e.Message;

    // ---- running the work ----

    private JobSummary Run(string transition)
    {
        var definition = _definition!;
        _runId++;
        _cts = new CancellationTokenSource();
        var run = new JobRun(Self, _setup.JobId, _runId, _attempt, _time, _settings, _setup.Services ?? JobServices.Empty, _cts.Token, _alive.Token);
        var from = definition.Resumable && _checkpoint is { } checkpoint ? checkpoint : _initial;
        var token = _cts.Token;
        var runId = _runId;
        _working = true;
        _ = Task.Run(() => definition.RunAsync(run, from, token), CancellationToken.None)
            .PipeTo(Self, success: output => new WorkEnded(runId, output, null), failure: e => new WorkEnded(runId, null, e));
        return Report(transition);
    }

    /// <summary>Reports a terminal state, saves a snapshot (so history needs no replay) and asks to be passivated.</summary>
    private JobSummary Finish(string transition)
    {
        TakeSnapshot();
        var summary = Report(transition);
        Context.Parent.Tell(new JobManager.Passivate(_setup.JobId));
        return summary;
    }

    private JobSummary Report(string? transition)
    {
        var summary = Summary();
        Context.Parent.Tell(new JobManager.JobReport(summary));
        if (transition is not null)
            Context.System.EventStream.Publish(new JobStateChanged(_setup.LibraryId, transition, summary));
        return summary;
    }

    private void TakeSnapshot()
    {
        _checkpointsSinceSnapshot = 0;
        SaveSnapshot(new JobSnapshot(_setup.JobId, _type, _priority, _parentId, _initial, _checkpoint, _status ?? JobStatus.Queued, _pausedBy,
            _createdAt, _startedAt, _finishedAt, _activeSeconds, _progress, _error, _output, [.. _log], [.. _warnings], [.. _errors], _attempt, [.. _children]));
    }

    // ---- state ----

    private JobQueued QueuedEvent(DateTimeOffset now) =>
        new(_setup.JobId, _type, _priority, _parentId, _createdAt == default ? now : _createdAt, _initial);

    private JobNotes? TakeNotes()
    {
        if (_pendingLog.Count == 0 && _pendingWarnings.Count == 0 && _pendingErrors.Count == 0) return null;
        var notes = new JobNotes([.. _pendingLog], [.. _pendingWarnings], [.. _pendingErrors]);
        _pendingLog.Clear();
        _pendingWarnings.Clear();
        _pendingErrors.Clear();
        return notes;
    }

    private void Apply(object e)
    {
        switch (e)
        {
            case JobQueued q:
                _type = q.Type;
                _priority = q.Priority;
                _parentId = q.ParentId;
                _createdAt = q.At;
                _initial = q.InitialState;
                _status = JobStatus.Queued;
                Line(q.At, "Queued.");
                break;
            case JobStarted s:
                _status = JobStatus.Running;
                _startedAt ??= s.At;
                _runningSince = s.At;
                _pausedBy = null;
                Line(s.At, _attempt > 0 ? $"Started (attempt {_attempt + 1})." : "Started.");
                break;
            case CheckpointSaved c:
                _checkpoint = c.State;
                if (c.Progress is not null) _progress = c.Progress;
                AddNotes(c.Notes);
                _checkpointsSinceSnapshot++;
                break;
            case JobPaused p:
                StopClock(p.At);
                _status = JobStatus.Paused;
                _pausedBy = p.Reason;
                AddNotes(p.Notes);
                Line(p.At, p.Reason == JobPauseReason.Shutdown ? "Paused by the node's shutdown." : "Paused by the user.");
                break;
            case JobResumed { Reason: QueuedResumeReason } r:
                _status = JobStatus.Queued;
                _pausedBy = null;
                Line(r.At, "Resumed by the user; waiting for a free slot.");
                break;
            case JobResumed r:
                if (_status == JobStatus.Running) StopClock(_lastEventAt); // crashed: count up to the last thing it saved
                _status = JobStatus.Running;
                _pausedBy = null;
                _startedAt ??= r.At;
                _runningSince = r.At;
                Line(r.At, r.Reason switch
                {
                    "recovered" => "Resumed from the last checkpoint after the node stopped unexpectedly.",
                    "startup" => "Resumed after the node restarted.",
                    _ => "Resumed by the user.",
                });
                break;
            case JobCompleted c:
                StopClock(c.At);
                _status = JobStatus.Completed;
                _finishedAt = c.At;
                _output = c.Output;
                if (c.Progress is not null) _progress = c.Progress;
                AddNotes(c.Notes);
                Line(c.At, "Completed.");
                break;
            case JobFailed f:
                StopClock(f.At);
                _status = JobStatus.Failed;
                _finishedAt = f.At;
                _error = f.Error;
                AddNotes(f.Notes);
                Line(f.At, "Failed: " + f.Error);
                break;
            case JobCancelled c:
                StopClock(c.At);
                _status = JobStatus.Cancelled;
                _finishedAt = c.At;
                AddNotes(c.Notes);
                Line(c.At, "Cancelled.");
                break;
            case JobRetried r:
                _status = JobStatus.Queued;
                _attempt++;
                _error = null;
                _finishedAt = null;
                Line(r.At, "Queued again (retry).");
                break;
            case JobChildAdded c:
                _children.Add(c.ChildId);
                break;
        }
        _lastEventAt = e switch
        {
            JobQueued q => q.At,
            JobStarted s => s.At,
            CheckpointSaved c => c.At,
            JobPaused p => p.At,
            JobResumed r => r.At,
            JobCompleted c => c.At,
            JobFailed f => f.At,
            JobCancelled c => c.At,
            JobRetried r => r.At,
            _ => _lastEventAt,
        };
    }

    private void Restore(JobSnapshot s)
    {
        _type = s.Type;
        _priority = s.Priority;
        _parentId = s.ParentId;
        _initial = s.InitialState;
        _checkpoint = s.Checkpoint;
        _status = s.Status;
        _pausedBy = s.PausedBy;
        _createdAt = s.CreatedAt;
        _startedAt = s.StartedAt;
        _finishedAt = s.FinishedAt;
        _activeSeconds = s.ActiveSeconds;
        _progress = s.Progress;
        _error = s.Error;
        _output = s.Output;
        _log.Clear();
        _log.AddRange(s.Log);
        _warnings.Clear();
        _warnings.AddRange(s.Warnings);
        _errors.Clear();
        _errors.AddRange(s.Errors);
        _attempt = s.Attempt;
        _children.Clear();
        _children.AddRange(s.Children);
        _runningSince = s.Status == JobStatus.Running ? _time.GetUtcNow() : null;
    }

    private void StopClock(DateTimeOffset at)
    {
        if (_runningSince is { } since && at > since) _activeSeconds += (at - since).TotalSeconds;
        _runningSince = null;
    }

    private void Line(DateTimeOffset at, string text) => AddLog(new JobLogLine(at, "info", text));

    private void AddLog(JobLogLine line)
    {
        _log.Add(line);
        if (_log.Count > _settings.LogLines) _log.RemoveRange(0, _log.Count - _settings.LogLines);
    }

    private void AddNotes(JobNotes? notes)
    {
        if (notes is null) return;
        foreach (var line in notes.Log) AddLog(line);
        Cap(_warnings, notes.Warnings);
        Cap(_errors, notes.Errors);

        void Cap(List<string> list, IReadOnlyList<string> added)
        {
            foreach (var item in added)
            {
                if (list.Count < _settings.MaxMessages) list.Add(item);
            }
        }
    }

    private JobSummary Summary()
    {
        var active = _activeSeconds;
        if (_runningSince is { } since) active += Math.Max(0, (_time.GetUtcNow() - since).TotalSeconds);
        var status = _definition is null && !IsTerminal ? JobStatus.UnknownType : _status ?? JobStatus.Queued;
        return new JobSummary(_setup.JobId, _type, status, _priority, _parentId, _createdAt, _startedAt, _finishedAt,
            Math.Round(active, 3), _progress, _status == JobStatus.Paused ? _pausedBy : null, _error,
            _warnings.Count + _pendingWarnings.Count, _errors.Count + _pendingErrors.Count, _attempt,
            _definition?.Describe(_initial) ?? _setup.Entry.Summary.Description);
    }

    private JobDetail Detail() => new(Summary(), [.. _warnings, .. _pendingWarnings], [.. _errors, .. _pendingErrors],
        [.. _log, .. _pendingLog], [.. _children], _output);

    private LibraryOperationFailed InvalidState(string verb) =>
        new(JobErrors.InvalidState, $"Job {_setup.JobId} is {(_status ?? JobStatus.Queued).ToString().ToLowerInvariant()} and cannot be {verb}.");
}
