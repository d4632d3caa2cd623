using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages;
using Spacedrive.Messages.Content;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Content;

/// <summary>
/// Duplicate files from the index alone: content identities with at least two files (entry_count, kept by triggers,
/// picks the candidates without a scan), their files joined through idx_entries_content, grouped and ranked by wasted
/// bytes (size × (copies − 1)). The files' bytes are not read, unless the groups are to be proven: then every member
/// without a known full-file hash is hashed (and the hash stored on its content identity when all copies agree), and a
/// group whose copies disagree is split by full hash.
/// </summary>
public static class DuplicateFinder
{
    private sealed record Member(long ContentId, string ContentHash, long Size, string? IntegrityHash, string Path);

    private sealed record Head(long ContentId, string ContentHash, long Size, int Count, string? IntegrityHash)
    {
        public long Wasted => Size * (Count - 1);
    }

    /// <summary>Finds the duplicates on a read connection; <paramref name="openWriter"/> is used only to store integrity hashes when proving.</summary>
    public static DuplicatesReply Find(SqliteConnection reader, Guid libraryId, FindDuplicates request, long? locationId, Func<LibraryDatabase>? openWriter = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var limit = Math.Max(0, request.Limit);
        if (!request.Proven)
        {
            // From the groups alone (no paths), then the paths of the groups shown only: 100k entries answer in milliseconds.
            var heads = ReadHeads(reader, request.MinSize, locationId);
            heads.Sort((a, b) => b.Wasted != a.Wasted ? b.Wasted.CompareTo(a.Wasted) : string.CompareOrdinal(a.ContentHash, b.ContentHash));
            var shown = heads.Take(limit).ToList();
            var paths = ReadMembers(reader, 0, locationId, [.. shown.Select(h => h.ContentId)]).ToLookup(m => m.ContentId);
            var groups = shown.Select(h => Group([.. paths[h.ContentId]], h.IntegrityHash is null ? null : true)).ToList();
            return new DuplicatesReply(libraryId, heads.Count, heads.Sum(h => (long)h.Count), heads.Sum(h => h.Wasted), false, 0,
                Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 4), groups);
        }

        var members = ReadMembers(reader, request.MinSize, locationId, null);
        var candidates = members.GroupBy(m => m.ContentId).Where(g => g.Count() >= 2).Select(g => g.ToList()).ToList();
        var all = candidates.SelectMany(c => c).ToList();
        // Every copy hashed whole, several files at once (a big file also hashes on several cores by itself).
        var hashes = new Dictionary<Member, string?>(all.Count, ReferenceEqualityComparer.Instance);
        var computed = new string?[all.Count];
        Parallel.For(0, all.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            i => computed[i] = IntegrityHasher.Compute(all[i].Path, cancellationToken) is { IsHashed: true } r ? r.Hash : null);
        for (var i = 0; i < all.Count; i++) hashes[all[i]] = computed[i];

