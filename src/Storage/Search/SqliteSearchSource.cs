using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Tags;

namespace Spacedrive.Storage.Search;

/// <summary>
/// Search over a library database (read-only: give it a reader connection).
/// - Name text of 3+ characters is an FTS5 trigram lookup. The index keeps no positions (detail=none, M005: a third
///   of the size), so it cannot match a phrase: the folded text's distinct trigrams, each a quoted string (FTS syntax
///   characters are plain characters), are ANDed (<c>entries_fts MATCH '"rep" AND "epo" AND "por" AND "ort"'</c>),
///   which finds every name containing the text plus a few holding the trigrams apart; each candidate is re-checked
///   exactly in SQL by <c>sd_name_contains(e.name, folded)</c>, a deterministic function registered on the reader
///   (<see cref="SearchText.Matches"/>, the index's own folding), so total and facets count true matches only.
///   1–2 characters cannot use trigrams and scan the names with <c>name LIKE '%text%'</c> (ASCII case folding
///   only, as <c>instr(lower(name), text)</c>).
/// - Every filter is SQL over <c>entries</c>; ids resolved up front (path scope, locations, tags with their
///   descendants) are inlined as integer lists. The directories that are hidden or under a hidden directory are kept
///   in <c>temp.sd_hidden_dirs</c> between searches and rebuilt only when <c>PRAGMA data_version</c> says another
///   connection committed.
/// - The matches are evaluated once, into an in-memory temp table holding what the total, the facets and the order
///   need (id, category, extension, location, the first two sort keys); total and facets are counted in one scan of
///   it; only the page's rows and the rows tying with its last one get a path (the last tie-break), and only the
///   page's rows are read in full. The cost left is per candidate: one entries row lookup (~0.3 µs idle) and the
///   name re-check, plus the FTS lookup itself.
/// </summary>
public sealed class SqliteSearchSource : ISearchSource, IDisposable
{
    private readonly SqliteConnection connection;
    private readonly ICategoryNames categories;
    private readonly NameIndexKeeper? names;

    /// <summary>
    /// Reads through a memory map (up to 1 GiB) and a larger page cache than the default: a search touches matches
    /// spread over the whole entries table, and each page fetched by read() instead of from the map costs a syscall
    /// (measured: 1.5 µs per matched row without, a fraction with). Per connection: it never affects the writer.
    /// </summary>
    /// <param name="nameIndex">
    /// Answer the queries it can from an in-memory <see cref="NameIndex"/> kept current with PRAGMA data_version (see
    /// <see cref="NameIndexKeeper"/>); false: always SQL.
    /// </param>
    /// <param name="syncBuildLimit">Libraries up to this many entries build the name index inline; larger ones in the background.</param>
    public SqliteSearchSource(SqliteConnection connection, ICategoryNames categories, bool nameIndex = true, long syncBuildLimit = NameIndexKeeper.DefaultSyncBuildLimit)
    {
        ArgumentNullException.ThrowIfNull(connection);
        this.connection = connection;
        this.categories = categories;
        names = nameIndex ? new NameIndexKeeper(connection, syncBuildLimit) : null;
        using var pragma = connection.CreateCommand();
        pragma.CommandText = """
            PRAGMA mmap_size = 1073741824; PRAGMA cache_size = -65536;
            CREATE TEMP TABLE IF NOT EXISTS sd_matches (id INTEGER PRIMARY KEY, cat INTEGER, ext TEXT, loc INTEGER, k1, k2);
            CREATE TEMP TABLE IF NOT EXISTS sd_hidden_dirs (id INTEGER PRIMARY KEY);
            """;
        pragma.ExecuteNonQuery();
        connection.CreateFunction<string?, string?, bool>(
            NameContainsFunction, (name, folded) => name is not null && folded is not null && SearchText.Matches(name, folded), isDeterministic: true);
    }

    /// <summary>sd_name_contains(name, folded text): the exact re-check of an FTS candidate (<see cref="SearchText.Matches"/>).</summary>
    private const string NameContainsFunction = "sd_name_contains";

