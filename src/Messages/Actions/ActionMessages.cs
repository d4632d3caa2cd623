using System.Text.Json;

namespace Spacedrive.Messages.Actions;

/// <summary>A request the library's ActionManager answers; <c>Library</c> names the library (null: the only or default one).</summary>
public interface IActionRequest
{
    string? Library { get; }
}

/// <summary>One thing an action would change: <c>Change</c> is create, update, delete, rename, trash, apply, remove, index…</summary>
public sealed record PreviewChange(string Change, string Target, string? Detail = null);

/// <summary>Something that stops the action or that it would overwrite (e.g. the new name exists).</summary>
public sealed record ActionConflict(string Code, string Target, string Message);

/// <summary>
/// What an action would do, computed without changing anything. <c>Files</c>/<c>Bytes</c>: how many files and bytes it
/// touches; <c>FreeBytes</c>: free space where it writes (null when it writes nothing new); <c>StartsJob</c>: the commit
/// would start a background job. <c>Allowed</c> is false when a conflict stops it.
/// </summary>
public sealed record ActionPreview(
    string Action,
    IReadOnlyList<string> Targets,
    IReadOnlyList<PreviewChange> Changes,
    long Files,
    long Bytes,
    IReadOnlyList<ActionConflict> Conflicts,
    long? FreeBytes,
    bool StartsJob,
    string Summary)
{
    public bool Allowed => Conflicts.Count == 0;
}

/// <summary>Preview any action by its name (e.g. <c>tag.apply</c>, <c>file.delete</c>) with its request as the API takes it.</summary>
public sealed record PreviewActionRequest(string? Library, string Action, JsonElement Request) : IActionRequest;

/// <summary>The same, with the request already typed (the API layer deserializes; actors never see a type name from the wire).</summary>
public sealed record PreviewAction(string? Library, string Action, object Request) : IActionRequest;

/// <summary>The preview of a request that would otherwise be committed (the CLI's --dry-run).</summary>
public sealed record ActionPreviewReply(Guid LibraryId, ActionPreview Preview);

/// <summary>One record of the audit log. <c>Result</c>: pending (its job runs), succeeded, failed or cancelled.</summary>
public sealed record AuditRecord(
    long Seq,
    Guid Id,
    string Action,
    IReadOnlyList<string> Targets,
    Guid? DeviceId,
    string Result,
    Guid? JobId,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? PrevHash,
    string Hash);

/// <summary>The audit log, newest first. <c>Action</c>: only that action (exact, or a prefix ending in '.' such as <c>tag.</c>).</summary>
public sealed record ListAuditLog(string? Library, int Limit = 50, string? Action = null) : IActionRequest;

public sealed record AuditListReply(Guid LibraryId, IReadOnlyList<AuditRecord> Records);

/// <summary>Checks the whole chain of the audit log against its records and the head kept outside library.db.</summary>
public sealed record VerifyAuditLog(string? Library) : IActionRequest;

/// <summary>
/// <c>Ok</c> when every record hashes to its stored hash, links to its predecessor, results agree with their completion
/// records, and the chain ends at the head kept outside library.db. Otherwise <c>FirstBad</c> is the first record
/// found wrong (its sequence number; for a truncated log, the first missing one) and <c>Problem</c> says what is wrong.
/// </summary>
public sealed record AuditVerifyReply(Guid LibraryId, bool Ok, long Records, string? HeadHash, long? FirstBadSeq, Guid? FirstBadId, string? Problem);

/// <summary>Create a folder (its parents must exist). Indexed when its parent is in a location.</summary>
public sealed record MakeDirectory(string? Library, string Path) : IActionRequest;

/// <summary>Rename a file or folder in place; <c>NewName</c> is a name, never a path. Its index entry keeps its id, tags and metadata.</summary>
public sealed record RenameFile(string? Library, string Path, string NewName) : IActionRequest;

/// <summary>Delete files or folders: to the freedesktop.org trash (restorable), or for good with <c>Permanent</c>. Runs as a resumable job.</summary>
public sealed record DeleteFiles(string? Library, IReadOnlyList<string> Paths, bool Permanent = false) : IActionRequest;

/// <summary>A file action done at once (mkdir, rename): the path it produced and whether the index followed.</summary>
public sealed record FileActionReply(Guid LibraryId, string Action, string Path, bool Indexed, Guid? EntryId, Guid AuditId);

/// <summary>A file action that started a job (delete).</summary>
public sealed record FileJobReply(Guid LibraryId, string Action, Guid AuditId, Jobs.JobSummary Job);

/// <summary>The stable error codes of actions (sent as <c>LibraryOperationFailed</c> codes).</summary>
public static class ActionErrors
{
    public const string UnknownAction = "unknown_action";
    public const string Invalid = "invalid_action";
    public const string NotFound = "path_not_found";
    public const string Conflict = "conflict";
    public const string InvalidName = "invalid_name";
    public const string VerifyFailed = "verify_failed";
    public const string Failed = "action_failed";
}