        var proven = new List<DuplicateGroup>();
        var store = new List<(long ContentId, string Hash)>();
        foreach (var copies in candidates) proven.AddRange(Prove(copies, hashes, store));
        if (store.Count > 0 && openWriter is not null) Store(openWriter, store, clock ?? TimeProvider.System);
        proven.Sort((a, b) => b.WastedBytes != a.WastedBytes ? b.WastedBytes.CompareTo(a.WastedBytes) : string.CompareOrdinal(a.ContentHash, b.ContentHash));
        // Content ids whose copies all differ are listed (flagged proven: false) but are no duplicates: not in the totals.
        var copiesOnly = proven.Where(g => g.Proven != false).ToList();
        return new DuplicatesReply(libraryId, copiesOnly.Count, copiesOnly.Sum(g => (long)g.Count), copiesOnly.Sum(g => g.WastedBytes), true, all.Count,
            Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 4), proven.Take(limit).ToList()) { NotCopies = proven.Count - copiesOnly.Count };
    }

    /// <summary>
    /// One row per content with two or more files. Library-wide, entry_count (kept by triggers) answers without touching
    /// entries; in one location, that location's files of those contents are counted through idx_entries_content.
    /// </summary>
    private static List<Head> ReadHeads(SqliteConnection reader, long minSize, long? locationId)
    {
        using var command = reader.CreateCommand();
        command.CommandText = locationId is null
            ? """
              SELECT id, content_hash, total_size, entry_count, integrity_hash FROM content_identities
              WHERE entry_count > 1 AND total_size >= $min AND total_size > 0
              """
            : """
              SELECT ci.id, ci.content_hash, ci.total_size, COUNT(*), ci.integrity_hash
              FROM content_identities AS ci JOIN entries AS e ON e.content_id = ci.id
              WHERE ci.entry_count > 1 AND ci.total_size >= $min AND ci.total_size > 0 AND e.location_id = $loc
              GROUP BY ci.id HAVING COUNT(*) > 1
              """;
        command.Parameters.AddWithValue("$min", minSize);
        if (locationId is { } loc) command.Parameters.AddWithValue("$loc", loc);
        using var r = command.ExecuteReader();
        var result = new List<Head>();
        while (r.Read()) result.Add(new Head(r.GetInt64(0), r.GetString(1), r.GetInt64(2), (int)r.GetInt64(3), r.IsDBNull(4) ? null : r.GetString(4)));
        return result;
    }

    private static DuplicateGroup Group(List<Member> copies, bool? proven, string? integrity = null, bool split = false)
    {
        var first = copies[0];
        var id = ContentId.FromHash(first.ContentHash);
        var paths = copies.Select(c => c.Path).Order(StringComparer.Ordinal).ToList();
        return new DuplicateGroup(first.ContentHash, id.Uuid, first.Size, copies.Count, proven == false ? 0 : first.Size * (copies.Count - 1), proven, split,
            proven == true ? integrity ?? first.IntegrityHash : null, paths);
    }

    private static List<Member> ReadMembers(SqliteConnection reader, long minSize, long? locationId, IReadOnlyList<long>? contentIds)
    {
        if (contentIds is { Count: 0 }) return [];
        using var command = reader.CreateCommand();
        var only = contentIds is null ? "" : $"AND ci.id IN ({string.Join(',', contentIds.Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))})";
        command.CommandText = $"""
            SELECT e.content_id, ci.content_hash, e.size, ci.integrity_hash,
                   CASE WHEN dp.path = '/' THEN '/' || e.name ELSE dp.path || '/' || e.name END
            FROM content_identities AS ci
            JOIN entries AS e ON e.content_id = ci.id
            JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
            WHERE ci.entry_count > 1 AND ci.total_size >= $min AND ci.total_size > 0 {only}
            {(locationId is null ? "" : "AND e.location_id = $loc")}
            ORDER BY e.content_id
            """;
        command.Parameters.AddWithValue("$min", minSize);
        if (locationId is { } loc) command.Parameters.AddWithValue("$loc", loc);
        using var r = command.ExecuteReader();
        var result = new List<Member>();
        while (r.Read())
            result.Add(new Member(r.GetInt64(0), r.GetString(1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetString(3), r.GetString(4)));
        return result;
    }

    /// <summary>One group per distinct full hash (a lone copy is no duplicate); unreadable copies leave the group unproven.</summary>
    private static List<DuplicateGroup> Prove(List<Member> copies, Dictionary<Member, string?> hashes, List<(long, string)> store)
    {
        var unreadable = copies.Count(c => hashes[c] is null);
        var byHash = copies.Where(c => hashes[c] is not null).GroupBy(c => hashes[c]!).ToList();
        if (byHash.Count == 1 && unreadable == 0)
        {
            var hash = byHash[0].Key;
            if (copies[0].IntegrityHash != hash) store.Add((copies[0].ContentId, hash));
            return [Group(copies, true, hash)];
        }
        if (byHash.Count <= 1) return [Group(copies, null)];
        // Same sampled id, different bytes: each set of equal copies is a group of its own; when no two are equal the
        // content id is flagged (a sampled-hash collision, not duplicates).
        var split = byHash.Where(s => s.Count() >= 2).Select(s => Group([.. s], true, s.Key, split: true)).ToList();
        return split.Count > 0 ? split : [Group(copies, false)];
    }

    private static void Store(Func<LibraryDatabase> openWriter, List<(long ContentId, string Hash)> hashes, TimeProvider clock)
    {
        using var db = openWriter();
        using var transaction = db.Writer.BeginTransaction(deferred: false);
        using var command = db.Writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "UPDATE content_identities SET integrity_hash = $h, last_verified_at = $t WHERE id = $id";
        var h = command.Parameters.Add("$h", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Integer);
        command.Parameters.AddWithValue("$t", UnixNanos.Now(clock));
        foreach (var (contentId, hash) in hashes)
        {
            h.Value = hash;
            id.Value = contentId;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }
}
