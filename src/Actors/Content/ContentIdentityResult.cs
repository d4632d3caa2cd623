using Spacedrive.Messages;

namespace Spacedrive.Actors.Content;

/// <summary>What happened when a file's content identity (or integrity hash) was computed.</summary>
public enum ContentHashOutcome
{
    /// <summary>The hash was computed from a file that did not change while it was read.</summary>
    Hashed,

    /// <summary>The file is empty: by design it has no content identity (the reference skips it too).</summary>
    Empty,

    /// <summary>The file's size or modification time changed while it was read: no id is given, retry later.</summary>
    Changed,

    /// <summary>The path does not exist (any more).</summary>
    NotFound,

    /// <summary>The path is not a regular file (a directory, for example).</summary>
    NotAFile,

    /// <summary>The file exists but could not be opened or read (permissions, I/O error).</summary>
    Unreadable,
}

/// <summary>
/// The content identity of one file, or why there is none. <see cref="Size"/> and <see cref="ModifiedUtc"/>
/// are the values observed before reading (when the file could be opened), which the indexer compares with
/// its own walk.
/// </summary>
public sealed record ContentIdentityResult(
    ContentHashOutcome Outcome,
    ContentId? Id,
    long Size,
    DateTime? ModifiedUtc,
    string? Error)
{
    public bool IsHashed => Outcome == ContentHashOutcome.Hashed;

    /// <summary>The id, or an <see cref="InvalidOperationException"/> saying why there is none.</summary>
    public ContentId RequireId() =>
        Id ?? throw new InvalidOperationException($"No content identity: {Outcome}{(Error is null ? "" : $" ({Error})")}.");

    internal static ContentIdentityResult Failed(ContentHashOutcome outcome, string error, long size = 0, DateTime? modified = null) =>
        new(outcome, null, size, modified, error);
}

/// <summary>The full-file BLAKE3 of one file (64 lowercase hex characters), or why there is none.</summary>
public sealed record IntegrityHashResult(
    ContentHashOutcome Outcome,
    string? Hash,
    long Size,
    DateTime? ModifiedUtc,
    string? Error)
{
    public bool IsHashed => Outcome == ContentHashOutcome.Hashed;

    internal static IntegrityHashResult Failed(ContentHashOutcome outcome, string error, long size = 0, DateTime? modified = null) =>
        new(outcome, null, size, modified, error);
}
