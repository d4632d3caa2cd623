using Microsoft.Data.Sqlite;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Persistence;

/// <summary>
/// The journal of a <see cref="SqlitePersistence"/> database (tables <c>journal</c> and <c>tags</c>).
/// Writes are group-committed by the database's single writer; reads run on read-only connections.
/// Because one connection writes and SQLite serializes write transactions, orderings become visible in
/// increasing order, so a tag query never skips an event that commits later with a lower ordering.
/// </summary>
public sealed class SqliteJournal : IJournal, IReadJournal
{
    private const char TagSeparator = '\u001f';
    private const string TagsOfRow = "(SELECT group_concat(t2.tag, char(31)) FROM tags t2 WHERE t2.ordering_id = j.ordering)";

    private readonly SqlitePersistence _db;

    internal SqliteJournal(SqlitePersistence db) => _db = db;

    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var now = _db.NowTicks;
        var results = new Exception?[writes.Count];
        var pending = new Task<Exception?>?[writes.Count];
        for (var i = 0; i < writes.Count; i++)
        {
            SerializedEvent[] events;
            try
            {
                events = JournalSerialization.Serialize(_db.Registry, writes[i], now);
            }
            catch (Exception e) when (e is EventRejectedException or ArgumentException)
            {
                results[i] = e as EventRejectedException ?? new EventRejectedException(e.Message, e);
                continue;
            }

            var op = new AppendOp(writes[i], events);
            await _db.Writer.EnqueueAsync(op, cancellationToken).ConfigureAwait(false);
            pending[i] = op.Task;
        }

        for (var i = 0; i < pending.Length; i++)
        {
            if (pending[i] is { } task)
            {
                results[i] = await task.ConfigureAwait(false);
            }
        }

