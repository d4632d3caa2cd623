using System.Diagnostics;
using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;

namespace Spacedrive.Storage.Search;

/// <summary>An entry of an in-memory (ephemeral) index: a folder browsed without being added as a location.</summary>
public sealed record MemoryEntry
{
    public required Guid Id { get; init; }

    /// <summary>Absolute path; the name is its last segment.</summary>
    public required string Path { get; init; }

    public required EntryKind Kind { get; init; }

    public long Size { get; init; }

    public DateTimeOffset? ModifiedAt { get; init; }
    public DateTimeOffset? CreatedAt { get; init; }
    public DateTimeOffset? AccessedAt { get; init; }

    /// <summary>Category id by extension, or the content's kind once identified.</summary>
    public int Category { get; init; }

    public string? ContentHash { get; init; }

    /// <summary>How many entries share this content (duplicates when above 1).</summary>
    public int ContentCopies { get; init; }

    public string? Location { get; init; }

    public bool Hidden { get; init; }

    public IReadOnlyList<string> Tags { get; init; } = [];

    public string Name => Path == "/" ? "/" : Path[(Path.LastIndexOf('/') + 1)..];

    public string ParentPath => Path.LastIndexOf('/') is var i and > 0 ? Path[..i] : "/";

    public string? Extension => NewEntry.ExtensionOf(Name, Kind);
}

/// <summary>
/// The same query model over a list of entries held in memory (a linear scan: ephemeral indexes are one browsed
/// tree). Tags match by name only (no hierarchy: ephemeral entries carry plain names); hidden entries and
/// entries under hidden directories are left out unless asked for, as in the library.
/// </summary>
public sealed class InMemorySearchSource(IReadOnlyList<MemoryEntry> entries, ICategoryNames categories) : ISearchSource
{
    public SearchReply Search(SearchQuery query)
    {
        SearchQueries.Validate(query);
        var watch = Stopwatch.StartNew();
        var text = SearchText.Normalize(query.Text);
        var folded = text is null ? null : SearchText.Fold(text);
        var cats = SearchQueries.CategoryIds(query, categories).ToHashSet();
        var exts = (query.Extensions ?? []).Select(SearchQueries.NormalizeExtension).ToHashSet(StringComparer.Ordinal);
        var hiddenDirs = query.IncludeHidden ? [] : entries.Where(e => e.Hidden && e.Kind == EntryKind.Directory).Select(e => e.Path).ToList();
        string? scope = query.Path is null ? null : SqliteSearchSource.NormalizePath(query.Path);
        if (scope is not null && !entries.Any(e => e.Kind == EntryKind.Directory && e.Path == scope))
            throw new SearchException(SearchErrors.PathNotIndexed, $"'{query.Path}' is not an indexed directory.");

        bool Has(MemoryEntry e, IEnumerable<string> tags) => tags.Any(t => e.Tags.Contains(t.Trim(), StringComparer.OrdinalIgnoreCase));
        bool Under(string path, string dir) => dir == "/" ? path.Length > 1 : path.StartsWith(dir + "/", StringComparison.Ordinal);

        var matches = entries.Where(e =>
            (query.Target switch { SearchTarget.Files => e.Kind != EntryKind.Directory, SearchTarget.Directories => e.Kind == EntryKind.Directory, _ => true })
            && (folded is null || SearchText.Fold(e.Name).Contains(folded, StringComparison.Ordinal))
            && (scope is null || (query.Recursive ? Under(e.Path, scope) : e.ParentPath == scope && e.Path != scope))
            && (query.Locations is not { Count: > 0 } || query.Locations.Any(l => string.Equals(l, e.Location, StringComparison.OrdinalIgnoreCase)))
            && (cats.Count == 0 || cats.Contains(e.Category))
            && (exts.Count == 0 || (e.Extension is { } x && exts.Contains(x)))
            && (query.MinSize is not { } min || e.Size >= min)
            && (query.MaxSize is not { } max || e.Size <= max)
            && InRange(e.ModifiedAt, query.ModifiedAfter, query.ModifiedBefore)
            && InRange(e.CreatedAt, query.CreatedAfter, query.CreatedBefore)
            && InRange(e.AccessedAt, query.AccessedAfter, query.AccessedBefore)
            && (query.Tags ?? []).All(t => Has(e, [t]))
            && (query.AnyTags is not { Count: > 0 } || Has(e, query.AnyTags))
            && (query.NotTags is not { Count: > 0 } || !Has(e, query.NotTags))
            && (query.HasDuplicates is not { } dup || dup == (e.ContentCopies > 1))
            && (query.HasContentId is not { } hc || hc == (e.ContentHash is not null))
            && (query.IncludeHidden || (!e.Hidden && !hiddenDirs.Any(d => Under(e.Path, d)))))
            .ToList();

        IOrderedEnumerable<MemoryEntry> sorted = query.Sort switch
        {
            SearchSort.Relevance when folded is not null => By(matches, e => SearchText.Rank(e.Name, e.Extension, folded), query.Descending)
                .ThenBy(e => e.Name.Length),
            SearchSort.Size => By(matches, e => e.Size, query.Descending),
            SearchSort.Modified => By(matches, e => e.ModifiedAt, query.Descending),
            SearchSort.Created => By(matches, e => e.CreatedAt, query.Descending),
            _ => By(matches, e => e.Name, query.Descending, StringComparer.OrdinalIgnoreCase),
        };
        var page = sorted.ThenBy(e => e.Path, StringComparer.Ordinal).Skip(query.Offset).Take(query.Limit)
            .Select(e => new SearchItem(e.Id, e.Name, e.Path, SearchQueries.KindName((long)e.Kind), e.Size, e.Extension, categories.Name(e.Category),
                e.ModifiedAt, e.CreatedAt, e.ContentHash, null, e.Location, e.Hidden, null, null, e.Tags.Count == 0 ? null : e.Tags))
            .ToList();
        SearchFacets? facets = query.Facets
            ? new SearchFacets(Count(matches, e => categories.Name(e.Category)), Count(matches, e => e.Extension ?? ""), Count(matches, e => e.Location ?? ""))
            : null;
        return new SearchReply(matches.Count, page, facets, watch.Elapsed.TotalMilliseconds);
    }

    private static IOrderedEnumerable<MemoryEntry> By<TKey>(IEnumerable<MemoryEntry> source, Func<MemoryEntry, TKey> key, bool descending, IComparer<TKey>? comparer = null) =>
        descending ? source.OrderByDescending(key, comparer) : source.OrderBy(key, comparer);

    private static bool InRange(DateTimeOffset? value, DateTimeOffset? after, DateTimeOffset? before) =>
        (after is null || (value is { } v && v >= after)) && (before is null || (value is { } w && w < before));

    private static Dictionary<string, long> Count(IEnumerable<MemoryEntry> matches, Func<MemoryEntry, string> key) =>
        matches.GroupBy(key, StringComparer.Ordinal).OrderByDescending(g => g.LongCount()).ThenBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.LongCount(), StringComparer.Ordinal);
}
