using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// What an action kind may use while the <see cref="ActionManager"/> runs it: the library's database (the manager's
/// own writer connection), its jobs and locations, and the three ways to commit (see <see cref="IActionKind"/>).
/// One per request; not shared between threads.
/// </summary>
public sealed class ActionContext
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);
    private readonly ActionManager.Audit _audit;
    private readonly IActionKind _kind;
    private readonly object _request;

    internal ActionContext(IActionKind kind, object request, Guid libraryId, SqliteConnection db, TimeProvider time,
        IActorRef jobs, IActorRef locations, string libraryPath, ActionManager.Audit audit, Runtime.Configuration.Config config)
    {
        Config = config;
        _kind = kind;
        _request = request;
        LibraryId = libraryId;
        Db = db;
        Time = time;
        Jobs = jobs;
        Locations = locations;
        LibraryPath = libraryPath;
        _audit = audit;
    }

    public Guid LibraryId { get; }

    /// <summary>The request is only previewed (a dry run): a kind whose preview lists its own conflicts may let them pass validation.</summary>
    public bool IsPreview { get; internal init; }

    /// <summary>The node's configuration (reference.conf, node.conf, environment).</summary>
    public Runtime.Configuration.Config Config { get; }

    /// <summary>The manager's writer connection to library.db. Write only inside <see cref="Commit{T}"/> or <see cref="Trial{T}"/>.</summary>
    public SqliteConnection Db { get; }

    public TimeProvider Time { get; }

    public IActorRef Jobs { get; }

    public IActorRef Locations { get; }

    /// <summary>The library's folder (library.db, journal.db, the audit head).</summary>
    public string LibraryPath { get; }

    /// <summary>The audit record of the commit, once written.</summary>
    public AuditRecord? Record { get; internal set; }

    /// <summary>
    /// An immediate change: runs <paramref name="change"/> in an immediate transaction, verifies it, appends the audit
    /// record (succeeded) in the same transaction and commits. An exception or a failed verify rolls everything back.
    /// </summary>
    public T Commit<T>(Func<SqliteTransaction, T> change, IReadOnlyList<string>? targets = null) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(change);
        using var tx = Db.BeginTransaction(deferred: false);
        var result = change(tx);
        if (_kind.Verify(_request, result, this) is { } problem)
            throw new ActionException(ActionErrors.VerifyFailed, $"{_kind.Name}: {problem}");
        Record = _audit.Append(tx, new AuditLog.Entry(_kind.Name, targets ?? _kind.Targets(_request), AuditLog.Succeeded));
        tx.Commit();
        _audit.Committed();
        return result;
    }

    /// <summary>Runs a change and rolls it back: an exact preview, or validation by trying. Returns what it would have returned.</summary>
    public T Trial<T>(Func<SqliteTransaction, T> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var tx = Db.BeginTransaction(deferred: false);
        try
        {
            return change(tx);
        }
        finally
        {
            tx.Rollback();
        }
    }

    /// <summary>Queues a job with the library's JobManager and audits the action as pending; its outcome is recorded when the job ends.</summary>
    public async Task<JobSummary> StartJobAsync(string jobType, JsonElement initialState, IReadOnlyList<string>? targets = null, int? priority = null)
    {
        var reply = await Jobs.Ask<object>(new JobManager.EnqueueJob(jobType, initialState, priority, null), AskTimeout).ConfigureAwait(false);
        if (reply is LibraryOperationFailed failed) throw new ActionException(failed.Code, failed.Message);
        var job = ((JobControlReply)reply).Job;
        using var tx = Db.BeginTransaction(deferred: false);
        Record = _audit.Append(tx, new AuditLog.Entry(_kind.Name, targets ?? _kind.Targets(_request), AuditLog.Pending, job.Id));
        tx.Commit();
        _audit.Committed();
        _audit.Watch(job.Id, Record.Id);
        return job;
    }

    /// <summary>Asks another actor (e.g. the locations child); a <see cref="LibraryOperationFailed"/> reply becomes an <see cref="ActionException"/>.</summary>
    public async Task<T> AskAsync<T>(IActorRef target, object message)
    {
        ArgumentNullException.ThrowIfNull(target);
        var reply = await target.Ask<object>(message, AskTimeout).ConfigureAwait(false);
        return reply switch
        {
            T typed => typed,
            LibraryOperationFailed failed => throw new ActionException(failed.Code, failed.Message),
            Status.Failure failure => throw new ActionException(ActionErrors.Failed, failure.Cause.Message, failure.Cause),
            _ => throw new ActionException(ActionErrors.Failed, $"Unexpected reply {reply.GetType().Name}."),
        };
    }

    /// <summary>Audits a job started another way (e.g. by the locations child) as pending; its outcome is recorded when it ends.</summary>
    public void RecordJob(Guid jobId, IReadOnlyList<string>? targets = null)
    {
        using var tx = Db.BeginTransaction(deferred: false);
        Record = _audit.Append(tx, new AuditLog.Entry(_kind.Name, targets ?? _kind.Targets(_request), AuditLog.Pending, jobId));
        tx.Commit();
        _audit.Committed();
        _audit.Watch(jobId, Record.Id);
    }

    /// <summary>Audits a change made another way (called by the manager when the kind has not audited its commit).</summary>
    internal void RecordDone(string result, string? error, Guid? jobId = null)
    {
        using var tx = Db.BeginTransaction(deferred: false);
        Record = _audit.Append(tx, new AuditLog.Entry(_kind.Name, _kind.Targets(_request), result, jobId, error));
        tx.Commit();
        _audit.Committed();
        if (jobId is { } id && result == AuditLog.Pending) _audit.Watch(id, Record.Id);
    }
}
