using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Search;

namespace Spacedrive.Storage.Search;

/// <summary>
/// A snapshot of a library's entries held in memory, column by column, for the searches that need nothing but
/// the entries' own columns (name text, kind, category, extension, size, times, location, content flags, hidden).
/// Names are kept as one UTF-8 buffer of ASCII-lowercased names separated by NUL, scanned with the vectorized
/// <see cref="MemoryExtensions.IndexOf{T}(ReadOnlySpan{T}, ReadOnlySpan{T})"/> (a 1M-name library is ~25 MB: a few
/// ms per scan on one core). The order of every entry by path and by name is computed once per snapshot, so a
/// page is a top-k selection over integer keys.
///
/// It answers exactly as <see cref="SqliteSearchSource"/>'s SQL does:
/// - 3+ characters (the FTS5 trigram path): the folded name (<see cref="SearchText.Fold"/>) contains the folded text.
///   ASCII names fold to their ASCII lowercase, so they are scanned in the shared buffer; the few non-ASCII names
///   have their folded form in a second buffer.
/// - 1–2 characters (SQL's LIKE): the ASCII-lowercased name contains the lowercased text.
/// - relevance tiers as the SQL CASE computes them (LIKE, lower(): ASCII folding only), then name length in code
///   points, then path (code point order, as SQLite's BINARY collation on UTF-8), then id.
/// A snapshot is immutable; <see cref="SqliteSearchSource"/> decides when it is current (PRAGMA data_version).
/// </summary>
public sealed class NameIndex
{
    private const long NullTime = long.MinValue;

    // Per entry, in entries' id order.
    private readonly long[] _ids;
    private readonly long[] _sizes;
    private readonly long[] _modified;
    private readonly long[] _created;
    private readonly long[] _accessed;
    private readonly Hot[] _hot; // what facets and orders read, side by side (one cache line per match)
    private readonly int[] _nameRanks; // order by (name COLLATE NOCASE, name)
    private readonly Flags[] _flags;

    // Names: ASCII-lowercased UTF-8, NUL after each; _starts[i] is entry i's first byte, _starts[n] the end.
    private readonly byte[] _lowered;
    private readonly int[] _starts;

    // Non-ASCII names folded (SearchText.Fold), in their own buffer.
    private readonly byte[] _folded;
    private readonly int[] _foldedStarts;
    private readonly int[] _foldedEntries;

    private readonly string[] _extensionNames;
    private readonly byte[][] _extensionBytes;
    private readonly long[] _locationIds;

    private struct Hot
    {
        public int Category;
        public int Extension; // index in _extensionNames, -1: none
        public int Location; // index in _locationIds
        public int NameLength; // code points, as SQLite's length()
        public int PathRank; // order of the full path (code points); -1: no path
    }

    [Flags]
    private enum Flags : byte
    {
        None = 0,
        Hidden = 1, // e.hidden = 1
        UnderHiddenDirectory = 2, // excluded by the hidden-directory set (see SqliteSearchSource.HiddenDirectories)
        HasContent = 4,
        Duplicate = 8, // content_identities.entry_count > 1
        PrivateHidden = 16, // tagged with a 'hidden' privacy tag (or a descendant)
        PrivateArchive = 32, // tagged with an 'archive' privacy tag (or a descendant)
        NonAscii = 64,
        Directory = 128, // kind = 1: the target filter reads the flags alone
    }

    private NameIndex(int count, int loweredBytes)
    {
        _ids = new long[count];
        _sizes = new long[count];
        _modified = new long[count];
        _created = new long[count];
        _accessed = new long[count];
        _hot = new Hot[count];
        _nameRanks = new int[count];
        _flags = new Flags[count];
        _lowered = new byte[loweredBytes];
        _starts = new int[count + 1];
        _folded = [];
        _foldedStarts = [0];
        _foldedEntries = [];
        _extensionNames = [];
        _extensionBytes = [];
        _locationIds = [];
    }

