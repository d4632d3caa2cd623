using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Actors.Jobs;

// The events a job actor persists (DESIGN.md §5), its snapshot, and the job index's events and snapshot.
// Job-type specific data (initial state, checkpoints, output) is kept as JSON, so every build can read every
// job's events, also those of job types it does not know.

/// <summary>What a job noted since its last persisted event: log lines, non-fatal warnings and errors.</summary>
public sealed record JobNotes(IReadOnlyList<JobLogLine> Log, IReadOnlyList<string> Warnings, IReadOnlyList<string> Errors)
{
    public static JobNotes Empty { get; } = new([], [], []);

    public bool IsEmpty => Log.Count == 0 && Warnings.Count == 0 && Errors.Count == 0;
}

public sealed record JobQueued(Guid JobId, string Type, int Priority, Guid? ParentId, DateTimeOffset At, JsonElement InitialState);

public sealed record JobStarted(DateTimeOffset At);

/// <summary>The job's state at a point from which it can resume; written every N items or T seconds.</summary>
public sealed record CheckpointSaved(DateTimeOffset At, JsonElement State, JobProgress? Progress, JobNotes? Notes);

public sealed record JobPaused(DateTimeOffset At, JobPauseReason Reason, JobNotes? Notes);

/// <param name="Reason">user, startup (after a shutdown pause) or recovered (after a crash).</param>
public sealed record JobResumed(DateTimeOffset At, string Reason);

public sealed record JobCompleted(DateTimeOffset At, JsonElement? Output, JobProgress? Progress, JobNotes? Notes);

public sealed record JobFailed(DateTimeOffset At, string Error, JobNotes? Notes);

public sealed record JobCancelled(DateTimeOffset At, JobNotes? Notes);

/// <summary>A failed job was queued again; it restarts from its last checkpoint.</summary>
public sealed record JobRetried(DateTimeOffset At);

/// <summary>The job started a child job.</summary>
public sealed record JobChildAdded(Guid ChildId);

/// <summary>A job's whole state (saved when it finishes and every few checkpoints of a long job).</summary>
public sealed record JobSnapshot(
    Guid JobId,
    string Type,
    int Priority,
    Guid? ParentId,
    JsonElement InitialState,
    JsonElement? Checkpoint,
    JobStatus Status,
    JobPauseReason? PausedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double ActiveSeconds,
    JobProgress? Progress,
    string? Error,
    JsonElement? Output,
    IReadOnlyList<JobLogLine> Log,
    IReadOnlyList<string> Warnings,
    IReadOnlyList<string> Errors,
    int Attempt,
    IReadOnlyList<Guid> Children);

/// <summary>The job index's record of one job: its summary, and its initial state while no job actor exists yet.</summary>
public sealed record JobIndexEntry(JobSummary Summary, JsonElement? InitialState);

/// <summary>The index learned a job's new summary (queued, or a lifecycle change reported by the job).</summary>
public sealed record JobIndexed(JobIndexEntry Entry);

/// <summary>Jobs removed from the history by <c>sd job clear</c>.</summary>
public sealed record JobsForgotten(IReadOnlyList<Guid> JobIds);

public sealed record JobIndexSnapshot(IReadOnlyList<JobIndexEntry> Entries);

[JsonSourceGenerationOptions(UseStringEnumConverter = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(JobQueued))]
[JsonSerializable(typeof(JobStarted))]
[JsonSerializable(typeof(CheckpointSaved))]
[JsonSerializable(typeof(JobPaused))]
[JsonSerializable(typeof(JobResumed))]
[JsonSerializable(typeof(JobCompleted))]
[JsonSerializable(typeof(JobFailed))]
[JsonSerializable(typeof(JobCancelled))]
[JsonSerializable(typeof(JobRetried))]
[JsonSerializable(typeof(JobChildAdded))]
[JsonSerializable(typeof(JobSnapshot))]
[JsonSerializable(typeof(JobIndexed))]
[JsonSerializable(typeof(JobsForgotten))]
[JsonSerializable(typeof(JobIndexSnapshot))]
internal sealed partial class JobsJsonContext : JsonSerializerContext;

/// <summary>The stable manifests of the jobs' events and snapshots.</summary>
public static class JobsPersistence
{
    /// <summary>Persistence id of the job index of a library's journal.</summary>
    public const string IndexPersistenceId = "jobs-index";

    public static string PersistenceIdOf(Guid jobId) => "job-" + jobId.ToString("D");

    /// <summary>Registers every job manifest in <paramref name="registry"/>.</summary>
    public static PersistenceSerializerRegistry RegisterJobs(this PersistenceSerializerRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var c = JobsJsonContext.Default;
        return registry
            .Register("jobs.JobQueued.v1", c.JobQueued)
            .Register("jobs.JobStarted.v1", c.JobStarted)
            .Register("jobs.CheckpointSaved.v1", c.CheckpointSaved)
            .Register("jobs.JobPaused.v1", c.JobPaused)
            .Register("jobs.JobResumed.v1", c.JobResumed)
            .Register("jobs.JobCompleted.v1", c.JobCompleted)
            .Register("jobs.JobFailed.v1", c.JobFailed)
            .Register("jobs.JobCancelled.v1", c.JobCancelled)
            .Register("jobs.JobRetried.v1", c.JobRetried)
            .Register("jobs.JobChildAdded.v1", c.JobChildAdded)
            .Register("jobs.JobSnapshot.v1", c.JobSnapshot)
            .Register("jobs.JobIndexed.v1", c.JobIndexed)
            .Register("jobs.JobsForgotten.v1", c.JobsForgotten)
            .Register("jobs.JobIndexSnapshot.v1", c.JobIndexSnapshot);
    }
}