    /// <summary>The PRAGMA data_version temp.sd_hidden_dirs was built at (-1: never).</summary>
    private long hiddenVersion = -1;
    private bool hasHiddenDirs;

    internal const string CategoryExpr = "(CASE WHEN ci.kind > 0 THEN ci.kind ELSE COALESCE(e.category, 0) END)";
    internal const string SizeExpr = "(CASE WHEN e.kind = 1 THEN e.aggregate_size ELSE e.size END)";
    internal const string PathExpr = "(CASE WHEN e.parent_id IS NULL THEN sp.path WHEN pp.path = '/' THEN '/' || e.name ELSE pp.path || '/' || e.name END)";

    private const string ItemColumns = $"""
        e.id, e.uuid, e.name, e.kind, {SizeExpr}, e.extension, {CategoryExpr}, e.modified_at, e.created_at, ci.content_hash,
        l.uuid, l.name, e.hidden, e.child_count, e.file_count, {PathExpr}
        """;

    private const string ItemJoins = """
        LEFT JOIN content_identities ci ON ci.id = e.content_id
        LEFT JOIN directory_paths pp ON pp.entry_id = e.parent_id
        LEFT JOIN directory_paths sp ON sp.entry_id = e.id
        LEFT JOIN locations l ON l.id = e.location_id
        """;

    /// <summary>Starts building the name index now (in the background when the library is large) rather than at the first search.</summary>
    public void Prepare()
    {
        if (names is not null) names.Current(DataVersion());
    }

    /// <summary>The background build under way, if any (tests and the bench wait for it).</summary>
    public Task? PendingNameIndex => names?.Pending;

    public void Dispose() => names?.Dispose();

    private long DataVersion() => Convert.ToInt64(Scalar("PRAGMA data_version", null), CultureInfo.InvariantCulture);

