using System.Text.Json.Serialization;
using Spacedrive.Messages.Files;

namespace Spacedrive.Actors.Files.Transfer;

public enum TransferItemKind
{
    File,
    Directory,
    Symlink,
}

/// <summary>How one item reaches its destination.</summary>
public enum TransferStrategy
{
    /// <summary>Same file system move: one rename(2) (a whole folder when its destination is free).</summary>
    Rename,

    /// <summary>Reflink (FICLONE) where the file system shares extents, else a copy.</summary>
    Clone,

    /// <summary>In-kernel copy_file_range, else a large-buffer stream.</summary>
    Copy,

    /// <summary>The link itself is recreated (like cp -a).</summary>
    Symlink,

    /// <summary>A folder is created (or merged into an existing one).</summary>
    Mkdir,

    /// <summary>Left out: the destination name is taken and the policy says skip.</summary>
    Skip,
}

/// <summary>One step of a plan, in order (a folder before what it holds).</summary>
/// <param name="Overwrite">The destination exists and may be replaced (policy overwrite).</param>
/// <param name="Conflict">The resolution when the destination name was taken at planning: skip, overwrite, keep_both, abort, refused.</param>
public sealed record PlannedItem(
    TransferItemKind Kind,
    string Source,
    string Destination,
    long Size,
    TransferStrategy Strategy,
    bool Overwrite = false,
    string? Conflict = null)
{
    /// <summary>Whether the data is written (so counts against free space and needs a temporary name).</summary>
    [JsonIgnore]
    public bool Writes => Strategy is TransferStrategy.Copy or TransferStrategy.Clone or TransferStrategy.Symlink;
}

/// <summary>A planned transfer: the items in order, where the destination root is, and the preview shown to the user.</summary>
public sealed record TransferPlan(
    TransferRequest Request,
    string Destination,
    bool CreateDestination,
    bool SameVolume,
    IReadOnlyList<PlannedItem> Items,
    TransferPreview Preview,
    long BlockingConflicts)
{
    /// <summary>Why the plan must not start (conflicts under policy abort, replacements that cannot be done, no space), or null.</summary>
    public TransferRequestException? Refusal =>
        BlockingConflicts > 0
            ? new TransferRequestException(TransferErrors.Conflict,
                $"{BlockingConflicts} destination name(s) already taken, e.g. {Preview.Conflicts.FirstOrDefault(c => c.Resolution is "abort" or "refused")?.Destination}; " +
                "choose --conflict skip, overwrite or keep-both (a folder is never replaced by a file)")
            : !Preview.Fits
                ? new TransferRequestException(TransferErrors.InsufficientSpace,
                    $"Not enough free space at {Destination}: {Preview.BytesToWrite:N0} bytes to write, {Preview.FreeBytes:N0} free")
                : null;
}

[JsonSerializable(typeof(PlannedItem))]
internal sealed partial class TransferPlanJsonContext : JsonSerializerContext;
