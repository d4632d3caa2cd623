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

    /// <summary>Finds the duplicates on a read connection; <paramref name="openWriter"/> is used only to store integrity hashes when proving.</summary>
    public static DuplicatesReply Find(SqliteConnection reader, Guid libraryId, FindDuplicates request, long? locationId, Func<LibraryDatabase>? openWriter = null,
        TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(request);
        var started = Stopwatch.GetTimestamp();
        var members = ReadMembers(reader, request.MinSize, locationId);
        var groups = new List<DuplicateGroup>();
        long hashed = 0;
        foreach (var copies in members.GroupBy(m => m.ContentId))
        {
            var list = copies.ToList();
            if (list.Count < 2) continue;
            if (request.Proven)
            {
                var (proven, n) = Prove(list, openWriter, clock ?? TimeProvider.System, cancellationToken);
                hashed += n;
                groups.AddRange(proven);
            }
            else
            {
                groups.Add(Group(list, list[0].IntegrityHash is { } h && list.All(m => m.IntegrityHash == h) ? true : null));
            }
        }
        groups.Sort((a, b) => b.WastedBytes != a.WastedBytes ? b.WastedBytes.CompareTo(a.WastedBytes) : string.CompareOrdinal(a.ContentHash, b.ContentHash));
        return new DuplicatesReply(libraryId, groups.Count, groups.Sum(g => (long)g.Count), groups.Sum(g => g.WastedBytes), request.Proven, hashed,
            Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 4), groups.Take(Math.Max(0, request.Limit)).ToList());
    }

    private static DuplicateGroup Group(List<Member> copies, bool? proven, string? integrity = null, bool split = false)
    {
        var first = copies[0];
        var id = ContentId.FromHash(first.ContentHash);
        var paths = copies.Select(c => c.Path).Order(StringComparer.Ordinal).ToList();
        return new DuplicateGroup(first.ContentHash, id.Uuid, first.Size, copies.Count, proven == false ? 0 : first.Size * (copies.Count - 1), proven, split,
            proven == true ? integrity ?? first.IntegrityHash : null, paths);
    }

    private static List<Member> ReadMembers(SqliteConnection reader, long minSize, long? locationId)
    {
        using var command = reader.CreateCommand();
        command.CommandText = $"""
            SELECT e.content_id, ci.content_hash, e.size, ci.integrity_hash,
                   CASE WHEN dp.path = '/' THEN '/' || e.name ELSE dp.path || '/' || e.name END
            FROM content_identities AS ci
            JOIN entries AS e ON e.content_id = ci.id
            JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
            WHERE ci.entry_count > 1 AND ci.total_size >= $min AND ci.total_size > 0 AND e.kind = 0
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

    /// <summary>Hashes every copy whole; one group per distinct full hash (a lone copy is no duplicate). Unreadable copies leave the group unproven.</summary>
    private static (List<DuplicateGroup> Groups, long Hashed) Prove(List<Member> copies, Func<LibraryDatabase>? openWriter, TimeProvider clock, CancellationToken cancellationToken)
    {
        var hashes = new string?[copies.Count];
        Parallel.For(0, copies.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            i => hashes[i] = IntegrityHasher.Compute(copies[i].Path, cancellationToken) is { IsHashed: true } r ? r.Hash : null);
        var result = new List<DuplicateGroup>();
        var unreadable = copies.Where((_, i) => hashes[i] is null).ToList();
        var byHash = copies.Select((c, i) => (c, h: hashes[i])).Where(x => x.h is not null).GroupBy(x => x.h!).ToList();
        if (byHash.Count == 1 && unreadable.Count == 0)
        {
            var hash = byHash[0].Key;
            if (copies[0].IntegrityHash != hash && openWriter is not null) Store(openWriter, copies[0].ContentId, hash, clock);
            result.Add(Group(copies, true, hash));
        }
        else if (byHash.Count <= 1)
        {
            result.Add(Group(copies, null));
        }
        else
        {
            // Same sampled id, different bytes: each set of equal copies is a group of its own; when no two are equal the
            // content id is flagged (a sampled-hash collision, not duplicates).
            var split = byHash.Where(s => s.Count() >= 2).Select(s => Group([.. s.Select(x => x.c)], true, s.Key, split: true)).ToList();
            result.AddRange(split.Count > 0 ? split : [Group(copies, false)]);
        }
        return (result, copies.Count);
    }

    private static void Store(Func<LibraryDatabase> openWriter, long contentId, string hash, TimeProvider clock)
    {
        using var db = openWriter();
        using var command = db.Writer.CreateCommand();
        command.CommandText = "UPDATE content_identities SET integrity_hash = $h, last_verified_at = $t WHERE id = $id";
        command.Parameters.AddWithValue("$h", hash);
        command.Parameters.AddWithValue("$t", UnixNanos.Now(clock));
        command.Parameters.AddWithValue("$id", contentId);
        command.ExecuteNonQuery();
    }
}