    public SearchReply Search(SearchQuery query)
    {
        SearchQueries.Validate(query);
        var watch = Stopwatch.StartNew();
        if (names is not null && NameIndex.CanAnswer(query) && FromNameIndex(query, watch) is { } fast) return fast;
        var where = new Where();
        var text = SearchText.Normalize(query.Text);
        if (text is not null && text.Contains('\0', StringComparison.Ordinal))
            return new SearchReply(0, [], query.Facets ? new SearchFacets(new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, long>()) : null, 0);

        where.Add(query.Target switch
        {
            SearchTarget.Files => "e.kind <> 1",
            SearchTarget.Directories => "e.kind = 1",
            _ => "1",
        });
        // A name of 3+ characters drives the query from the FTS index (CROSS JOIN fixes the join order: the
        // planner may otherwise scan entries and probe the match set): the entries holding all the text's trigrams,
        // each re-checked exactly (a name can hold them all without holding the text).
        var source = "entries e";
        string? nameCheck = null;
        if (text is not null)
        {
            if (SearchText.Length(text) >= SearchText.TrigramMinimum)
            {
                var folded = SearchText.Fold(text);
                if (SearchText.FtsTrigrams(folded) is { } trigrams)
                {
                    source = $"(SELECT rowid AS id FROM entries_fts WHERE entries_fts MATCH {where.Param(trigrams)}) f CROSS JOIN entries e ON e.id = f.id";
                    nameCheck = $"{NameContainsFunction}(e.name, {where.Param(folded)})";
                }
                else
                {
                    // Under 3 code points once folded (combining marks dropped): no trigram, and the FTS phrase this
                    // replaced matched nothing either.
                    where.Add("0");
                }
            }
            else
                // Same as instr(lower(name), lower(text)) > 0 (both fold ASCII only), without building a lowercase copy per row.
                where.Add($"e.name LIKE {where.Param("%" + LikeEscape(text.ToLowerInvariant()) + "%")} ESCAPE '\\'");
        }
        if (query.Path is { } path)
        {
            var dirs = DirectoryIds(path);
            if (dirs.Count == 0) throw new SearchException(SearchErrors.PathNotIndexed, $"'{path}' is not an indexed directory.");
            where.Add(query.Recursive
                ? $"e.parent_id IN (SELECT descendant_id FROM entry_closure WHERE ancestor_id IN ({Ids(dirs)}))"
                : $"e.parent_id IN ({Ids(dirs)})");
        }
        if (query.Locations is { Count: > 0 } locations)
            where.Add($"e.location_id IN ({Ids(LocationIds(locations))})");
        var cats = SearchQueries.CategoryIds(query, categories);
        if (cats.Count > 0) where.Add($"{CategoryExpr} IN ({string.Join(',', cats.Select(c => c.ToString(CultureInfo.InvariantCulture)))})");
        if (query.Extensions is { Count: > 0 } exts)
            where.Add($"e.extension IN ({string.Join(',', exts.Select(x => where.Param(SearchQueries.NormalizeExtension(x))))})");
        if (query.MinSize is { } min) where.Add($"{SizeExpr} >= {where.Param(min)}");
        if (query.MaxSize is { } max) where.Add($"{SizeExpr} <= {where.Param(max)}");
        AddRange(where, "e.modified_at", query.ModifiedAfter, query.ModifiedBefore);
        AddRange(where, "e.created_at", query.CreatedAfter, query.CreatedBefore);
        AddRange(where, "e.accessed_at", query.AccessedAfter, query.AccessedBefore);
        foreach (var tag in query.Tags ?? [])
            where.Add($"e.id IN ({TaggedEntries(TagIds([tag]))})");
        if (query.AnyTags is { Count: > 0 } any)
            where.Add($"e.id IN ({TaggedEntries(TagIds(any))})");
        if (query.NotTags is { Count: > 0 } not)
            where.Add($"e.id NOT IN ({TaggedEntries(TagIds(not))})");
        if (query.HasDuplicates is { } dup)
            where.Add(dup ? "ci.entry_count > 1" : "(ci.id IS NULL OR ci.entry_count <= 1)");
        if (query.HasContentId is { } hasContent)
            where.Add(hasContent ? "e.content_id IS NOT NULL" : "e.content_id IS NULL");
        // The exact name check costs a call into .NET per candidate: after the plain column filters.
        if (nameCheck is not null) where.Add(nameCheck);
        // Under a hidden directory: checked last, on the rows every other filter kept (see below).
        var underHidden = false;
        if (!query.IncludeHidden)
        {
            where.Add("e.hidden = 0");
            underHidden = HiddenDirectories();
        }
        var privacy = new List<string>();
        if (!query.IncludeHidden) privacy.Add("'hidden'");
        if (!query.IncludeArchived) privacy.Add("'archive'");
        if (privacy.Count > 0)
        {
            var privateTags = Longs($"SELECT id FROM tags WHERE privacy_level IN ({string.Join(',', privacy)})");
            if (privateTags.Count > 0) where.Add($"e.id NOT IN ({TaggedEntries(privateTags)})");
        }

        // One pass over the matches, into an in-memory temp table with what the total, the facets and the order
        // need (the sort keys without the path tie-break); the rest reads only this table and the page's rows.
        var keys = SortKeys(query, text, where);
        var matches = $"SELECT e.id, {CategoryExpr}, e.extension, e.location_id, {keys.First}, {keys.Second} FROM {source} LEFT JOIN content_identities ci ON ci.id = e.content_id WHERE {where.Sql}";
        if (underHidden)
        {
            // SQLite evaluates a condition on e alone before those that need the content identity (the category), so
            // the probe would run on every row of a filter-only scan; LIMIT -1 keeps the subquery from being flattened
            // and the probe sees only the rows that passed (measured 480 -> 170 ms for "video" over 1M entries).
            matches = $"""
                SELECT m.id, m.cat, m.ext, m.loc, m.k1, m.k2 FROM (
                    SELECT e.id, e.kind, e.parent_id, {CategoryExpr} AS cat, e.extension AS ext, e.location_id AS loc, {keys.First} AS k1, {keys.Second} AS k2
                      FROM {source} LEFT JOIN content_identities ci ON ci.id = e.content_id WHERE {where.Sql} LIMIT -1) m
                 WHERE (CASE WHEN m.kind = 1 THEN m.id ELSE m.parent_id END) NOT IN temp.sd_hidden_dirs
                """;
        }
        Execute($"INSERT INTO temp.sd_matches {matches}", where);
        try
        {
            long total;
            SearchFacets? facets = null;
            if (query.Facets)
                (total, facets) = Facets();
            else
                total = Convert.ToInt64(Scalar("SELECT COUNT(*) FROM temp.sd_matches", null), CultureInfo.InvariantCulture);

            var items = query.Limit > 0 && total > query.Offset ? Page(query, keys) : [];
            return new SearchReply(total, items, facets, watch.Elapsed.TotalMilliseconds) { Plan = SearchPlans.Sql };
        }
        finally
        {
            Execute("DELETE FROM temp.sd_matches", null);
        }
    }

