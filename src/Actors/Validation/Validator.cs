using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Validation;

/// <summary>A file validation found wrong, and why.</summary>
public sealed record ValidationFinding(string Path, string Reason);

/// <summary>
/// Where a validation run stands (its checkpoint): every file with an entry id up to <see cref="Cursor"/> is done and its
/// integrity hash is committed. Counts are cumulative; the lists keep the first findings of each kind.
/// </summary>
public sealed record ValidationProgress
{
    public long Cursor { get; init; }
    public long TotalFiles { get; init; } = -1;
    public long TotalBytes { get; init; }
    public long Files { get; init; }
    public long BytesHashed { get; init; }
    public long Ok { get; init; }
    public long Changed { get; init; }
    public long Missing { get; init; }
    public long Corrupt { get; init; }
    public long Unreadable { get; init; }

    /// <summary>Present and unchanged but not hashed: empty, or never identified (shallow index), so there is no content identity to hold a hash.</summary>
    public long Unverified { get; init; }

    /// <summary>Files of locations whose folder is not there (an unplugged disk): not checked, and not called missing.</summary>
    public long Offline { get; init; }

    /// <summary>Integrity hashes recorded for the first time (or replaced after a legitimate change).</summary>
    public long IntegrityRecorded { get; init; }
    public List<ValidationFinding> ChangedFiles { get; init; } = [];
    public List<string> MissingFiles { get; init; } = [];
    public List<ValidationFinding> CorruptFiles { get; init; } = [];
    public List<ValidationFinding> UnreadableFiles { get; init; } = [];
}

