using Spacedrive.Messages.Jobs;

namespace Spacedrive.Messages.Files;

/// <summary>Copy leaves the sources; move removes each source once its destination is durable.</summary>
public enum TransferMode
{
    Copy,
    Move,
}

/// <summary>What happens when a destination name is taken.</summary>
public enum ConflictPolicy
{
    /// <summary>Nothing is started while any destination name is taken (the preview lists them).</summary>
    Abort,

    /// <summary>The file is left out; the existing one stays.</summary>
    Skip,

    /// <summary>The existing file is replaced (atomically: the new one is renamed over it).</summary>
    Overwrite,

    /// <summary>The new file gets a free name: "name (1).ext", "name (2).ext"...</summary>
    KeepBoth,
}

/// <summary>
/// A copy or move of <paramref name="Sources"/> (files, folders, symlinks) to <paramref name="Destination"/>, with the
/// semantics of <c>cp -r</c>: into <paramref name="Destination"/> when it is an existing folder (or ends with '/', or
/// there are several sources: then it is created), else as <paramref name="Destination"/> itself.
/// </summary>
public sealed record TransferRequest(
    IReadOnlyList<string> Sources,
    string Destination,
    TransferMode Mode = TransferMode.Copy,
    ConflictPolicy Conflict = ConflictPolicy.Abort,
    bool Verify = false);

/// <summary>A request about file transfers in a library's job system (null = the only or default library).</summary>
public interface ITransferRequest
{
    string? Library { get; }
}

/// <summary>Plans <paramref name="Request"/> and says what it would do, touching nothing (API <c>files.transfer_preview</c>).</summary>
public sealed record PreviewTransfer(string? Library, TransferRequest Request) : ITransferRequest;

/// <summary>Queues the transfer job for a request already previewed (the job plans again, from the disk as it is then).</summary>
public sealed record StartTransfer(string? Library, TransferRequest Request, int? Priority = null) : IJobRequest;

/// <summary>One source item and where it goes. Strategy: rename, clone (reflink), copy, symlink, mkdir, skip.</summary>
public sealed record TransferItemView(string Source, string Destination, string Kind, long Size, string Strategy, string? Conflict = null);

/// <summary>A destination name already taken, and what the policy does about it.</summary>
public sealed record TransferConflict(string Source, string Destination, string Kind, string Resolution);

/// <summary>
/// What a transfer would do (API <c>files.transfer_preview</c>, <c>sd file copy --dry-run</c>): counts, bytes, the free
/// space of the destination's file system, conflicts with their resolution, and the strategy of each item (the first
/// <see cref="Items"/>; <see cref="ItemsTruncated"/> says when more were left out).
/// </summary>
public sealed record TransferPreview(
    TransferMode Mode,
    string Destination,
    ConflictPolicy Conflict,
    bool Verify,
    long Files,
    long Directories,
    long Symlinks,
    long Bytes,
    long BytesToWrite,
    long FreeBytes,
    bool Fits,
    bool SameVolume,
    long ConflictCount,
    IReadOnlyList<TransferConflict> Conflicts,
    IReadOnlyDictionary<string, long> Strategies,
    IReadOnlyList<TransferItemView> Items,
    bool ItemsTruncated,
    IReadOnlyList<string> Warnings);

/// <summary>The transfer job queued (API <c>files.copy</c>, <c>files.move</c>), with the preview it was started from and its audit record (pending until the job ends).</summary>
public sealed record TransferStarted(Guid LibraryId, JobSummary Job, TransferPreview Preview, Guid? AuditId = null);

/// <summary>The stable error codes of transfers.</summary>
public static class TransferErrors
{
    public const string SourceNotFound = "source_not_found";
    public const string DestinationInsideSource = "destination_inside_source";
    public const string InvalidDestination = "invalid_destination";
    public const string PermissionDenied = "permission_denied";
    public const string InsufficientSpace = "insufficient_space";
    public const string Conflict = "transfer_conflict";
}