    /// <summary>
    /// The in-memory answer, when the name index is current for this version of the database; null: SQL answers.
    /// The page's rows are read from the database by id; if another connection committed meanwhile (data_version
    /// moved), the answer is dropped and SQL answers instead, so the reply is never a mix of two versions.
    /// </summary>
    private SearchReply? FromNameIndex(SearchQuery query, Stopwatch watch)
    {
        var version = DataVersion();
        var index = names!.Current(version);
        if (index is null) return null;
        var cats = SearchQueries.CategoryIds(query, categories);
        var locations = query.Locations is { Count: > 0 } l ? LocationIds(l) : null;
        var answer = index.Search(query, cats, locations);
        if (answer is null) return null;
        List<SearchItem> items = [];
        if (answer.PageIds.Count > 0)
        {
            var byId = ReadItemsById($"SELECT {ItemColumns} FROM entries e {ItemJoins} WHERE e.id IN ({Ids(answer.PageIds)})", null).ToDictionary(i => i.Id, i => i.Item);
            items = [.. answer.PageIds.Where(byId.ContainsKey).Select(id => byId[id])];
        }
        SearchFacets? facets = null;
        if (query.Facets)
        {
            var locationNames = LocationNames();
            facets = new SearchFacets(
                Dict(answer.Categories!.Select(c => (categories.Name(c.Key), c.Value))),
                Dict(answer.Extensions!.Select(x => (x.Key, x.Value))),
                Dict(answer.Locations!.Select(p => (locationNames.GetValueOrDefault(p.Key, p.Key.ToString(CultureInfo.InvariantCulture)), p.Value))));
        }
        if (DataVersion() != version) return null;
        return new SearchReply(answer.Total, items, facets, watch.Elapsed.TotalMilliseconds) { Plan = SearchPlans.Memory };
    }

    /// <summary>
    /// The page in the full order (first key, second key, path, id) without computing every match's path: the
    /// (offset + limit)-th match's keys bound the rows that can be on the page; only those (the page and its ties)
    /// get a path, and only the page's rows are read in full.
    /// </summary>
    private List<SearchItem> Page(SearchQuery query, SortKey keys)
    {
        var dir = query.Descending ? "DESC" : "ASC";
        var order = $"m.k1{keys.Collation} {dir}, m.k2 {dir}";
        var bound = new Where();
        using (var cmd = Command($"SELECT m.k1, m.k2 FROM temp.sd_matches m ORDER BY {order} LIMIT 1 OFFSET {(long)query.Offset + query.Limit - 1}", null))
        using (var r = cmd.ExecuteReader())
        {
            if (r.Read())
            {
                var k1 = bound.Param(r.GetValue(0));
                var k2 = bound.Param(r.GetValue(1));
                var (lt, le) = query.Descending ? (">", ">=") : ("<", "<=");
                bound.Add($"m.k1{keys.Collation} {lt} {k1} OR (m.k1{keys.Collation} = {k1} AND m.k2 {le} {k2})");
            }
        }
        var ids = Longs($"SELECT m.id FROM temp.sd_matches m CROSS JOIN entries e ON e.id = m.id WHERE {bound.Sql} ORDER BY {order}, {PathSortExpr}, m.id LIMIT {query.Limit} OFFSET {query.Offset}", bound);
        if (ids.Count == 0) return [];
        var byId = ReadItemsById($"SELECT {ItemColumns} FROM entries e {ItemJoins} WHERE e.id IN ({Ids(ids)})", null).ToDictionary(i => i.Id, i => i.Item);
        return [.. ids.Where(byId.ContainsKey).Select(id => byId[id])];
    }