        return results;
    }

    public Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max,
        Action<PersistentRepr> recoveryCallback, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(recoveryCallback);
        if (max <= 0 || fromSequenceNr > toSequenceNr)
        {
            return Task.CompletedTask;
        }

        return _db.ReadAsync(connection =>
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT j.sequence_number, j.created, j.manifest, j.message, j.writer_uuid, {TagsOfRow}
                FROM journal j
                WHERE j.persistence_id = $pid AND j.sequence_number >= $from AND j.sequence_number <= $to AND j.deleted = 0
                ORDER BY j.sequence_number
                LIMIT $max
                """;
            cmd.Parameters.AddWithValue("$pid", persistenceId);
            cmd.Parameters.AddWithValue("$from", fromSequenceNr);
            cmd.Parameters.AddWithValue("$to", toSequenceNr);
            cmd.Parameters.AddWithValue("$max", max);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var repr = JournalSerialization.Deserialize(_db.Registry, persistenceId, reader.GetInt64(0),
                    reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetFieldValue<byte[]>(3),
                    reader.IsDBNull(4) ? "" : reader.GetString(4), reader.GetInt64(1), ReadTags(reader, 5));
                recoveryCallback(repr);
            }

            return true;
        }, cancellationToken);
    }

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        return _db.ReadAsync(connection =>
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid";
            cmd.Parameters.AddWithValue("$pid", persistenceId);
            return cmd.ExecuteScalar() is long highest ? Math.Max(highest, 0) : 0L;
        }, cancellationToken);
    }

    /// <summary>
    /// Akka.Persistence.Sql's delete, in one transaction: mark the events deleted, then remove every deleted row but
    /// the highest, which stays as a tombstone holding the highest sequence number; tag rows of deleted events go.
    /// </summary>
    public async Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        var op = new ActionOp(writer =>
        {
            using var mark = writer.CreateCommand(
                "UPDATE journal SET deleted = 1 WHERE persistence_id = $pid AND sequence_number <= $to AND deleted = 0");
            mark.Parameters.AddWithValue("$pid", persistenceId);
            mark.Parameters.AddWithValue("$to", toSequenceNr);
            mark.ExecuteNonQuery();

            using var max = writer.CreateCommand("SELECT MAX(sequence_number) FROM journal WHERE persistence_id = $pid AND deleted = 1");
            max.Parameters.AddWithValue("$pid", persistenceId);
            if (max.ExecuteScalar() is not long highestDeleted)
            {
                return;
            }

            using var tags = writer.CreateCommand("DELETE FROM tags WHERE persistence_id = $pid AND sequence_nr <= $to");
            tags.Parameters.AddWithValue("$pid", persistenceId);
            tags.Parameters.AddWithValue("$to", Math.Min(toSequenceNr, highestDeleted));
            tags.ExecuteNonQuery();

            using var remove = writer.CreateCommand(
                "DELETE FROM journal WHERE persistence_id = $pid AND sequence_number <= $to AND sequence_number < $max");
            remove.Parameters.AddWithValue("$pid", persistenceId);
            remove.Parameters.AddWithValue("$to", toSequenceNr);
            remove.Parameters.AddWithValue("$max", highestDeleted);
            remove.ExecuteNonQuery();
        });
        await _db.Writer.EnqueueAsync(op, cancellationToken).ConfigureAwait(false);
        await op.Task.ConfigureAwait(false);
    }

    public Task<IReadOnlyList<string>> CurrentPersistenceIdsAsync(string? prefix = null, CancellationToken cancellationToken = default) =>
        _db.ReadAsync<IReadOnlyList<string>>(connection =>
        {
            using var cmd = connection.CreateCommand();
            if (string.IsNullOrEmpty(prefix))
            {
                cmd.CommandText = "SELECT DISTINCT persistence_id FROM journal WHERE deleted = 0 ORDER BY persistence_id";
            }
            else if (prefix[^1] < '\uD7FF')
            {
                // A range over the unique index: SQLite compares text as UTF-8 bytes, which orders like code points,
                // so [prefix, prefix with its last character + 1) holds exactly the ids that start with prefix.
                cmd.CommandText = """
                    SELECT DISTINCT persistence_id FROM journal
                    WHERE persistence_id >= $lo AND persistence_id < $hi AND deleted = 0
                    ORDER BY persistence_id
                    """;
                cmd.Parameters.AddWithValue("$lo", prefix);
                cmd.Parameters.AddWithValue("$hi", string.Concat(prefix.AsSpan(0, prefix.Length - 1), ((char)(prefix[^1] + 1)).ToString()));
            }
            else
            {
                cmd.CommandText = """
                    SELECT DISTINCT persistence_id FROM journal
                    WHERE substr(persistence_id, 1, length($prefix)) = $prefix AND deleted = 0
                    ORDER BY persistence_id
                    """;
                cmd.Parameters.AddWithValue("$prefix", prefix);
            }

            var ids = new List<string>();
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                ids.Add(reader.GetString(0));
            }

            return ids;
        }, cancellationToken);

    public Task<IReadOnlyList<EventEnvelope>> CurrentEventsByTagAsync(string tag, long offset = 0, int max = int.MaxValue, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        return _db.ReadAsync<IReadOnlyList<EventEnvelope>>(connection =>
        {
            var result = new List<EventEnvelope>();
            if (max <= 0)
            {
                return result;
            }

            using var cmd = connection.CreateCommand();
            cmd.CommandText = $"""
                SELECT j.ordering, j.persistence_id, j.sequence_number, j.created, j.manifest, j.message, {TagsOfRow}
                FROM tags t JOIN journal j ON j.ordering = t.ordering_id
                WHERE t.tag = $tag AND t.ordering_id > $offset AND j.deleted = 0
                ORDER BY t.ordering_id
                LIMIT $max
                """;
            cmd.Parameters.AddWithValue("$tag", tag);
            cmd.Parameters.AddWithValue("$offset", offset);
            cmd.Parameters.AddWithValue("$max", max);
            using var reader = cmd.ExecuteReader();
            while (reader.Read())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pid = reader.GetString(1);
                var seq = reader.GetInt64(2);
                var payload = _db.Registry.Deserialize(reader.IsDBNull(4) ? "" : reader.GetString(4), reader.GetFieldValue<byte[]>(5), pid, seq);
                result.Add(new EventEnvelope(reader.GetInt64(0), pid, seq, payload, reader.GetInt64(3), ReadTags(reader, 6)));
            }

            return result;
        }, cancellationToken);
    }

    private static string[] ReadTags(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? [] : reader.GetString(ordinal).Split(TagSeparator);
}
