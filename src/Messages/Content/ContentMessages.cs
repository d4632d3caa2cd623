using Spacedrive.Messages.Jobs;

namespace Spacedrive.Messages.Content;

/// <summary>A request about the content of one library's files: validation and duplicates (library: id, id prefix or name; null = the only or default one).</summary>
public interface IContentRequest
{
    string? Library { get; }
}

/// <summary>
/// Queues a validation job over <paramref name="Target"/>: a location (id, name, uuid or path), an absolute path of an indexed
/// file or folder under a location, or null for the whole library.
/// </summary>
public sealed record ValidateFiles(string? Library, string? Target = null) : IContentRequest;

/// <summary>What a validation covers, as resolved by the library (<paramref name="Path"/> null: the whole library).</summary>
public sealed record ValidationScopeView(string Kind, string? Location, string? Path);

/// <summary>The validation job queued for a scope.</summary>
public sealed record ValidationQueued(Guid LibraryId, ValidationScopeView Scope, JobSummary Job);

/// <summary>
/// Duplicate files by content identity: groups of at least two files with the same content id, biggest wasted bytes first.
/// <paramref name="Location"/> (id, name, uuid or path) restricts to one location; <paramref name="MinSize"/> in bytes;
/// <paramref name="Proven"/> computes (and stores) the missing full-file hashes of every member and splits groups whose
/// full hashes differ (it reads every byte of every duplicate); <paramref name="Limit"/> caps the groups returned (the
/// totals count them all).
/// </summary>
public sealed record FindDuplicates(string? Library, string? Location = null, long MinSize = 0, bool Proven = false, int Limit = 100) : IContentRequest;

/// <summary>
/// One group of copies. <paramref name="WastedBytes"/> = Size × (Count − 1). <paramref name="Proven"/>: true when every
/// member's full-file hash is known and equal; false when their full hashes all differ (the sampled content ids collide
/// but the files are not copies: nothing is wasted); null when not all are known (run with <c>--proven</c>).
/// <paramref name="Split"/>: this group is part of a content id whose copies <c>--proven</c> found to differ.
/// <paramref name="IntegrityHash"/>: the full-file BLAKE3 shared by the group, when proven.
/// </summary>
public sealed record DuplicateGroup(string ContentHash, Guid ContentUuid, long Size, int Count, long WastedBytes,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] bool? Proven, bool Split, string? IntegrityHash,
    IReadOnlyList<string> Paths);

/// <summary>The duplicate report: totals over every group of copies, then the groups (up to the limit).</summary>
/// <param name="HashedFiles">Files whose full hash this request computed (with <c>Proven</c>).</param>
public sealed record DuplicatesReply(Guid LibraryId, long TotalGroups, long TotalFiles, long TotalWastedBytes, bool ProvenRequested, long HashedFiles, double Seconds,
    IReadOnlyList<DuplicateGroup> Groups)
{
    /// <summary>With <c>Proven</c>: content ids whose copies all differ (sampled-hash collisions); listed as groups with proven false, not in the totals.</summary>
    public long NotCopies { get; init; }
}

/// <summary>The stable error codes of content operations (sent as <c>LibraryOperationFailed</c> codes).</summary>
public static class ContentErrors
{
    /// <summary>The path is inside no location of the library.</summary>
    public const string NotInLocation = "path_not_in_location";

    /// <summary>The path is under a location but not in the index.</summary>
    public const string NotIndexed = "path_not_indexed";

    /// <summary>A request with values out of range (the API's generic bad_request).</summary>
    public const string BadRequest = "bad_request";
}
