using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Locations;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// A library's actions (<c>/user/node/libraries/&lt;id&gt;/actions</c>): every user-facing change goes through here,
/// validate → commit (with verify) → audit, or validate → preview for a dry run (see <see cref="IActionKind"/>).
/// The only writer of <c>audit_log</c>, one request at a time, so the hash chain cannot fork; writes through a
/// connection of its own (SQLite serializes it with the library's other writers). Follows the jobs its actions
/// started on the event stream and records their outcome; at start, records the outcome of jobs that ended while
/// it was not running (e.g. a delete resumed and finished after a kill -9).
/// </summary>
public sealed class ActionManager : ReceiveActor
{
    public const string Name = "actions";

    private readonly Guid _libraryId;
    private readonly IndexerLibraryAccess _access;
    private readonly IActorRef _jobs;
    private readonly IActorRef _locations;
    private readonly string _libraryPath;
    private readonly ActionRegistry _registry;
    private readonly Guid _deviceUuid;
    private readonly string _deviceName;
    private readonly Dictionary<Guid, Guid> _watched = [];
    private readonly Dictionary<string, IJobFollowUp> _followUps;
    private readonly HashSet<Guid> _following = [];
    private LibraryDatabase? _db;
    private AuditLog? _log;
    private AuditHead? _head;
    private long _deviceRow;

