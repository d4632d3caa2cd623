using Microsoft.Data.Sqlite;
using SQLitePCL;
using Spacedrive.Messages;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// The Content phase: sampled content identity for every file of the location that has none yet
/// (new and modified files: Processing clears content_id when size or mtime changes). Resumable by
/// construction: it reads `entries WHERE location_id AND kind = file AND content_id IS NULL AND
/// id &gt; cursor ORDER BY id` in batches (a rowid range scan, not the location index: that would
/// read the whole location for every batch), hashes each batch in parallel while the previous one is
/// linked, then links it in one transaction (content_identities insert-or-get by content_hash; entries.content_id and category;
/// entry_count follows by trigger). The cursor (last id of a committed batch) goes into checkpoints.
/// Files that cannot be identified (unreadable, changed, vanished) are counted as errors and skipped.
/// </summary>
public sealed class ContentPhase(LibraryDatabase db, long locationId, IContentIdentifier identifier, IndexerSettings settings, ErrorSink errors, TimeProvider clock)
{
    public long Cursor { get; private set; }
    public long Hashed { get; private set; }
    public long Linked { get; private set; }
    public long Failed { get; private set; }
    public long Total { get; private set; }
    public string? CurrentPath { get; private set; }

    public Action? OnBatchCommitted { get; init; }

    private const int CacheLimit = 100_000;

    private readonly record struct Item(long Id, string Path, string Name, long Size);

    public void Run(long startCursor, CancellationToken cancellationToken)
    {
        Cursor = startCursor;
        Total = ProcessingPhase.Scalar(db.Writer, $"SELECT COUNT(*) FROM entries WHERE location_id = {locationId} AND kind = 0 AND content_id IS NULL AND size > 0 AND id > {startCursor}");
        var cache = new Dictionary<string, long>(StringComparer.Ordinal);
        var size = Math.Max(1, settings.ContentBatchSize);
        var options = new ParallelOptions { MaxDegreeOfParallelism = settings.EffectiveContentWorkers, CancellationToken = cancellationToken };
        ContentIdentification[] Hash(List<Item> items)
        {
            var results = new ContentIdentification[items.Count];
            Parallel.For(0, items.Count, options, i => results[i] = identifier.Identify(items[i].Path, items[i].Name, items[i].Size));
            return results;
        }

        // A pipeline of two: while batch N is linked on the writer (this thread), batch N+1 is hashed
        // by the workers, so the cores never wait for the transaction and the writer never waits for
        // the disk. Reading batch N+1 before linking N is safe: it starts after N's last id.
        var batch = ReadBatch(Cursor, size);
        var first = batch;
        var hashing = first.Count == 0 ? null : Task.Run(() => Hash(first), cancellationToken);
        while (hashing is not null)
        {
            var results = hashing.GetAwaiter().GetResult();
            cancellationToken.ThrowIfCancellationRequested(); // here no worker is running
            var next = ReadBatch(batch[^1].Id, size);
            hashing = next.Count == 0 ? null : Task.Run(() => Hash(next), cancellationToken);
            try
            {
                CurrentPath = batch[^1].Path;
                Link(batch, results, cache);
            }
            catch
            {
                // Let the workers finish before the caller rolls on (they use no shared state but the identifier).
                try
                {
                    hashing?.Wait(CancellationToken.None);
                }
                catch (AggregateException)
                {
                }
                throw;
            }
            Cursor = batch[^1].Id;
            OnBatchCommitted?.Invoke();
            batch = next;
        }
    }