/// <summary>
/// Validates the indexed files of a <see cref="ValidationScope"/> against the disk, in entry-id order, one batch per
/// transaction: each file is missing (gone), changed (size or mtime differ from the index: the index is stale, no bytes
/// read), corrupt (size and mtime as indexed, but the sampled content hash no longer matches its content id, or its
/// full-file BLAKE3 differs from the integrity hash recorded for that content: bit rot), unreadable, or ok. Fills
/// <c>content_identities.integrity_hash</c> and <c>last_verified_at</c>. Files of a batch are hashed in parallel
/// (<see cref="ValidationSettings.Parallelism"/>); the verdicts are then judged in order, so a run is deterministic.
/// A batch's writes commit before <paramref name="onBatch"/> sees the progress that covers them, so a checkpoint saved
/// there never claims uncommitted work, and redoing a batch after a crash finds the same answers (idempotent).
/// </summary>
public sealed class Validator(string databasePath, ValidationScope scope, ValidationSettings settings, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>
    /// Contents whose integrity hash this run recorded (from the first copy it read). A later copy that disagrees with it
    /// proves nothing about which one is right (bit rot, or two different files whose samples collide), so the hash is
    /// withdrawn; a copy that disagrees with a hash verified before this run is the one that rotted.
    /// </summary>
    private readonly HashSet<long> _recordedThisRun = [];

    /// <summary>
    /// Contents whose copies disagreed in this run, with the full hashes seen: no hash is recorded for them in this run, and
    /// each further variant is flagged once.
    /// </summary>
    private readonly Dictionary<long, HashSet<string>> _conflicts = [];

    private sealed record Row(long Id, long LocationId, string Path, long Size, long? ModifiedNs, long? ContentId, string? ContentHash, string? IntegrityHash, long? LastVerifiedNs);

    public async Task<ValidationProgress> RunAsync(ValidationProgress start, Func<ValidationProgress, int, Task>? onBatch = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = databasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        reader.Open();
        using var db = LibraryDatabase.Open(databasePath, new LibraryOpenOptions { BusyTimeout = TimeSpan.FromSeconds(60), Clock = _clock });
        var state = start;
        if (state.TotalFiles < 0)
        {
            using var count = reader.CreateCommand();
            count.CommandText = $"SELECT COUNT(*), COALESCE(SUM(e.size), 0) FROM entries AS e WHERE e.kind = 0 AND {scope.Filter}";
            scope.Bind(count);
            using var r = count.ExecuteReader();
            r.Read();
            state = state with { TotalFiles = r.GetInt64(0), TotalBytes = r.GetInt64(1) };
        }

        using var select = reader.CreateCommand();
        select.CommandText = $"""
            SELECT e.id, e.location_id, CASE WHEN dp.path = '/' THEN '/' || e.name ELSE dp.path || '/' || e.name END, e.size, e.modified_at,
                   e.content_id, ci.content_hash, ci.integrity_hash, ci.last_verified_at
            FROM entries AS e JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
            LEFT JOIN content_identities AS ci ON ci.id = e.content_id
            WHERE e.kind = 0 AND e.id > $cursor AND {scope.Filter}
            ORDER BY e.id LIMIT $batch
            """;
        scope.Bind(select);
        var cursor = select.Parameters.AddWithValue("$cursor", state.Cursor);
        select.Parameters.AddWithValue("$batch", settings.BatchSize);
        select.Prepare();

        // A location whose folder is absent (unplugged disk) would make every file look missing: its files are set aside.
        var online = ValidationTargets.Locations(reader).ToDictionary(l => l.Id, l => Directory.Exists(l.Path));
        var rows = new List<Row>(settings.BatchSize);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            rows.Clear();
            cursor.Value = state.Cursor;
            using (var r = select.ExecuteReader())
            {
                while (r.Read())
                {
                    rows.Add(new Row(r.GetInt64(0), r.GetInt64(1), r.GetString(2), r.GetInt64(3), r.IsDBNull(4) ? null : r.GetInt64(4),
                        r.IsDBNull(5) ? null : r.GetInt64(5), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetInt64(8)));
                }
            }
            if (rows.Count == 0) break;

            var verdicts = new FileVerdict[rows.Count];
            Parallel.For(0, rows.Count, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = cancellationToken },
                i => verdicts[i] = online[rows[i].LocationId]
                    ? FileVerifier.Verify(rows[i].Path, rows[i].Size, rows[i].ModifiedNs, rows[i].ContentId is not null, cancellationToken)
                    : new FileVerdict(FileCheck.Offline, null, null, 0, "location offline"));

            state = Judge(db, state, rows, verdicts);
            if (onBatch is not null) await onBatch(state, rows.Count).ConfigureAwait(false);
            if (settings.BatchPause > TimeSpan.Zero)
                cancellationToken.WaitHandle.WaitOne(settings.BatchPause);
        }
        return state;
    }

    /// <summary>Judges a batch's verdicts in entry order, commits the integrity hashes of the good files, returns the new progress.</summary>
    private ValidationProgress Judge(LibraryDatabase db, ValidationProgress state, List<Row> rows, FileVerdict[] verdicts)
    {
        long offline = 0, ok = 0, changed = 0, missing = 0, corrupt = 0, unreadable = 0, unverified = 0, recorded = 0, bytes = 0;
        var changedFiles = new List<ValidationFinding>(state.ChangedFiles);
        var missingFiles = new List<string>(state.MissingFiles);
        var corruptFiles = new List<ValidationFinding>(state.CorruptFiles);
        var unreadableFiles = new List<ValidationFinding>(state.UnreadableFiles);
        var writes = new Dictionary<long, string?>();
        var fresh = new HashSet<long>();
        void Add<T>(List<T> list, T item)
        {
            if (list.Count < settings.MaxListed) list.Add(item);
        }

        void Conflict(long contentId, string first, string second)
        {
            _conflicts[contentId] = [first, second];
            _recordedThisRun.Remove(contentId);
            writes[contentId] = null;
        }

        // Full hashes seen in this batch, per content: a second copy that disagrees is not silently accepted.
        var seen = new Dictionary<long, string>();
        const string Disagree = "full hash differs from another copy with the same content id, and neither was verified before (bit rot, or different files whose samples collide: see `sd dup --proven`)";
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var v = verdicts[i];
            bytes += v.BytesRead;
            switch (v.Check)
            {
                case FileCheck.Offline:
                    offline++;
                    continue;
                case FileCheck.Missing:
                    missing++;
                    Add(missingFiles, row.Path);
                    continue;
                case FileCheck.Changed:
                    changed++;
                    Add(changedFiles, new ValidationFinding(row.Path, v.Reason ?? "changed"));
                    continue;
                case FileCheck.Unreadable:
                    unreadable++;
                    Add(unreadableFiles, new ValidationFinding(row.Path, v.Reason ?? "unreadable"));
                    continue;
                case FileCheck.Unhashed:
                    if (row.ContentId is null && row.Size > 0) unverified++;
                    else ok++;
                    continue;
            }
            var contentId = row.ContentId!.Value;
            if (!string.Equals(v.ContentHash, row.ContentHash, StringComparison.Ordinal))
            {
                corrupt++;
                Add(corruptFiles, new ValidationFinding(row.Path, $"content no longer matches its content id ({row.ContentHash} -> {v.ContentHash}) though size and mtime are unchanged"));
                continue;
            }
            if (_conflicts.TryGetValue(contentId, out var variants))
            {
                // Its copies disagreed earlier in this run: none is the reference; each new variant is flagged.
                if (variants.Add(v.IntegrityHash!))
                {
                    corrupt++;
                    Add(corruptFiles, new ValidationFinding(row.Path, Disagree));
                }
                else ok++;
                continue;
            }
            if (seen.TryGetValue(contentId, out var sibling))
            {
                if (sibling == v.IntegrityHash) ok++;
                else
                {
                    corrupt++;
                    var unproven = _recordedThisRun.Contains(contentId) || fresh.Contains(contentId);
                    if (unproven) Conflict(contentId, sibling, v.IntegrityHash!);
                    Add(corruptFiles, new ValidationFinding(row.Path, unproven ? Disagree
                        : "full hash differs from the integrity hash verified before, though size and mtime are unchanged (bit rot)"));
                }
                continue;
            }
            if (row.IntegrityHash is null || row.IntegrityHash == v.IntegrityHash)
            {
                ok++;
                seen[contentId] = v.IntegrityHash!;
                if (row.IntegrityHash is null)
                {
                    recorded++;
                    fresh.Add(contentId);
                    writes[contentId] = v.IntegrityHash;
                }
                else if (!_recordedThisRun.Contains(contentId))
                {
                    writes[contentId] = v.IntegrityHash; // confirmed: last_verified_at moves on
                }
            }
            else if (_recordedThisRun.Contains(contentId))
            {
                corrupt++;
                Conflict(contentId, row.IntegrityHash, v.IntegrityHash!);
                Add(corruptFiles, new ValidationFinding(row.Path, Disagree));
            }
            else if (row.ModifiedNs is { } m && row.LastVerifiedNs is { } verified && m > verified)
            {
                // Written after the hash was recorded, with the same samples: a legitimate edit outside the sampled ranges.
                changed++;
                recorded++;
                Add(changedFiles, new ValidationFinding(row.Path, "modified after its content was last verified, outside the sampled ranges; its integrity hash is replaced"));
                seen[contentId] = v.IntegrityHash!;
                fresh.Add(contentId);
                writes[contentId] = v.IntegrityHash;
            }
            else
            {
                corrupt++;
                Add(corruptFiles, new ValidationFinding(row.Path, "full hash differs from the integrity hash verified before, though size and mtime are unchanged (bit rot)"));
            }
        }

        if (writes.Count > 0)
        {
            var now = UnixNanos.Now(_clock);
            using var transaction = db.Writer.BeginTransaction(deferred: false);
            using var update = db.Writer.CreateCommand();
            update.Transaction = transaction;
            update.CommandText = "UPDATE content_identities SET integrity_hash = $h, last_verified_at = $t WHERE id = $id";
            var h = update.Parameters.Add("$h", SqliteType.Text);
            var id = update.Parameters.Add("$id", SqliteType.Integer);
            update.Parameters.AddWithValue("$t", now);
            foreach (var (contentId, hash) in writes)
            {
                h.Value = (object?)hash ?? DBNull.Value;
                id.Value = contentId;
                update.ExecuteNonQuery();
            }
            transaction.Commit();
            _recordedThisRun.UnionWith(fresh.Where(c => !_conflicts.ContainsKey(c)));
        }

        return state with
        {
            Cursor = rows[^1].Id,
            Files = state.Files + rows.Count,
            BytesHashed = state.BytesHashed + bytes,
            Ok = state.Ok + ok,
            Changed = state.Changed + changed,
            Missing = state.Missing + missing,
            Corrupt = state.Corrupt + corrupt,
            Unreadable = state.Unreadable + unreadable,
            Unverified = state.Unverified + unverified,
            Offline = state.Offline + offline,
            IntegrityRecorded = state.IntegrityRecorded + recorded,
            ChangedFiles = changedFiles,
            MissingFiles = missingFiles,
            CorruptFiles = corruptFiles,
            UnreadableFiles = unreadableFiles,
        };
    }
}
