using Spacedrive.Actors.FileTypes;

namespace Spacedrive.Actors.Content;

/// <summary>What a path is on disk.</summary>
public enum FileKind
{
    File,
    Directory,
    Symlink,
    Other,
}

/// <summary>
/// Everything <c>sd file info PATH</c> shows, computed from the file alone (no library, no node). Property
/// names become the snake_case JSON fields of <c>sd file info --json</c>; null fields are omitted.
/// </summary>
public sealed record FileInfoReport
{
    /// <summary>Absolute path.</summary>
    public required string Path { get; init; }

    public required FileKind Kind { get; init; }

    /// <summary>For a symlink, where it points (as written in the link).</summary>
    public string? SymlinkTarget { get; init; }

    /// <summary>For a symlink, what the target is (null when it does not exist).</summary>
    public FileKind? TargetKind { get; init; }

    /// <summary>Bytes (of the target for a symlink to a file); null for directories.</summary>
    public long? Size { get; init; }

    /// <summary>Last modification, UTC, full precision.</summary>
    public DateTime? ModifiedAt { get; init; }

    /// <summary>Category name (<c>image</c>, <c>code</c>, ... <c>unknown</c>), as in filetypes.conf.</summary>
    public string? Category { get; init; }

    /// <summary>The category's numeric id (the reference's <c>kind_id</c>).</summary>
    public int? CategoryId { get; init; }

    public string? Mime { get; init; }

    public string? FileTypeId { get; init; }

    public string? FileTypeName { get; init; }

    /// <summary>How the type was found: extension, magic, extension_and_magic, extension_and_text, text_heuristic, unknown.</summary>
    public IdentificationMethod? Identification { get; init; }

    /// <summary>0..100.</summary>
    public int? Confidence { get; init; }

    /// <summary>When the content contradicts the name: the type the extension suggested.</summary>
    public string? ExtensionTypeId { get; init; }

    public bool Mismatch { get; init; }

    /// <summary>Outcome of the content hash: hashed, empty, changed, not_found, not_a_file, unreadable.</summary>
    public ContentHashOutcome? ContentStatus { get; init; }

    /// <summary>content_hash: 16 lowercase hex characters (sampled BLAKE3), as Spacedrive computes it.</summary>
    public string? ContentHash { get; init; }

    /// <summary>Content UUID (v5, DNS namespace, of the content hash).</summary>
    public Guid? ContentUuid { get; init; }

    /// <summary>True when the content hash covered the whole file (size at most 100 KiB), false when sampled.</summary>
    public bool? ContentHashIsFull { get; init; }

    /// <summary>Full-file BLAKE3, 64 hex characters (only with --full).</summary>
    public string? IntegrityHash { get; init; }

    /// <summary>Why the content hash or integrity hash is missing.</summary>
    public string? Error { get; init; }
}

/// <summary>Builds a <see cref="FileInfoReport"/>: one open and the content hasher's reads; the type comes from the header it read.</summary>
public static class FileInspector
{
    /// <summary>
    /// Inspects <paramref name="path"/>. Throws <see cref="FileNotFoundException"/> when nothing is there
    /// (not even a dangling symlink); any other I/O problem is reported in the result.
    /// </summary>
    public static FileInfoReport Inspect(string path, FileTypeRegistry registry, bool integrity = false, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(registry);
        string full = System.IO.Path.GetFullPath(path);
        FileSystemInfo info = Directory.Exists(full) ? new DirectoryInfo(full) : new FileInfo(full);
        bool isLink = info.LinkTarget is not null;
        if (!info.Exists && !isLink) throw new FileNotFoundException($"{full}: no such file or directory", full);

        FileKind kind = isLink ? FileKind.Symlink : KindOf(info);
        FileKind? targetKind = null;
        string name = System.IO.Path.GetFileName(full);
        if (isLink)
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            targetKind = target is { Exists: true } ? KindOf(target) : null;
            if (target is not null) name = target.Name; // a link's type is its target's
        }
        var report = new FileInfoReport
        {
            Path = full,
            Kind = kind,
            SymlinkTarget = info.LinkTarget,
            TargetKind = targetKind,
            ModifiedAt = info.Exists ? info.LastWriteTimeUtc : null,
        };
        bool isFile = kind == FileKind.File || targetKind == FileKind.File;
        if (!isFile) return report; // directories, devices, FIFOs (opening a FIFO would block), dangling links

        var hasher = ContentHasher.ForCurrentThread;
        var content = hasher.Compute(full);
        var match = content.Outcome switch
        {
            ContentHashOutcome.Hashed => registry.Identify(name, hasher.Header, isWholeFile: content.Size <= FileTypeRegistry.HeaderLength),
            ContentHashOutcome.Empty => registry.Identify(name, [], isWholeFile: true),
            _ => registry.IdentifyByExtension(name),
        };
        IntegrityHashResult? integrityResult = integrity && content.Outcome is ContentHashOutcome.Hashed or ContentHashOutcome.Empty
            ? IntegrityHasher.Compute(full, cancellationToken)
            : null;

        return report with
        {
            Size = content.Outcome is ContentHashOutcome.Hashed or ContentHashOutcome.Empty or ContentHashOutcome.Changed ? content.Size : (info as FileInfo)?.Length,
            ModifiedAt = content.ModifiedUtc ?? report.ModifiedAt,
            Category = match.Category.Name(),
            CategoryId = (int)match.Category,
            Mime = match.Mime,
            FileTypeId = match.Type?.Id,
            FileTypeName = match.Type?.Name,
            Identification = match.Method,
            Confidence = match.Confidence,
            ExtensionTypeId = match.IsMismatch ? match.ExtensionType!.Id : null,
            Mismatch = match.IsMismatch,
            ContentStatus = content.Outcome,
            ContentHash = content.Id?.Hash,
            ContentUuid = content.Id?.Uuid,
            ContentHashIsFull = content.Id is null ? null : !ContentSampling.IsSampled(content.Size),
            IntegrityHash = integrityResult?.Hash,
            Error = content.Error ?? integrityResult?.Error,
        };
    }

    private static FileKind KindOf(FileSystemInfo info) =>
        info.Attributes.HasFlag(FileAttributes.Directory) ? FileKind.Directory
        : info.Attributes.HasFlag(FileAttributes.Device) || IsSpecialPath(info.FullName) ? FileKind.Other
        : FileKind.File;

    /// <summary>
    /// .NET cannot tell a FIFO or socket from a regular file without opening it (which blocks on a FIFO), so
    /// the pseudo-filesystems that hold special files are refused by path. A FIFO elsewhere is not detected.
    /// </summary>
    private static bool IsSpecialPath(string full) =>
        !OperatingSystem.IsWindows() &&
        (full.StartsWith("/dev/", StringComparison.Ordinal) || full.StartsWith("/proc/", StringComparison.Ordinal) || full.StartsWith("/sys/", StringComparison.Ordinal));
}
