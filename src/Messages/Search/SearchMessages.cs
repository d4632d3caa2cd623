namespace Spacedrive.Messages.Search;

/// <summary>What to look for: entries that are files, directories, or both.</summary>
public enum SearchTarget
{
    Files,
    Directories,
    All,
}

public enum SearchSort
{
    /// <summary>Exact name, then name prefix, then word prefix, then substring; shorter names first; ties by path. Without text: by name.</summary>
    Relevance,
    Name,
    Size,
    Modified,
    Created,
}

/// <summary>
/// The one query model of search, for the library index (SQLite) and for in-memory (ephemeral) indexes alike.
/// Every filter is optional and they combine with AND. Times are absolute (the CLI turns "7d" into one).
/// </summary>
public sealed record SearchQuery
{
    /// <summary>Case- and accent-insensitive substring of the name; null or blank: every name.</summary>
    public string? Text { get; init; }

    public SearchTarget Target { get; init; } = SearchTarget.Files;

    /// <summary>An indexed directory's absolute path: only entries under it.</summary>
    public string? Path { get; init; }

    /// <summary>With <see cref="Path"/>: the whole subtree (default) or its direct children only.</summary>
    public bool Recursive { get; init; } = true;

    /// <summary>Location names or ids.</summary>
    public IReadOnlyList<string>? Locations { get; init; }

    /// <summary>Category names (content kinds: image, video, text, code…): the content's kind once identified, else the category of the extension.</summary>
    public IReadOnlyList<string>? Kinds { get; init; }

    /// <summary>Extensions, any case, with or without the dot.</summary>
    public IReadOnlyList<string>? Extensions { get; init; }

    /// <summary>Bytes, inclusive. For directories the aggregate size.</summary>
    public long? MinSize { get; init; }

    public long? MaxSize { get; init; }

    public DateTimeOffset? ModifiedAfter { get; init; }
    public DateTimeOffset? ModifiedBefore { get; init; }
    public DateTimeOffset? CreatedAfter { get; init; }
    public DateTimeOffset? CreatedBefore { get; init; }
    public DateTimeOffset? AccessedAfter { get; init; }
    public DateTimeOffset? AccessedBefore { get; init; }

    /// <summary>Tags (name, namespace:name, alias or id) the entry must all have; a tag includes its descendants.</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Tags of which the entry must have at least one.</summary>
    public IReadOnlyList<string>? AnyTags { get; init; }

    /// <summary>Tags the entry must not have.</summary>
    public IReadOnlyList<string>? NotTags { get; init; }

    /// <summary>true: only entries whose content has other copies in the library; false: only unique ones.</summary>
    public bool? HasDuplicates { get; init; }

    public bool? HasContentId { get; init; }

    /// <summary>Include hidden entries, entries under hidden directories, and entries tagged with a hidden-privacy tag.</summary>
    public bool IncludeHidden { get; init; }

    /// <summary>Include entries tagged with an archive-privacy tag.</summary>
    public bool IncludeArchived { get; init; }

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    public bool Descending { get; init; }

    public int Limit { get; init; } = 50;

    public int Offset { get; init; }

    /// <summary>Counts by category, extension and location over every match (before paging).</summary>
    public bool Facets { get; init; } = true;

    public const int MaxLimit = 10_000;
}

/// <summary>One matching entry.</summary>
public sealed record SearchItem(
    Guid Id,
    string Name,
    string Path,
    string Kind,
    long Size,
    string? Extension,
    string Category,
    DateTimeOffset? ModifiedAt,
    DateTimeOffset? CreatedAt,
    string? ContentHash,
    Guid? LocationId,
    string? Location,
    bool Hidden,
    long? ChildCount,
    long? FileCount,
    IReadOnlyList<string>? Tags);

public sealed record SearchFacets(
    IReadOnlyDictionary<string, long> Category,
    IReadOnlyDictionary<string, long> Extension,
    IReadOnlyDictionary<string, long> Location);

/// <summary>Total counts every match, not just this page.</summary>
public sealed record SearchReply(long Total, IReadOnlyList<SearchItem> Items, SearchFacets? Facets, double ElapsedMs)
{
    /// <summary>Which path answered (<see cref="SearchPlans"/>): the in-memory name index or SQL; null for other sources.</summary>
    public string? Plan { get; init; }
}

/// <summary>Values of <see cref="SearchReply.Plan"/>.</summary>
public static class SearchPlans
{
    public const string Memory = "memory";
    public const string Sql = "sql";
}

/// <summary>Requests a library's search actor answers; <c>Library</c> is an id, id prefix or name (null: the only or default library).</summary>
public interface ISearchRequest
{
    string? Library { get; }
}

/// <summary>Search a library's index. Replies <see cref="SearchReply"/> or <c>LibraryOperationFailed</c>.</summary>
public sealed record SearchEntries(string? Library, SearchQuery Query) : ISearchRequest;

public enum ListSort
{
    Name,
    Size,
    Modified,
}

/// <summary>A directory's children from the index. Replies <see cref="DirectoryListing"/>.</summary>
public sealed record ListDirectory(string? Library, string Path, ListSort Sort = ListSort.Name, bool Descending = false,
    int Limit = 1000, int Offset = 0, bool IncludeHidden = false) : ISearchRequest;

public sealed record DirectoryListing(string Path, Guid Id, long Total, long Size, long ChildCount, long FileCount, IReadOnlyList<SearchItem> Items);

/// <summary>Stable error codes of search and tags (passed to API clients unchanged).</summary>
public static class SearchErrors
{
    public const string BadRequest = "bad_request";
    public const string PathNotIndexed = "path_not_indexed";
    public const string EntryNotFound = "entry_not_found";
    public const string TagNotFound = "tag_not_found";
    public const string TagExists = "tag_exists";
    public const string TagCycle = "tag_cycle";
    public const string AmbiguousTag = "ambiguous_tag";
    public const string NoContentIdentity = "no_content_identity";
    public const string LocationNotFound = "location_not_found";
}
