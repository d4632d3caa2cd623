using Spacedrive.Messages.Search;

namespace Spacedrive.Storage.Search;

/// <summary>
/// Something that answers <see cref="SearchQuery"/>: the library database (<see cref="SqliteSearchSource"/>) or an
/// in-memory list of entries (<see cref="InMemorySearchSource"/>; the indexer's ephemeral index plugs in here).
/// </summary>
public interface ISearchSource
{
    /// <summary>Runs the query. Bad input throws <see cref="SearchException"/>; nothing else escapes for any text.</summary>
    SearchReply Search(SearchQuery query);
}

/// <summary>Category (content kind) ids and names; the file type registry owns them, storage only stores the ids.</summary>
public interface ICategoryNames
{
    string Name(int id);

    bool TryGetId(string name, out int id);
}

/// <summary>A search that cannot run as asked; <see cref="Code"/> is one of <see cref="SearchErrors"/>.</summary>
public sealed class SearchException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

/// <summary>Checks shared by every source.</summary>
public static class SearchQueries
{
    public static void Validate(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.Limit < 0 || query.Limit > SearchQuery.MaxLimit)
            throw new SearchException(SearchErrors.BadRequest, $"limit must be between 0 and {SearchQuery.MaxLimit}.");
        if (query.Offset < 0) throw new SearchException(SearchErrors.BadRequest, "offset must not be negative.");
        if (query.MinSize is < 0 || query.MaxSize is < 0) throw new SearchException(SearchErrors.BadRequest, "sizes must not be negative.");
    }

    /// <summary>"JPG", ".jpg" -> "jpg".</summary>
    public static string NormalizeExtension(string extension) => extension.Trim().TrimStart('.').ToLowerInvariant();

    public static IReadOnlyList<int> CategoryIds(SearchQuery query, ICategoryNames categories)
    {
        var ids = new List<int>();
        foreach (var name in query.Kinds ?? [])
        {
            if (!categories.TryGetId(name.Trim(), out var id))
                throw new SearchException(SearchErrors.BadRequest, $"Unknown kind '{name}'.");
            ids.Add(id);
        }
        return ids;
    }

    public static string KindName(long kind) => kind switch
    {
        0 => "file",
        1 => "directory",
        2 => "symlink",
        _ => "other",
    };
}