    /// <summary>The path of e for ordering, looked up only for the rows being ordered (equal to <see cref="PathExpr"/>).</summary>
    private const string PathSortExpr = """
        (CASE WHEN e.parent_id IS NULL THEN (SELECT path FROM directory_paths WHERE entry_id = e.id)
              ELSE (SELECT CASE WHEN path = '/' THEN '/' || e.name ELSE path || '/' || e.name END FROM directory_paths WHERE entry_id = e.parent_id) END)
        """;

    /// <summary>SQL for the first two sort keys of a match (the full order ends with path and id) and the collation of the first.</summary>
    private readonly record struct SortKey(string First, string Second, string Collation);

    private static SortKey SortKeys(SearchQuery query, string? text, Where where)
    {
        switch (query.Sort)
        {
            case SearchSort.Relevance when text is not null:
                // Tiers (ASCII case folding, as lower()): exact name or exact name without its extension 0, prefix 1,
                // word prefix 2, substring 3. LIKE folds ASCII like lower() and builds no lowercase copy per row.
                var q = text.ToLowerInvariant();
                var escaped = LikeEscape(q);
                var prefix = where.Param(escaped + "%");
                var exact = where.Param(q);
                var words = string.Join(" OR ", SearchText.WordSeparators.Select(c => $"e.name LIKE {where.Param("%" + LikeEscape(c.ToString()) + escaped + "%")} ESCAPE '\\'"));
                var rank = $"""
                    (CASE WHEN e.name LIKE {prefix} ESCAPE '\' THEN (CASE WHEN lower(e.name) = {exact} OR lower(e.name) = {exact} || '.' || e.extension THEN 0 ELSE 1 END)
                          WHEN {words} THEN 2 ELSE 3 END)
                    """;
                return new SortKey(rank, "length(e.name)", "");
            case SearchSort.Size:
                return new SortKey(SizeExpr, "0", "");
            case SearchSort.Modified:
                return new SortKey($"coalesce(e.modified_at, {long.MinValue.ToString(CultureInfo.InvariantCulture)})", "0", "");
            case SearchSort.Created:
                return new SortKey($"coalesce(e.created_at, {long.MinValue.ToString(CultureInfo.InvariantCulture)})", "0", "");
            default:
                return new SortKey("e.name", "e.name", " COLLATE NOCASE");
        }
    }

    /// <summary>Escapes LIKE's wildcards for ESCAPE '\'.</summary>
    private static string LikeEscape(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);

    /// <summary>
    /// Fills temp.sd_hidden_dirs with every directory that is hidden or under a hidden directory, once per version of
    /// the database (PRAGMA data_version changes when another connection commits): rebuilding it costs a closure scan
    /// (~20 ms on 1M entries), which searches between writes now skip. False when there are none.
    /// </summary>
    private bool HiddenDirectories()
    {
        var version = Convert.ToInt64(Scalar("PRAGMA data_version", null), CultureInfo.InvariantCulture);
        if (version == hiddenVersion) return hasHiddenDirs;
        Execute("DELETE FROM temp.sd_hidden_dirs", null);
        Execute("""
            INSERT INTO temp.sd_hidden_dirs SELECT DISTINCT descendant_id FROM entry_closure
             WHERE ancestor_id IN (SELECT id FROM entries WHERE hidden = 1 AND kind = 1)
            """, null);
        hasHiddenDirs = Exists("SELECT 1 FROM temp.sd_hidden_dirs");
        hiddenVersion = version;
        return hasHiddenDirs;
    }