    private NameIndex(NameIndex shape, byte[] folded, int[] foldedStarts, int[] foldedEntries, string[] extensionNames, long[] locationIds)
    {
        _ids = shape._ids;
        _sizes = shape._sizes;
        _modified = shape._modified;
        _created = shape._created;
        _accessed = shape._accessed;
        _hot = shape._hot;
        _nameRanks = shape._nameRanks;
        _flags = shape._flags;
        _lowered = shape._lowered;
        _starts = shape._starts;
        _folded = folded;
        _foldedStarts = foldedStarts;
        _foldedEntries = foldedEntries;
        _extensionNames = extensionNames;
        _extensionBytes = [.. extensionNames.Select(Encoding.UTF8.GetBytes)];
        _locationIds = locationIds;
    }

    public int Count => _ids.Length;

    /// <summary>Approximate bytes held (for logs and the bench).</summary>
    public long Bytes => (long)Count * (8 * 6 + 4 * 7 + 1) + _lowered.Length + _folded.Length + _foldedEntries.Length * 4L;

    /// <summary>
    /// Reads every entry from <paramref name="connection"/> in one read transaction (one snapshot). Throws
    /// <see cref="OperationCanceledException"/> when cancelled.
    /// </summary>
    public static NameIndex Build(SqliteConnection connection, CancellationToken cancel)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var tx = connection.BeginTransaction(deferred: true);
        SqliteCommand Command(string sql)
        {
            var cmd = connection.CreateCommand();
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            return cmd;
        }