    private List<Item> ReadBatch(long after, int limit)
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = """
            SELECT e.id, dp.path, e.name, e.size
            FROM entries AS e JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
            WHERE +e.location_id = $loc AND e.kind = 0 AND e.content_id IS NULL AND e.size > 0 AND e.id > $after
            ORDER BY e.id LIMIT $limit
            """;
        command.Parameters.AddWithValue("$loc", locationId);
        command.Parameters.AddWithValue("$after", after);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var items = new List<Item>();
        while (reader.Read())
        {
            var name = reader.GetString(2);
            items.Add(new Item(reader.GetInt64(0), DiscoveryWalker.Join(reader.GetString(1), name), name, reader.GetInt64(3)));
        }
        return items;
    }

    private void Link(List<Item> batch, ContentIdentification[] results, Dictionary<string, long> cache)
    {
        var now = UnixNanos.Now(clock);
        using var transaction = db.Writer.BeginTransaction(deferred: false);
        // Raw statements, bound by position: two or three executions per file, the phase's writer loop.
        using var insert = Prepare("""
            INSERT INTO content_identities (uuid, content_hash, total_size, kind, mime, first_seen_at, last_verified_at)
            VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)
            ON CONFLICT (content_hash) DO NOTHING
            """);
        using var select = Prepare("SELECT id FROM content_identities WHERE content_hash = ?1");
        using var update = Prepare("UPDATE entries SET content_id = ?1, category = ?2 WHERE id = ?3");
        var handle = db.Writer.Handle!;
        var links = new List<(long EntryId, long ContentId, long Category)>(batch.Count);
        for (var i = 0; i < batch.Count; i++)
        {
            var result = results[i];
            var item = batch[i];
            if (!result.IsHashed)
            {
                Failed++;
                errors.Add(item.Path, "content", result.Error ?? "not identified");
                continue;
            }
            Hashed++;
            var hash = result.ContentHash!;
            if (!cache.TryGetValue(hash, out var contentId))
            {
                raw.sqlite3_bind_text(insert, 1, ContentId.FromHash(hash).Uuid.ToString("D"));
                raw.sqlite3_bind_text(insert, 2, hash);
                raw.sqlite3_bind_int64(insert, 3, item.Size);
                raw.sqlite3_bind_int64(insert, 4, result.Kind);
                if (result.Mime is { } mime)
                {
                    raw.sqlite3_bind_text(insert, 5, mime);
                }
                else
                {
                    raw.sqlite3_bind_null(insert, 5);
                }
                raw.sqlite3_bind_int64(insert, 6, now);
                Step(insert, raw.SQLITE_DONE);
                if (raw.sqlite3_changes(handle) == 1)
                {
                    contentId = raw.sqlite3_last_insert_rowid(handle);
                }
                else
                {
                    raw.sqlite3_bind_text(select, 1, hash);
                    Step(select, raw.SQLITE_ROW, reset: false);
                    contentId = raw.sqlite3_column_int64(select, 0);
                    raw.sqlite3_reset(select);
                }
                // Bounded: copies tend to be near each other, and a million distinct contents must not stay in memory.
                if (cache.Count >= CacheLimit)
                {
                    cache.Clear();
                }
                cache[hash] = contentId;
            }
            links.Add((item.Id, contentId, result.Kind));
        }

        // The entries are updated LinksPerStatement at a time: the update fires the entry_count
        // trigger, so SQLite journals every page it touches once per statement (per row, that
        // journal cost more than the update).
        var start = 0;
        if (links.Count >= LinksPerStatement)
        {
            using var updateMany = Prepare(UpdateManySql);
            for (; start + LinksPerStatement <= links.Count; start += LinksPerStatement)
            {
                for (var r = 0; r < LinksPerStatement; r++)
                {
                    var (entryId, contentId, category) = links[start + r];
                    raw.sqlite3_bind_int64(updateMany, r * 3 + 1, entryId);
                    raw.sqlite3_bind_int64(updateMany, r * 3 + 2, contentId);
                    BindCategory(updateMany, r * 3 + 3, category);
                }
                Step(updateMany, raw.SQLITE_DONE);
            }
        }
        for (; start < links.Count; start++)
        {
            var (entryId, contentId, category) = links[start];
            raw.sqlite3_bind_int64(update, 1, contentId);
            BindCategory(update, 2, category);
            raw.sqlite3_bind_int64(update, 3, entryId);
            Step(update, raw.SQLITE_DONE);
        }
        Linked += links.Count;
        transaction.Commit();
    }

    private const int LinksPerStatement = 64;

    private static readonly string UpdateManySql =
        "UPDATE entries SET content_id = v.column2, category = v.column3 FROM (VALUES "
        + string.Join(", ", Enumerable.Repeat("(?, ?, ?)", LinksPerStatement))
        + ") AS v WHERE entries.id = v.column1";

    // Category 0 (unknown) is stored as NULL.
    private static void BindCategory(sqlite3_stmt stmt, int index, long category)
    {
        if (category == 0)
        {
            raw.sqlite3_bind_null(stmt, index);
        }
        else
        {
            raw.sqlite3_bind_int64(stmt, index, category);
        }
    }

    private sqlite3_stmt Prepare(string sql)
    {
        var handle = db.Writer.Handle!;
        var rc = raw.sqlite3_prepare_v2(handle, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc & 0xFF, raw.sqlite3_extended_errcode(handle));
        }
        return stmt;
    }

    private void Step(sqlite3_stmt stmt, int expected, bool reset = true)
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc != expected)
        {
            var handle = db.Writer.Handle!;
            var error = new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc & 0xFF, raw.sqlite3_extended_errcode(handle));
            raw.sqlite3_reset(stmt);
            throw error;
        }
        if (reset)
        {
            raw.sqlite3_reset(stmt);
        }
    }
}

/// <summary>
/// The Analysis phase (deep mode): what would be queued for sidecar generation (thumbnails for
/// images and videos, text extraction for documents…). No sidecar is made here; the list is the
/// hook's output, returned in the result. Resumable by entry id cursor; writes nothing.
/// </summary>
public sealed class AnalysisPhase(LibraryDatabase db, long locationId)
{
    // ContentKind ids (FileTypes): image 1, video 2, audio 3, document 4, book 9.
    private static readonly Dictionary<long, string> Kinds = new() { [1] = "thumbnail", [2] = "thumbnail", [3] = "waveform", [4] = "text", [9] = "text" };

    public List<AnalysisItem> Queue { get; } = [];

    public long Cursor { get; private set; }

    public void Run(long startCursor, CancellationToken cancellationToken)
    {
        Cursor = startCursor;
        using var command = db.Writer.CreateCommand();
        command.CommandText = """
            SELECT e.id, c.content_hash, COALESCE(e.category, c.kind)
            FROM entries AS e JOIN content_identities AS c ON c.id = e.content_id
            WHERE e.location_id = $loc AND e.kind = 0 AND e.id > $after
            ORDER BY e.id
            """;
        command.Parameters.AddWithValue("$loc", locationId);
        command.Parameters.AddWithValue("$after", startCursor);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            Cursor = reader.GetInt64(0);
            if (Kinds.TryGetValue(reader.GetInt64(2), out var kind))
            {
                Queue.Add(new AnalysisItem(Cursor, reader.GetString(1), kind));
            }
        }
    }
}
