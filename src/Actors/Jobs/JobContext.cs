using System.Text.Json;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Actors.Jobs;

/// <summary>
/// What a running job's work may do: save checkpoints, report progress, note warnings, errors and log lines, start
/// child jobs. Every call is a message to the job actor, which alone owns the job's persisted state. Thread-safe
/// enough for one worker; progress messages are throttled here (spacedrive.jobs.progress-interval).
/// </summary>
public sealed class JobContext<TState>
{
    private readonly JobRun _run;
    private readonly JobDefinition<TState> _definition;

    internal JobContext(JobRun run, JobDefinition<TState> definition)
    {
        _run = run;
        _definition = definition;
    }

    public Guid JobId => _run.JobId;

    /// <summary>What the job's library offers its jobs (e.g. the indexer's access to library.db).</summary>
    public JobServices Services => _run.Services;

    /// <summary>0 on the first run; each retry adds one.</summary>
    public int Attempt => _run.Attempt;

    /// <summary>The node's clock: use it for delays and durations, so tests can drive time.</summary>
    public TimeProvider Time => _run.Time;

    /// <summary>
    /// Counts <paramref name="items"/> done and says whether a checkpoint is due: every-items items or
    /// every-interval since the last one, or a pause/cancel was requested.
    /// </summary>
    public bool IsCheckpointDue(long items = 1) => _run.IsCheckpointDue(items);

    /// <summary>Saves <paramref name="state"/> through the journal; returns once it is durable.</summary>
    public Task CheckpointAsync(TState state) => _run.CheckpointAsync(_definition.Serialize(state));

    /// <summary><see cref="IsCheckpointDue"/> then <see cref="CheckpointAsync"/> if due; for jobs whose effects need no flush first.</summary>
    public async ValueTask<bool> MaybeCheckpointAsync(TState state, long items = 1)
    {
        if (!IsCheckpointDue(items)) return false;
        await CheckpointAsync(state).ConfigureAwait(false);
        return true;
    }

    public void ReportProgress(long completed, long? total = null, string? message = null) =>
        _run.ReportProgress(new JobProgress(completed, total, _definition.ProgressUnit, message));

    public void Log(string message) => _run.Note(JobRun.NoteKind.Log, message);

    /// <summary>A non-fatal problem the user should see (e.g. a file skipped).</summary>
    public void AddWarning(string message) => _run.Note(JobRun.NoteKind.Warning, message);

    /// <summary>A non-fatal error (the job goes on).</summary>
    public void AddError(string message) => _run.Note(JobRun.NoteKind.Error, message);

    /// <summary>Queues a child job linked to this one; returns its id once queued.</summary>
    public Task<Guid> SpawnChildAsync<TChild>(JobDefinition<TChild> type, TChild initialState)
    {
        ArgumentNullException.ThrowIfNull(type);
        return _run.SpawnChildAsync(type.Name, type.Serialize(initialState));
    }
}

/// <summary>One run of a job's work: the channel between the worker and its job actor.</summary>
internal sealed class JobRun(IActorRef actor, Guid jobId, int runId, int attempt, TimeProvider time, JobSettings settings, JobServices services, CancellationToken stopping, CancellationToken actorStopped)
{
    internal enum NoteKind
    {
        Log,
        Warning,
        Error,
    }

    private long _itemsSinceCheckpoint;
    private long _lastCheckpointTicks = time.GetUtcNow().UtcTicks;
    private long _lastProgressTicks = long.MinValue;

    public Guid JobId { get; } = jobId;
    public int RunId { get; } = runId;
    public int Attempt { get; } = attempt;
    public TimeProvider Time { get; } = time;
    public JobServices Services { get; } = services;

    public bool IsCheckpointDue(long items)
    {
        _itemsSinceCheckpoint += items;
        return stopping.IsCancellationRequested
            || _itemsSinceCheckpoint >= settings.CheckpointEveryItems
            || Time.GetUtcNow().UtcTicks - _lastCheckpointTicks >= settings.CheckpointEveryInterval.Ticks;
    }

    public async Task CheckpointAsync(JsonElement state)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new JobActor.SaveCheckpoint(RunId, state, done));
        // If the job actor stopped (its node is going down), nothing will ever confirm: give up.
        await done.Task.WaitAsync(actorStopped).ConfigureAwait(false);
        _itemsSinceCheckpoint = 0;
        _lastCheckpointTicks = Time.GetUtcNow().UtcTicks;
    }

    public void ReportProgress(JobProgress progress)
    {
        var now = Time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastProgressTicks);
        var final = progress.Total is { } total && progress.Completed >= total;
        if (!final && last != long.MinValue && now - last < settings.ProgressInterval.Ticks) return;
        Interlocked.Exchange(ref _lastProgressTicks, now);
        actor.Tell(new JobActor.ProgressReport(RunId, progress));
    }

    public void Note(NoteKind kind, string message) => actor.Tell(new JobActor.AddNote(RunId, kind, message));

    public Task<Guid> SpawnChildAsync(string type, JsonElement state)
    {
        var done = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Tell(new JobActor.SpawnChild(RunId, type, state, done));
        return done.Task.WaitAsync(actorStopped);
    }
}
