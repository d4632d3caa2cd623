using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Search;
using Spacedrive.Storage.Search;

namespace Spacedrive.Storage.Tags;

/// <summary>
/// Resolves what users type for a tag: its id, "namespace:name", or a name, display name or alias (any case).
/// Several tags may answer to one name (two devices created "vacation" concurrently and sync kept both): search
/// takes them all, commands that change one tag refuse the ambiguity.
/// </summary>
public static class TagRefs
{
    internal sealed record TagKey(long Id, Guid Uuid, string Name, string? Namespace, string? DisplayName, IReadOnlyList<string> Aliases);

    public static IReadOnlyList<long> Resolve(SqliteConnection connection, SqliteTransaction? transaction, string reference)
    {
        ArgumentNullException.ThrowIfNull(reference);
        var matches = Match(Load(connection, transaction), reference);
        if (matches.Count == 0) throw new SearchException(SearchErrors.TagNotFound, $"No tag '{reference}'. See `sd tag list`.");
        return matches;
    }

    public static long ResolveOne(SqliteConnection connection, SqliteTransaction? transaction, string reference)
    {
        var matches = Resolve(connection, transaction, reference);
        if (matches.Count > 1)
            throw new SearchException(SearchErrors.AmbiguousTag, $"'{reference}' names {matches.Count} tags; use its id (see `sd tag list --json`) or namespace:name.");
        return matches[0];
    }

    internal static List<long> Match(IReadOnlyList<TagKey> tags, string reference)
    {
        var text = reference.Trim();
        if (Guid.TryParse(text, out var uuid))
        {
            var byId = tags.Where(t => t.Uuid == uuid).Select(t => t.Id).ToList();
            if (byId.Count > 0) return byId;
        }
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0)
        {
            var ns = text[..colon];
            var name = text[(colon + 1)..];
            var qualified = tags.Where(t => t.Namespace is not null && Same(t.Namespace, ns) && Names(t).Any(n => Same(n, name))).Select(t => t.Id).ToList();
            if (qualified.Count > 0) return qualified;
        }
        return tags.Where(t => Names(t).Any(n => Same(n, text))).Select(t => t.Id).ToList();
    }

    private static IEnumerable<string> Names(TagKey t)
    {
        yield return t.Name;
        if (t.DisplayName is not null) yield return t.DisplayName;
        foreach (var alias in t.Aliases) yield return alias;
    }

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    internal static List<TagKey> Load(SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = "SELECT id, uuid, canonical_name, namespace, display_name, aliases FROM tags";
        using var r = cmd.ExecuteReader();
        var list = new List<TagKey>();
        while (r.Read())
        {
            list.Add(new TagKey(r.GetInt64(0), Guid.Parse(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3),
                r.IsDBNull(4) ? null : r.GetString(4), ParseAliases(r.GetString(5))));
        }
        return list;
    }

    internal static IReadOnlyList<string> ParseAliases(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