    public ActionManager(Guid libraryId, IndexerLibraryAccess access, IActorRef jobs, IActorRef locations, string libraryPath,
        Guid deviceUuid, string deviceName, ActionRegistry? registry = null)
    {
        _libraryId = libraryId;
        _access = access;
        _jobs = jobs;
        _locations = locations;
        _libraryPath = libraryPath;
        _deviceUuid = deviceUuid;
        _deviceName = deviceName;
        _registry = registry ?? ActionRegistry.Default;
        _followUps = _registry.Kinds.OfType<IJobFollowUp>().GroupBy(k => k.JobType, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        Receive<ListAuditLog>(m => Answer(() => new AuditListReply(_libraryId, Log.List(m.Limit, m.Action))));
        Receive<VerifyAuditLog>(_ => Answer(Verify));
        ReceiveAsync<PreviewAction>(OnPreview);
        Receive<JobStateChanged>(m => m.LibraryId == _libraryId && m.Job.IsTerminal, m => RecordOutcome(m.Job));
        Receive<JobStateChanged>(_ => { });
        Receive<JobInfoReply>(m => { if (m.Detail.Job.IsTerminal) RecordOutcome(m.Detail.Job); });
        Receive<FollowedUp>(m => { _following.Remove(m.Job.Id); Complete(m.Job); });
        Receive<LibraryOperationFailed>(_ => { }); // a job asked about at start is gone (cleared): its record stays pending
        ReceiveAsync<object>(m => _registry.TryGet(m.GetType(), out _), OnCommit);
    }

    public static Props Props(Guid libraryId, IndexerLibraryAccess access, IActorRef jobs, IActorRef locations, string libraryPath,
        Guid deviceUuid, string deviceName, ActionRegistry? registry = null) =>
        Runtime.Actor.Props.Create(() => new ActionManager(libraryId, access, jobs, locations, libraryPath, deviceUuid, deviceName, registry))
            .WithDispatcher(Dispatchers.BlockingIoDispatcherId);

    private AuditLog Log => _log ?? throw new InvalidOperationException("Not started.");

    protected override void PreStart()
    {
        _db = _access.OpenWriter();
        _log = new AuditLog(_db.Writer, Context.System.TimeProvider);
        _head = new AuditHead(Path.Combine(_libraryPath, AuditHead.FileName));
        _deviceRow = EnsureDevice();
        AdoptCrashWindow();
        Context.System.EventStream.Subscribe<JobStateChanged>(Self);
        foreach (var (record, job) in Log.PendingJobs())
        {
            _watched[job] = record;
            _jobs.Tell(new GetJobInfo(null, job.ToString("D")), Self);
        }
    }

    protected override void PostStop()
    {
        Context.System.EventStream.Unsubscribe(Self);
        _db?.Dispose();
    }

    // ---- commit and preview ----

    private async Task OnCommit(object request)
    {
        var sender = Sender;
        _registry.TryGet(request.GetType(), out var kind);
        var context = NewContext(kind, request);
        try
        {
            await kind.ValidateAsync(request, context).ConfigureAwait(true);
        }
        catch (Exception e)
        {
            // Refused: nothing changed, nothing audited.
            sender.Tell(Refusal(e) ?? new LibraryOperationFailed(ActionErrors.Failed, e.Message));
            return;
        }
        try
        {
            var reply = await kind.CommitAsync(request, context).ConfigureAwait(true);
            if (context.Record is null) context.RecordDone(AuditLog.Succeeded, null);
            sender.Tell(reply);
        }
        catch (Exception e)
        {
            // Committing failed after validation passed: audited as failed (what was tried is part of the record).
            var refused = Refusal(e) ?? new LibraryOperationFailed(ActionErrors.Failed, e.Message);
            if (context.Record is null)
            {
                try
                {
                    context.RecordDone(AuditLog.Failed, refused.Message);
                }
                catch (SqliteException audit)
                {
                    Context.GetLogger().Error("Could not audit the failed {0}: {1}", kind.Name, audit.Message);
                }
            }
            if (Refusal(e) is null) Context.GetLogger().Error("{0} failed: {1}", kind.Name, e);
            sender.Tell(refused);
        }
    }

    private async Task OnPreview(PreviewAction m)
    {
        var sender = Sender;
        if (!_registry.TryGet(m.Action, out var kind) || !kind.RequestType.IsInstanceOfType(m.Request))
        {
            sender.Tell(new LibraryOperationFailed(ActionErrors.UnknownAction, $"No action '{m.Action}'. Known: {string.Join(", ", _registry.Names)}."));
            return;
        }
        var context = NewContext(kind, m.Request, preview: true);
        try
        {
            try
            {
                await kind.ValidateAsync(m.Request, context).ConfigureAwait(true);
            }
            catch (Exception e) when (Refusal(e) is { } refused)
            {
                // A dry run shows why the action would be refused rather than failing.
                var target = kind.Targets(m.Request) is { Count: > 0 } t ? t[0] : "";
                sender.Tell(new ActionPreviewReply(_libraryId, new ActionPreview(kind.Name, kind.Targets(m.Request), [], 0, 0,
                    [new ActionConflict(refused.Code, target, refused.Message)], null, false, refused.Message)));
                return;
            }
            sender.Tell(new ActionPreviewReply(_libraryId, await kind.PreviewAsync(m.Request, context).ConfigureAwait(true)));
        }
        catch (Exception e)
        {
            sender.Tell(Refusal(e) ?? new LibraryOperationFailed(ActionErrors.Failed, e.Message));
        }
    }

    private static LibraryOperationFailed? Refusal(Exception e) => e switch
    {
        ActionException a => new LibraryOperationFailed(a.Code, a.Message),
        SearchException s => new LibraryOperationFailed(s.Code, s.Message),
        LocationException l => new LibraryOperationFailed(Spacedrive.Messages.Locations.LocationErrors.Invalid, l.Message),
        _ => null,
    };

    private ActionContext NewContext(IActionKind kind, object request, bool preview = false) =>
        new(kind, request, _libraryId, _db!.Writer, Context.System.TimeProvider, _jobs, _locations, _libraryPath, new Audit(this), Context.System.Settings.Config)
        {
            IsPreview = preview,
        };

    // ---- audit ----

    /// <summary>The context's handle on the audit log: appends inside a caller's transaction, then moves the head.</summary>
    internal sealed class Audit(ActionManager manager)
    {
        public AuditRecord Append(SqliteTransaction tx, AuditLog.Entry entry) => manager.Log.Append(tx, manager._deviceRow, entry);

        public void Committed() => manager.MoveHead();

        public void Watch(Guid job, Guid record) => manager._watched[job] = record;
    }

    private void MoveHead()
    {
        var (_, hash) = Log.Last(null);
        _head!.Write(new AuditHead.State(Log.Count(null), hash));
    }

    /// <summary>
    /// Records after the head are the crash window between an audit commit and the head's write: adopted when the
    /// head's record is still where the head says (otherwise left for verify to report).
    /// </summary>
    private void AdoptCrashWindow()
    {
        var head = _head!.Read();
        var count = Log.Count(null);
        if (head is null)
        {
            if (count == 0) return;
            Context.GetLogger().Warning("The audit log of library {0} has {1} record(s) but no head file; `sd audit verify` reports it", _libraryId, count);
            return;
        }
        if (count <= head.Count) return;
        using var cmd = _db!.Writer.CreateCommand();
        cmd.CommandText = "SELECT hash FROM audit_log WHERE id = $id";
        cmd.Parameters.AddWithValue("$id", head.Count);
        var at = head.Count == 0 ? null : cmd.ExecuteScalar() as string;
        if (at == head.Hash) MoveHead();
    }

    /// <summary>A job's follow-up (index edits, reconciles) is done: its outcome can be recorded.</summary>
    private sealed record FollowedUp(JobSummary Job);

    private void RecordOutcome(JobSummary job)
    {
        if (!_watched.ContainsKey(job.Id)) return;
        if (!_followUps.TryGetValue(job.Type, out var followUp))
        {
            Complete(job);
            return;
        }
        if (!_following.Add(job.Id)) return;
        IReadOnlyList<object> requests;
        try
        {
            requests = followUp.EditIndex(job, new JobFollowUpContext(_db!.Writer, _libraryPath, Context.System.TimeProvider));
        }
        catch (Exception e) when (e is SqliteException or IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            // The job's outcome stands; the index catches up with the next reconcile or rescan.
            Context.GetLogger().Warning("Could not update the index after job {0}: {1}", job.Id, e.Message);
            requests = [];
        }
        FollowAsync(_locations, requests, Context.GetLogger()).PipeTo(Self, Self, () => new FollowedUp(job), _ => new FollowedUp(job));
    }

    private static async Task FollowAsync(IActorRef locations, IReadOnlyList<object> requests, ILoggingAdapter log)
    {
        foreach (var request in requests)
        {
            var reply = await locations.Ask<object>(request, TimeSpan.FromMinutes(10)).ConfigureAwait(false);
            if (reply is LibraryOperationFailed failed) log.Warning("Index update after a job: {0}", failed.Message);
        }
    }

    private void Complete(JobSummary job)
    {
        if (!_watched.Remove(job.Id, out var record)) return;
        var result = job.Status switch
        {
            JobStatus.Completed => AuditLog.Succeeded,
            JobStatus.Cancelled => AuditLog.Cancelled,
            _ => AuditLog.Failed,
        };
        try
        {
            using var tx = _db!.Writer.BeginTransaction(deferred: false);
            Log.Complete(tx, _deviceRow, record, result, job.Error);
            tx.Commit();
            MoveHead();
        }
        catch (SqliteException e)
        {
            Context.GetLogger().Error("Could not record the outcome of job {0} in the audit log: {1}", job.Id, e.Message);
        }
    }

    private AuditVerifyReply Verify()
    {
        var (records, last, bad) = Log.Verify(_head!.Read());
        return bad is { } b
            ? new AuditVerifyReply(_libraryId, false, records, last, b.Seq, b.Id, b.Problem)
            : new AuditVerifyReply(_libraryId, true, records, last, null, null, null);
    }

    private long EnsureDevice()
    {
        using var cmd = _db!.Writer.CreateCommand();
        cmd.CommandText = "SELECT id FROM devices WHERE is_current = 1";
        if (cmd.ExecuteScalar() is long id) return id;
        var now = UnixNanos.Now(Context.System.TimeProvider);
        cmd.CommandText = "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ($u, $n, $s, 1, $t, $t) RETURNING id";
        cmd.Parameters.AddWithValue("$u", _deviceUuid.ToString("D"));
        cmd.Parameters.AddWithValue("$n", _deviceName);
        cmd.Parameters.AddWithValue("$s", Spacedrive.Messages.DeviceSlug.FromName(_deviceName).ToString());
        cmd.Parameters.AddWithValue("$t", now);
        return (long)cmd.ExecuteScalar()!;
    }

    private void Answer(Func<object> handle)
    {
        try
        {
            Sender.Tell(handle());
        }
        catch (Exception e) when (e is SqliteException or FormatException or System.Text.Json.JsonException or InvalidCastException)
        {
            // A tampered or damaged row must not take the actor down: the reader gets the error.
            Sender.Tell(new LibraryOperationFailed(ActionErrors.Failed, e.Message));
        }
    }
}
