using System.Text.Json;
using Spacedrive.Messages.Events;

namespace Spacedrive.Messages.Jobs;

/// <summary>Where a job is in its life. Completed, Failed and Cancelled are terminal; Running and Paused are active.</summary>
public enum JobStatus
{
    Queued,
    Running,
    Paused,
    Completed,
    Failed,
    Cancelled,

    /// <summary>The journal holds a job of a type this build does not know (a newer version's): listed, never touched.</summary>
    UnknownType,
}

/// <summary>Who paused a job: a user's pause survives restarts; a shutdown's pause is undone on the next start.</summary>
public enum JobPauseReason
{
    User,
    Shutdown,
}

/// <summary>How far a job got: <c>Completed</c> of <c>Total</c> (if known) <c>Unit</c>s, with an optional message.</summary>
public sealed record JobProgress(long Completed, long? Total, string Unit, string? Message = null)
{
    /// <summary>0..1 when the total is known.</summary>
    public double? Fraction => Total is > 0 ? Math.Clamp((double)Completed / Total.Value, 0, 1) : null;
}

/// <summary>A line of a job's own log, kept with the job (the most recent ones).</summary>
public sealed record JobLogLine(DateTimeOffset At, string Level, string Message);

/// <summary>One job as lists and events show it.</summary>
/// <param name="ActiveSeconds">Time spent running, pauses excluded.</param>
/// <param name="Attempt">0 for the first run; each retry adds one.</param>
public sealed record JobSummary(
    Guid Id,
    string Type,
    JobStatus Status,
    int Priority,
    Guid? ParentId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    double ActiveSeconds,
    JobProgress? Progress,
    JobPauseReason? PausedBy,
    string? Error,
    int Warnings,
    int Errors,
    int Attempt,
    string? Description)
{
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsTerminal => Status is JobStatus.Completed or JobStatus.Failed or JobStatus.Cancelled;
    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsActive => Status is JobStatus.Running or JobStatus.Paused;
}

/// <summary>Everything kept about one job: its summary, its non-fatal warnings and errors, its recent log and output.</summary>
public sealed record JobDetail(
    JobSummary Job,
    IReadOnlyList<string> WarningMessages,
    IReadOnlyList<string> ErrorMessages,
    IReadOnlyList<JobLogLine> Log,
    IReadOnlyList<Guid> Children,
    JsonElement? Output);

/// <summary>A request about the jobs of one library (id, id prefix or name; null = the only or default library).</summary>
public interface IJobRequest
{
    string? Library { get; }
}

/// <summary>Lists a library's jobs, newest first; only those with <paramref name="Status"/> when given.</summary>
public sealed record ListJobs(string? Library, JobStatus? Status = null) : IJobRequest;

public sealed record JobListReply(Guid LibraryId, IReadOnlyList<JobSummary> Jobs);

/// <summary>One job by id or unique id prefix.</summary>
public sealed record GetJobInfo(string? Library, string Job) : IJobRequest;

public sealed record JobInfoReply(Guid LibraryId, JobDetail Detail);

/// <summary>Pauses a running or queued job; it stays paused, across restarts too, until resumed.</summary>
public sealed record PauseJob(string? Library, string Job) : IJobRequest;

/// <summary>Resumes a paused job from its last checkpoint.</summary>
public sealed record ResumeJob(string? Library, string Job) : IJobRequest;

/// <summary>Cancels a job that has not finished; it is kept in the history as cancelled.</summary>
public sealed record CancelJob(string? Library, string Job) : IJobRequest;

/// <summary>Queues a failed job again; it restarts from its last checkpoint.</summary>
public sealed record RetryJob(string? Library, string Job) : IJobRequest;

/// <summary>The job after a pause, resume, cancel, retry or start.</summary>
public sealed record JobControlReply(Guid LibraryId, JobSummary Job);

/// <summary>Removes the finished jobs (completed, failed, cancelled) from the history and the journal.</summary>
public sealed record ClearJobs(string? Library) : IJobRequest;

public sealed record JobsCleared(Guid LibraryId, int Removed);

/// <summary>
/// Diagnostics: starts the built-in counting job, which writes 0..Count-1 to <paramref name="OutputPath"/>, one per
/// line, exactly once even across kill -9 (the file is cut back to the last checkpoint on resume). Waits
/// <paramref name="DelayMs"/> per item; fails once (first attempt only) at item <paramref name="FailAt"/> when given.
/// </summary>
public sealed record StartTestJob(string? Library, long Count, int DelayMs, string OutputPath, long? FailAt = null, int? Priority = null) : IJobRequest;

/// <summary>How many jobs a library has running or paused (all libraries: ask the node).</summary>
public sealed record PauseAllJobsForShutdown
{
    public static PauseAllJobsForShutdown Instance { get; } = new();
}

/// <summary>Reply to <see cref="PauseAllJobsForShutdown"/>: how many running jobs were checkpointed and paused.</summary>
public sealed record AllJobsPaused(int Count);

/// <summary>The stable error codes of job operations (sent as <c>LibraryOperationFailed</c> codes).</summary>
public static class JobErrors
{
    public const string NotFound = "job_not_found";
    public const string Ambiguous = "ambiguous_job";
    public const string InvalidState = "invalid_job_state";
    public const string UnknownType = "unknown_job_type";
    public const string InvalidArguments = "invalid_job_arguments";
}

/// <summary>Live progress of a running job, throttled (spacedrive.jobs.progress-interval). Not persisted.</summary>
public sealed record JobProgressed(Guid LibraryId, Guid JobId, string JobType, JobProgress Progress) : NodeEvent
{
    public override string EventType => "job_progress";
}

/// <summary>
/// A job changed state: <c>job_queued</c>, <c>job_started</c>, <c>job_paused</c>, <c>job_resumed</c>,
/// <c>job_completed</c>, <c>job_failed</c>, <c>job_cancelled</c> (the event type is <c>job_</c> + <see cref="Transition"/>).
/// </summary>
public sealed record JobStateChanged(Guid LibraryId, string Transition, JobSummary Job) : NodeEvent
{
    public const string Queued = "queued";
    public const string Started = "started";
    public const string Paused = "paused";
    public const string Resumed = "resumed";
    public const string Completed = "completed";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    public static IReadOnlyList<string> EventTypes { get; } =
        [.. new[] { Queued, Started, Paused, Resumed, Completed, Failed, Cancelled }.Select(t => "job_" + t), "job_progress"];

    public override string EventType => "job_" + Transition;
}