    /// <summary>A directory's children, sorted and paged; sizes of directories are their aggregate sizes.</summary>
    public DirectoryListing List(ListDirectory request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Limit is < 0 or > SearchQuery.MaxLimit) throw new SearchException(SearchErrors.BadRequest, $"limit must be between 0 and {SearchQuery.MaxLimit}.");
        if (request.Offset < 0) throw new SearchException(SearchErrors.BadRequest, "offset must not be negative.");
        var dirs = DirectoryIds(request.Path);
        if (dirs.Count == 0) throw new SearchException(SearchErrors.PathNotIndexed, $"'{request.Path}' is not an indexed directory.");
        var dir = dirs[0];
        var where = new Where();
        where.Add($"e.parent_id = {dir.ToString(CultureInfo.InvariantCulture)}");
        if (!request.IncludeHidden) where.Add("e.hidden = 0");
        var dirDir = request.Descending ? "DESC" : "ASC";
        var order = request.Sort switch
        {
            ListSort.Size => $"{SizeExpr} {dirDir}, e.name COLLATE NOCASE, e.name",
            ListSort.Modified => $"e.modified_at {dirDir}, e.name COLLATE NOCASE, e.name",
            _ => $"e.name COLLATE NOCASE {dirDir}, e.name {dirDir}",
        };
        var total = Convert.ToInt64(Scalar($"SELECT COUNT(*) FROM entries e WHERE {where.Sql}", where), CultureInfo.InvariantCulture);
        var items = request.Limit == 0 ? [] : ReadItems($"SELECT {ItemColumns} FROM entries e {ItemJoins} WHERE {where.Sql} ORDER BY {order}, e.id LIMIT {request.Limit} OFFSET {request.Offset}", where);
        using var cmd = Command($"SELECT uuid, aggregate_size, child_count, file_count FROM entries WHERE id = {dir.ToString(CultureInfo.InvariantCulture)}", null);
        using var r = cmd.ExecuteReader();
        r.Read();
        return new DirectoryListing(NormalizePath(request.Path), EntryUuid.Read(r, 0), total, r.GetInt64(1), r.GetInt64(2), r.GetInt64(3), items);
    }

    /// <summary>
    /// The total and the facets in one scan of the matches, counted here: three GROUP BYs sort the matches three
    /// times (measured ~40 ms for 30k matches under load, against ~3 ms for the scan).
    /// </summary>
    private (long Total, SearchFacets Facets) Facets()
    {
        var cat = new Dictionary<long, long>();
        var ext = new Dictionary<string, long>(StringComparer.Ordinal);
        var loc = new Dictionary<long, long>();
        long total = 0;
        using (var cmd = Command("SELECT cat, ext, loc FROM temp.sd_matches", null))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                total++;
                var c = r.IsDBNull(0) ? 0 : r.GetInt64(0);
                cat[c] = cat.GetValueOrDefault(c) + 1;
                var x = r.IsDBNull(1) ? "" : r.GetString(1);
                ext[x] = ext.GetValueOrDefault(x) + 1;
                var l = r.GetInt64(2);
                loc[l] = loc.GetValueOrDefault(l) + 1;
            }
        }
        var names = LocationNames();
        return (total, new SearchFacets(
            Dict(cat.Select(c => (categories.Name((int)c.Key), c.Value))),
            Dict(ext.Select(x => (x.Key, x.Value))),
            Dict(loc.Select(l => (names.GetValueOrDefault(l.Key, l.Key.ToString(CultureInfo.InvariantCulture)), l.Value)))));
    }

    private static Dictionary<string, long> Dict(IEnumerable<(string Key, long Count)> pairs)
    {
        var merged = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var (key, count) in pairs) merged[key] = merged.GetValueOrDefault(key) + count;
        return merged.OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    private List<SearchItem> ReadItems(string sql, Where? where) => [.. ReadItemsById(sql, where).Select(i => i.Item)];

    private List<(long Id, SearchItem Item)> ReadItemsById(string sql, Where? where)
    {
        var items = new List<(long Id, SearchItem Item)>();
        using (var cmd = Command(sql, where))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                var kind = r.GetInt64(3);
                items.Add((r.GetInt64(0), new SearchItem(
                    EntryUuid.Read(r, 1),
                    r.GetString(2),
                    r.IsDBNull(15) ? r.GetString(2) : r.GetString(15),
                    SearchQueries.KindName(kind),
                    r.GetInt64(4),
                    r.IsDBNull(5) ? null : r.GetString(5),
                    categories.Name((int)r.GetInt64(6)),
                    r.IsDBNull(7) ? null : UnixNanos.ToDateTimeOffset(r.GetInt64(7)),
                    r.IsDBNull(8) ? null : UnixNanos.ToDateTimeOffset(r.GetInt64(8)),
                    r.IsDBNull(9) ? null : r.GetString(9),
                    r.IsDBNull(10) ? null : Guid.Parse(r.GetString(10)),
                    r.IsDBNull(11) ? null : r.GetString(11),
                    r.GetInt64(12) == 1,
                    kind == 1 ? r.GetInt64(13) : null,
                    kind == 1 ? r.GetInt64(14) : null,
                    null)));
            }
        }
        if (items.Count == 0) return [];
        var tags = TagsOf(items.Select(i => i.Id));
        return [.. items.Select(i => (i.Id, tags.TryGetValue(i.Id, out var t) ? i.Item with { Tags = t } : i.Item))];
    }

    /// <summary>Tag names (namespace:name when namespaced) of entries, from the entry and from its content.</summary>
    private Dictionary<long, IReadOnlyList<string>> TagsOf(IEnumerable<long> entryIds)
    {
        var ids = Ids(entryIds);
        var sql = $"""
            SELECT x.id, t.namespace, t.canonical_name FROM entries x
              JOIN user_metadata um ON um.entry_uuid = x.uuid
              JOIN user_metadata_tags umt ON umt.user_metadata_id = um.id JOIN tags t ON t.id = umt.tag_id
             WHERE x.id IN ({ids})
            UNION
            SELECT x.id, t.namespace, t.canonical_name FROM entries x
              JOIN content_identities c ON c.id = x.content_id
              JOIN user_metadata um ON um.content_identity_uuid = c.uuid
              JOIN user_metadata_tags umt ON umt.user_metadata_id = um.id JOIN tags t ON t.id = umt.tag_id
             WHERE x.id IN ({ids})
            """;
        var result = new Dictionary<long, List<string>>();
        using var cmd = Command(sql, null);
        using var r = cmd.ExecuteReader();
        while (r.Read())
        {
            var name = r.IsDBNull(1) ? r.GetString(2) : r.GetString(1) + ":" + r.GetString(2);
            if (!result.TryGetValue(r.GetInt64(0), out var list)) result[r.GetInt64(0)] = list = [];
            list.Add(name);
        }
        return result.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)[.. p.Value.Order(StringComparer.OrdinalIgnoreCase)]);
    }

    /// <summary>SQL for the ids of entries carrying any of the tags or their descendants, on the entry or on its content.</summary>
    internal static string TaggedEntries(IReadOnlyCollection<long> tagIds)
    {
        var tags = $"SELECT descendant_id FROM tag_closure WHERE ancestor_id IN ({Ids(tagIds)})";
        return $"""
            SELECT x.id FROM entries x WHERE x.uuid IN (
                SELECT um.entry_uuid FROM user_metadata_tags umt JOIN user_metadata um ON um.id = umt.user_metadata_id
                 WHERE um.entry_uuid IS NOT NULL AND umt.tag_id IN ({tags}))
            UNION ALL
            SELECT x.id FROM entries x WHERE x.content_id IN (
                SELECT c.id FROM content_identities c WHERE c.uuid IN (
                    SELECT um.content_identity_uuid FROM user_metadata_tags umt JOIN user_metadata um ON um.id = umt.user_metadata_id
                     WHERE um.content_identity_uuid IS NOT NULL AND umt.tag_id IN ({tags})))
            """;
    }

    private List<long> TagIds(IEnumerable<string> references)
    {
        var ids = new List<long>();
        foreach (var reference in references) ids.AddRange(TagRefs.Resolve(connection, null, reference));
        return ids;
    }

    private List<long> DirectoryIds(string path) =>
        Longs("SELECT entry_id FROM directory_paths WHERE path = $p ORDER BY entry_id", ("$p", NormalizePath(path)));

    internal static string NormalizePath(string path)
    {
        var p = path.Trim();
        while (p.Length > 1 && p.EndsWith('/')) p = p[..^1];
        return p;
    }

    private List<long> LocationIds(IEnumerable<string> references)
    {
        var ids = new List<long>();
        foreach (var reference in references)
        {
            var found = Guid.TryParse(reference.Trim(), out var uuid)
                ? Longs("SELECT id FROM locations WHERE uuid = $u", ("$u", uuid.ToString("D")))
                : Longs("SELECT id FROM locations WHERE name = $n COLLATE NOCASE OR path = $n", ("$n", reference.Trim()));
            if (found.Count == 0) throw new SearchException(SearchErrors.LocationNotFound, $"No location '{reference}'.");
            ids.AddRange(found);
        }
        return ids;
    }

    private Dictionary<long, string> LocationNames()
    {
        var names = new Dictionary<long, string>();
        using var cmd = Command("SELECT id, name FROM locations", null);
        using var r = cmd.ExecuteReader();
        while (r.Read()) names[r.GetInt64(0)] = r.GetString(1);
        return names;
    }

    private static void AddRange(Where where, string column, DateTimeOffset? after, DateTimeOffset? before)
    {
        if (after is { } a) where.Add($"{column} >= {where.Param(UnixNanos.From(a))}");
        if (before is { } b) where.Add($"{column} < {where.Param(UnixNanos.From(b))}");
    }

    internal static string Ids(IEnumerable<long> ids)
    {
        var s = string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
        return s.Length == 0 ? "NULL" : s;
    }

    private bool Exists(string sql) => Scalar(sql, null) is not null;

    private void Execute(string sql, Where? where)
    {
        using var cmd = Command(sql, where);
        cmd.ExecuteNonQuery();
    }

    private List<long> Longs(string sql, Where where)
    {
        using var cmd = Command(sql, where);
        using var r = cmd.ExecuteReader();
        var list = new List<long>();
        while (r.Read()) list.Add(r.GetInt64(0));
        return list;
    }

    private List<long> Longs(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, null);
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        using var r = cmd.ExecuteReader();
        var list = new List<long>();
        while (r.Read()) list.Add(r.GetInt64(0));
        return list;
    }

    private object? Scalar(string sql, Where? where)
    {
        using var cmd = Command(sql, where);
        return cmd.ExecuteScalar();
    }

    private SqliteCommand Command(string sql, Where? where)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        if (where is not null)
        {
            foreach (var (name, value) in where.Parameters) cmd.Parameters.AddWithValue(name, value);
        }
        return cmd;
    }

    /// <summary>A WHERE clause under construction: conditions joined by AND, values always bound as parameters.</summary>
    private sealed class Where
    {
        private readonly StringBuilder _sql = new();

        public List<(string Name, object Value)> Parameters { get; } = [];

        public string Sql => _sql.Length == 0 ? "1" : _sql.ToString();

        public void Add(string condition)
        {
            if (_sql.Length > 0) _sql.Append(" AND ");
            _sql.Append('(').Append(condition).Append(')');
        }

        public string Param(object value)
        {
            var name = "$p" + Parameters.Count.ToString(CultureInfo.InvariantCulture);
            Parameters.Add((name, value));
            return name;
        }
    }
}