        var dirPaths = new Dictionary<long, string>();
        using (var cmd = Command("SELECT entry_id, path FROM directory_paths"))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) dirPaths[r.GetInt64(0)] = r.GetString(1);
        }
        var hiddenDirs = new HashSet<long>();
        using (var cmd = Command("""
            SELECT DISTINCT descendant_id FROM entry_closure
             WHERE ancestor_id IN (SELECT id FROM entries WHERE hidden = 1 AND kind = 1)
            """))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read()) hiddenDirs.Add(r.GetInt64(0));
        }
        HashSet<long> Private(string level)
        {
            var set = new HashSet<long>();
            var tags = new List<long>();
            using (var cmd = Command($"SELECT id FROM tags WHERE privacy_level = '{level}'"))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read()) tags.Add(r.GetInt64(0));
            }
            if (tags.Count == 0) return set;
            using (var cmd = Command(SqliteSearchSource.TaggedEntries(tags)))
            using (var r = cmd.ExecuteReader())
            {
                while (r.Read()) set.Add(r.GetInt64(0));
            }
            return set;
        }
        var privateHidden = Private("hidden");
        var privateArchive = Private("archive");

        var rows = new List<Row>();
        using (var cmd = Command($"""
            SELECT e.id, e.parent_id, e.name, e.kind, {SqliteSearchSource.SizeExpr}, e.extension, {SqliteSearchSource.CategoryExpr},
                   e.location_id, e.modified_at, e.created_at, e.accessed_at, e.hidden, e.content_id IS NOT NULL, COALESCE(ci.entry_count, 0)
              FROM entries e LEFT JOIN content_identities ci ON ci.id = e.content_id
             ORDER BY e.id
            """))
        using (var r = cmd.ExecuteReader())
        {
            while (r.Read())
            {
                if ((rows.Count & 4095) == 0) cancel.ThrowIfCancellationRequested();
                rows.Add(new Row(
                    r.GetInt64(0), r.IsDBNull(1) ? null : r.GetInt64(1), r.GetString(2), (byte)r.GetInt64(3), r.GetInt64(4),
                    r.IsDBNull(5) ? null : r.GetString(5), (int)r.GetInt64(6), r.GetInt64(7),
                    r.IsDBNull(8) ? NullTime : r.GetInt64(8), r.IsDBNull(9) ? NullTime : r.GetInt64(9), r.IsDBNull(10) ? NullTime : r.GetInt64(10),
                    r.GetInt64(11) == 1, r.GetInt64(12) == 1, r.GetInt64(13) > 1));
            }
        }
        tx.Commit();
        return FromRows(rows, dirPaths, hiddenDirs, privateHidden, privateArchive, cancel);
    }

    private sealed record Row(long Id, long? Parent, string Name, byte Kind, long Size, string? Extension, int Category, long Location,
        long Modified, long Created, long Accessed, bool Hidden, bool HasContent, bool Duplicate);

    private static NameIndex FromRows(List<Row> rows, Dictionary<long, string> dirPaths, HashSet<long> hiddenDirs,
        HashSet<long> privateHidden, HashSet<long> privateArchive, CancellationToken cancel)
    {
        int n = rows.Count;
        var lowered = new string[n];
        long bytes = 0;
        for (int i = 0; i < n; i++)
        {
            lowered[i] = AsciiLower(rows[i].Name);
            bytes += Encoding.UTF8.GetByteCount(lowered[i]) + 1;
        }
        if (bytes > int.MaxValue) throw new InvalidOperationException("Too many names for one in-memory name index.");
        var index = new NameIndex(n, (int)bytes);
        var extensionIds = new Dictionary<string, int>(StringComparer.Ordinal);
        var locationIds = new Dictionary<long, int>();
        var folded = new List<byte>();
        var foldedStarts = new List<int> { 0 };
        var foldedEntries = new List<int>();
        int at = 0;
        for (int i = 0; i < n; i++)
        {
            var row = rows[i];
            index._ids[i] = row.Id;
            index._sizes[i] = row.Size;
            index._modified[i] = row.Modified;
            index._created[i] = row.Created;
            index._accessed[i] = row.Accessed;
            index._hot[i].Category = row.Category;
            if (row.Extension is null) index._hot[i].Extension = -1;
            else
            {
                if (!extensionIds.TryGetValue(row.Extension, out var x)) extensionIds[row.Extension] = x = extensionIds.Count;
                index._hot[i].Extension = x;
            }
            if (!locationIds.TryGetValue(row.Location, out var l)) locationIds[row.Location] = l = locationIds.Count;
            index._hot[i].Location = l;
            index._hot[i].NameLength = SearchText.Length(row.Name);
            var flags = Flags.None;
            if (row.Hidden) flags |= Flags.Hidden;
            if (row.Kind == 1) flags |= Flags.Directory;
            // As SQL's "(CASE WHEN kind = 1 THEN id ELSE parent_id END) NOT IN sd_hidden_dirs": a NULL parent is
            // excluded whenever the set is not empty.
            if (hiddenDirs.Count > 0 && (row.Kind == 1 ? hiddenDirs.Contains(row.Id) : row.Parent is not { } p || hiddenDirs.Contains(p)))
                flags |= Flags.UnderHiddenDirectory;
            if (row.HasContent) flags |= Flags.HasContent;
            if (row.Duplicate) flags |= Flags.Duplicate;
            if (privateHidden.Contains(row.Id)) flags |= Flags.PrivateHidden;
            if (privateArchive.Contains(row.Id)) flags |= Flags.PrivateArchive;
            if (!IsAscii(row.Name))
            {
                flags |= Flags.NonAscii;
                folded.AddRange(Encoding.UTF8.GetBytes(SearchText.Fold(row.Name)));
                folded.Add(0);
                foldedStarts.Add(folded.Count);
                foldedEntries.Add(i);
            }
            index._flags[i] = flags;
            index._starts[i] = at;
            at += Encoding.UTF8.GetBytes(lowered[i], index._lowered.AsSpan(at));
            index._lowered[at++] = 0;
        }
        index._starts[n] = at;
        cancel.ThrowIfCancellationRequested();

        // Path order: SQLite compares TEXT as UTF-8 bytes, i.e. in code point order.
        var paths = new string?[n];
        for (int i = 0; i < n; i++)
        {
            var row = rows[i];
            paths[i] = row.Parent is not { } parent
                ? dirPaths.GetValueOrDefault(row.Id)
                : dirPaths.TryGetValue(parent, out var pp) ? (pp == "/" ? "/" + row.Name : pp + "/" + row.Name) : null;
        }
        // The two orders are independent sorts of a million strings each: one per core.
        var pathRanks = new int[n];
        var names = rows.Select(r => r.Name).ToArray();
        Parallel.Invoke(
            new ParallelOptions { CancellationToken = cancel },
            () => Rank(paths, pathRanks, CodePointOrder.Instance, cancel),
            // Name order: COLLATE NOCASE (ASCII folding), then BINARY.
            () => Rank(names, index._nameRanks, NoCaseThenBinary.Instance, cancel));
        for (int i = 0; i < n; i++) index._hot[i].PathRank = pathRanks[i];

        var extensionNames = new string[extensionIds.Count];
        foreach (var (name, id) in extensionIds) extensionNames[id] = name;
        var locations = new long[locationIds.Count];
        foreach (var (id, i) in locationIds) locations[i] = id;
        return new NameIndex(index, [.. folded], [.. foldedStarts], [.. foldedEntries], extensionNames, locations);
    }

    /// <summary>ranks[i] = position of keys[i] in order; equal keys share a rank; null keys rank -1 (NULL sorts first).</summary>
    private static void Rank(string?[] keys, int[] ranks, IComparer<string> order, CancellationToken cancel)
    {
        var idx = new int[keys.Length];
        for (int i = 0; i < idx.Length; i++) idx[i] = i;
        var sortKeys = (string?[])keys.Clone();
        Array.Sort(sortKeys, idx, Comparer<string?>.Create((a, b) => a is null ? (b is null ? 0 : -1) : b is null ? 1 : order.Compare(a, b)));
        cancel.ThrowIfCancellationRequested();
        int rank = -1;
        for (int i = 0; i < idx.Length; i++)
        {
            if (sortKeys[i] is null)
            {
                ranks[idx[i]] = -1;
                continue;
            }
            if (i == 0 || sortKeys[i - 1] is null || order.Compare(sortKeys[i - 1]!, sortKeys[i]!) != 0) rank++;
            ranks[idx[i]] = rank;
        }
    }

    /// <summary>What the in-memory path answers; the caller reads the page's rows by id.</summary>
    public sealed record Answer(long Total, IReadOnlyList<long> PageIds, IReadOnlyDictionary<int, long>? Categories,
        IReadOnlyDictionary<string, long>? Extensions, IReadOnlyDictionary<long, long>? Locations);

    /// <summary>
    /// Whether this query can be answered here: everything but path scope and tag filters (those stay in SQL, with
    /// their closure tables) and text containing NUL.
    /// </summary>
    public static bool CanAnswer(SearchQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return query.Path is null && query.Tags is not { Count: > 0 } && query.AnyTags is not { Count: > 0 } && query.NotTags is not { Count: > 0 }
            && (query.Text is null || !query.Text.Contains('\0', StringComparison.Ordinal));
    }

    /// <param name="categoryIds">Resolved kinds (empty: any).</param>
    /// <param name="locationIds">Resolved location ids (null: any).</param>
    /// <returns>null when the folded text is shorter than a trigram (left to SQL, whose tokenizer decides).</returns>
    public Answer? Search(SearchQuery query, IReadOnlyList<int> categoryIds, IReadOnlyCollection<long>? locationIds)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(categoryIds);
        var text = SearchText.Normalize(query.Text);
        var filter = new Filter(this, query, categoryIds, locationIds);
        var matches = new List<int>();
        if (text is null)
        {
            for (int i = 0; i < Count; i++)
                if (filter.Keep(i)) matches.Add(i);
        }
        else if (SearchText.Length(text) >= SearchText.TrigramMinimum)
        {
            var foldedString = SearchText.Fold(text);
            if (SearchText.Length(foldedString) < SearchText.TrigramMinimum) return null; // what FTS does with fewer trigrams is SQL's to say
            var foldedText = Encoding.UTF8.GetBytes(foldedString);
            Scan(_lowered, _starts, null, foldedText, i => (_flags[i] & Flags.NonAscii) == 0 && filter.Keep(i), matches);
            Scan(_folded, _foldedStarts, _foldedEntries, foldedText, filter.Keep, matches);
        }
        else
        {
            Scan(_lowered, _starts, null, Encoding.UTF8.GetBytes(text.ToLowerInvariant()), filter.Keep, matches);
        }

        Dictionary<int, long>? cats = null;
        Dictionary<string, long>? exts = null;
        Dictionary<long, long>? locs = null;
        if (query.Facets)
        {
            var catCounts = new Dictionary<int, long>();
            var extCounts = new long[_extensionNames.Length + 1];
            var locCounts = new long[_locationIds.Length];
            foreach (var i in matches)
            {
                catCounts[_hot[i].Category] = catCounts.GetValueOrDefault(_hot[i].Category) + 1;
                extCounts[_hot[i].Extension + 1]++;
                locCounts[_hot[i].Location]++;
            }
            cats = catCounts;
            exts = new Dictionary<string, long>(StringComparer.Ordinal);
            for (int x = 0; x < extCounts.Length; x++)
                if (extCounts[x] > 0) exts[x == 0 ? "" : _extensionNames[x - 1]] = extCounts[x];
            locs = [];
            for (int l = 0; l < locCounts.Length; l++)
                if (locCounts[l] > 0) locs[_locationIds[l]] = locCounts[l];
        }

        IReadOnlyList<long> page = [];
        if (query.Limit > 0 && matches.Count > query.Offset)
            page = Page(query, text, matches);
        return new Answer(matches.Count, page, cats, exts, locs);
    }

    private static void Scan(byte[] buffer, int[] starts, int[]? entries, byte[] needle, Func<int, bool> keep, List<int> matches)
    {
        var haystack = buffer.AsSpan();
        int from = 0, entry = 0, count = starts.Length - 1;
        while (from < haystack.Length)
        {
            int found = haystack[from..].IndexOf(needle);
            if (found < 0) break;
            int pos = from + found;
            // The entry holding pos: the last start <= pos. Positions only grow: gallop forward from the current entry
            // (near entries, near memory), then bisect the last step.
            int lo = entry, step = 1;
            while (lo + step < count && starts[lo + step] <= pos)
            {
                lo += step;
                step <<= 1;
            }
            int hi = Math.Min(count - 1, lo + step - 1);
            while (lo < hi)
            {
                int mid = (lo + hi + 1) >>> 1;
                if (starts[mid] <= pos) lo = mid;
                else hi = mid - 1;
            }
            entry = lo;
            var i = entries is null ? entry : entries[entry];
            if (keep(i)) matches.Add(i);
            from = starts[entry + 1];
            entry++;
            if (entry >= count) break;
        }
    }

    /// <summary>The filters of a query over the columns (the same conditions as SqliteSearchSource's WHERE).</summary>
    private readonly struct Filter
    {
        private readonly NameIndex _x;
        private readonly SearchTarget _target;
        private readonly HashSet<int>? _categories;
        private readonly HashSet<int>? _extensions;
        private readonly HashSet<int>? _locations;
        private readonly long _minSize, _maxSize;
        private readonly bool _sizeFiltered;
        private readonly (long From, long To)? _modified, _created, _accessed;
        private readonly bool? _duplicates, _content;
        private readonly Flags _excluded;

        public Filter(NameIndex x, SearchQuery q, IReadOnlyList<int> categoryIds, IReadOnlyCollection<long>? locationIds)
        {
            _x = x;
            _target = q.Target;
            _categories = categoryIds.Count > 0 ? [.. categoryIds] : null;
            if (q.Extensions is { Count: > 0 } exts)
            {
                var wanted = exts.Select(SearchQueries.NormalizeExtension).ToHashSet(StringComparer.Ordinal);
                _extensions = [.. Enumerable.Range(0, x._extensionNames.Length).Where(i => wanted.Contains(x._extensionNames[i]))];
            }
            if (locationIds is not null)
                _locations = [.. Enumerable.Range(0, x._locationIds.Length).Where(i => locationIds.Contains(x._locationIds[i]))];
            _minSize = q.MinSize ?? long.MinValue;
            _maxSize = q.MaxSize ?? long.MaxValue;
            _sizeFiltered = q.MinSize is not null || q.MaxSize is not null;
            _modified = Range(q.ModifiedAfter, q.ModifiedBefore);
            _created = Range(q.CreatedAfter, q.CreatedBefore);
            _accessed = Range(q.AccessedAfter, q.AccessedBefore);
            _duplicates = q.HasDuplicates;
            _content = q.HasContentId;
            _excluded = Flags.None;
            if (!q.IncludeHidden) _excluded |= Flags.Hidden | Flags.UnderHiddenDirectory | Flags.PrivateHidden;
            if (!q.IncludeArchived) _excluded |= Flags.PrivateArchive;
        }

        private static (long, long)? Range(DateTimeOffset? after, DateTimeOffset? before) =>
            after is null && before is null ? null
                : (after is { } a ? Library.UnixNanos.From(a) : long.MinValue + 1, before is { } b ? Library.UnixNanos.From(b) : long.MaxValue);

        public bool Keep(int i)
        {
            // Only the columns a filter asks about are read: matches are scattered over the arrays, each read a cache miss.
            var x = _x;
            var flags = x._flags[i];
            bool directory = (flags & Flags.Directory) != 0;
            if (_target == SearchTarget.Files ? directory : _target == SearchTarget.Directories && !directory) return false;
            if ((flags & _excluded) != 0) return false;
            if (_categories is not null && !_categories.Contains(x._hot[i].Category)) return false;
            if (_extensions is not null && !_extensions.Contains(x._hot[i].Extension)) return false;
            if (_locations is not null && !_locations.Contains(x._hot[i].Location)) return false;
            if (_sizeFiltered && (x._sizes[i] < _minSize || x._sizes[i] > _maxSize)) return false;
            if (_modified is not null && !InTime(x._modified[i], _modified)) return false;
            if (_created is not null && !InTime(x._created[i], _created)) return false;
            if (_accessed is not null && !InTime(x._accessed[i], _accessed)) return false;
            if (_duplicates is { } d && d != ((flags & Flags.Duplicate) != 0)) return false;
            if (_content is { } c && c != ((flags & Flags.HasContent) != 0)) return false;
            return true;
        }

        /// <summary>SQL: "t >= after AND t < before", each only when given; NULL never passes.</summary>
        private static bool InTime(long value, (long From, long To)? range)
        {
            if (range is not { } r) return true;
            if (value == NullTime) return false;
            return value >= r.From && (r.To == long.MaxValue || value < r.To);
        }
    }

    /// <summary>The page in the order (k1, k2, path, id), as SqliteSearchSource orders it, by a top-k selection.</summary>
    private List<long> Page(SearchQuery query, string? text, List<int> matches)
    {
        int k = (int)Math.Min(matches.Count, (long)query.Offset + query.Limit);
        Func<int, long> key = query.Sort switch
        {
            SearchSort.Relevance when text is not null => RelevanceKey(text),
            SearchSort.Size => i => _sizes[i],
            SearchSort.Modified => i => _modified[i],
            SearchSort.Created => i => _created[i],
            _ => i => _nameRanks[i],
        };
        bool desc = query.Descending;
        var keyed = new Keyed[matches.Count];
        for (int j = 0; j < keyed.Length; j++)
        {
            var i = matches[j];
            var v = key(i);
            keyed[j] = new Keyed(desc ? ~v : v, _hot[i].PathRank, _ids[i]);
        }
        if (k < keyed.Length && k <= 4096)
        {
            // Top k by a bounded max-heap: most matches are rejected by one comparison with its top.
            var heap = new PriorityQueue<Keyed, Keyed>(k, Comparer<Keyed>.Create((a, b) => b.CompareTo(a)));
            foreach (var item in keyed)
            {
                if (heap.Count < k) heap.Enqueue(item, item);
                else if (item.CompareTo(heap.Peek()) < 0) heap.DequeueEnqueue(item, item);
            }
            keyed = new Keyed[heap.Count];
            for (int j = keyed.Length - 1; j >= 0; j--) keyed[j] = heap.Dequeue();
        }
        else
        {
            Array.Sort(keyed);
        }
        var page = new List<long>(query.Limit);
        for (int j = query.Offset; j < Math.Min(keyed.Length, query.Offset + query.Limit); j++) page.Add(keyed[j].Id);
        return page;
    }

    private readonly record struct Keyed(long Key, int PathRank, long Id) : IComparable<Keyed>
    {
        public int CompareTo(Keyed other)
        {
            int c = Key.CompareTo(other.Key);
            if (c != 0) return c;
            c = PathRank.CompareTo(other.PathRank);
            return c != 0 ? c : Id.CompareTo(other.Id);
        }
    }

    /// <summary>
    /// SQL's relevance CASE over the ASCII-lowercased name (LIKE and lower() fold ASCII only) against the text
    /// lowercased: exact (or exact plus '.' extension) 0, prefix 1, separator then text 2, else 3; then length.
    /// </summary>
    private Func<int, long> RelevanceKey(string text)
    {
        var q = Encoding.UTF8.GetBytes(text.ToLowerInvariant());
        var separators = Encoding.ASCII.GetBytes(SearchText.WordSeparators);
        return i =>
        {
            var name = _lowered.AsSpan(_starts[i], _starts[i + 1] - _starts[i] - 1);
            long tier = 3;
            int at = name.IndexOf(q);
            if (at == 0)
            {
                tier = 1;
                if (name.Length == q.Length) tier = 0;
                else if (_hot[i].Extension >= 0)
                {
                    var ext = _extensionBytes[_hot[i].Extension];
                    if (name.Length == q.Length + 1 + ext.Length && name[q.Length] == (byte)'.' && name[(q.Length + 1)..].SequenceEqual(ext)) tier = 0;
                }
            }
            else
            {
                // Word prefix: any occurrence right after a separator (SQL: name LIKE '%' || sep || text || '%').
                while (at > 0)
                {
                    if (separators.Contains(name[at - 1]))
                    {
                        tier = 2;
                        break;
                    }
                    int next = name[(at + 1)..].IndexOf(q);
                    if (next < 0) break;
                    at += 1 + next;
                }
            }
            return (tier << 32) | (uint)_hot[i].NameLength;
        };
    }

    private static string AsciiLower(string s)
    {
        foreach (var c in s)
        {
            if (c is >= 'A' and <= 'Z') return string.Create(s.Length, s, (span, src) =>
            {
                for (int i = 0; i < src.Length; i++) span[i] = src[i] is >= 'A' and <= 'Z' and var u ? (char)(u + 32) : src[i];
            });
        }
        return s;
    }

    private static bool IsAscii(string s)
    {
        foreach (var c in s)
            if (c > 0x7F) return false;
        return true;
    }

    /// <summary>Ordinal comparison in code point order (UTF-16 ordinal puts U+E000–U+FFFF after supplementary characters; UTF-8 does not).</summary>
    private sealed class CodePointOrder : IComparer<string>
    {
        public static readonly CodePointOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            int common = x.AsSpan().CommonPrefixLength(y);
            if (common == x.Length || common == y.Length) return x.Length.CompareTo(y.Length);
            return Fix(x[common]).CompareTo(Fix(y[common]));
        }

        internal static int Fix(char c) => c >= 0xD800 ? (c >= 0xE000 ? c - 0x800 : c + 0x2000) : c;
    }

    /// <summary>COLLATE NOCASE (ASCII case folded, then code point order), then BINARY.</summary>
    private sealed class NoCaseThenBinary : IComparer<string>
    {
        public static readonly NoCaseThenBinary Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            int n = Math.Min(x.Length, y.Length);
            for (int i = 0; i < n; i++)
            {
                char a = x[i], b = y[i];
                if (a == b) continue;
                if (a is >= 'A' and <= 'Z') a = (char)(a + 32);
                if (b is >= 'A' and <= 'Z') b = (char)(b + 32);
                if (a != b) return CodePointOrder.Fix(a).CompareTo(CodePointOrder.Fix(b));
            }
            int byLength = x.Length.CompareTo(y.Length);
            return byLength != 0 ? byLength : CodePointOrder.Instance.Compare(x, y);
        }
    }

    internal static string Describe(NameIndex index) =>
        string.Create(CultureInfo.InvariantCulture, $"{index.Count} entries, {index.Bytes / (1024 * 1024)} MiB");
}
