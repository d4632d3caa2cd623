using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Persistence;

/// <summary>
/// The snapshot store of a <see cref="SqlitePersistence"/> database (table <c>snapshot</c>). Saves and deletes go
/// through the database's single writer; a save at an existing (persistence id, sequence number) overwrites it.
/// </summary>
public sealed class SqliteSnapshotStore : ISnapshotStore
{
    private readonly SqlitePersistence _db;

    internal SqliteSnapshotStore(SqlitePersistence db) => _db = db;

    public async Task SaveAsync(SnapshotMetadata metadata, object snapshot, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        JournalSerialization.ValidatePersistenceId(metadata.PersistenceId);
        var serialized = _db.Registry.Serialize(snapshot);
        var created = metadata.Timestamp == DateTime.MinValue ? _db.NowTicks : metadata.Timestamp.Ticks;
        var op = new ActionOp(writer =>
        {
            using var cmd = writer.CreateCommand("""
                INSERT OR REPLACE INTO snapshot (persistence_id, sequence_number, created, snapshot, manifest, serializer_id)
                VALUES ($pid, $seq, $created, $snapshot, $manifest, $serializer)
                """);
            cmd.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            cmd.Parameters.AddWithValue("$seq", metadata.SequenceNr);
            cmd.Parameters.AddWithValue("$created", created);
            cmd.Parameters.AddWithValue("$snapshot", serialized.Data);
            cmd.Parameters.AddWithValue("$manifest", serialized.Manifest);
            cmd.Parameters.AddWithValue("$serializer", PersistenceSerializerRegistry.SerializerId);
            cmd.ExecuteNonQuery();
        });
        await _db.Writer.EnqueueAsync(op, cancellationToken).ConfigureAwait(false);
        await op.Task.ConfigureAwait(false);
    }

    public Task<SelectedSnapshot?> LoadAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        return _db.ReadAsync(connection =>
        {
            using var cmd = connection.CreateCommand();
            cmd.CommandText = """
                SELECT sequence_number, created, manifest, snapshot FROM snapshot
                WHERE persistence_id = $pid AND sequence_number <= $maxSeq AND sequence_number >= $minSeq
                  AND created <= $maxTs AND created >= $minTs
                ORDER BY sequence_number DESC
                LIMIT 1
                """;
            AddCriteria(cmd, persistenceId, criteria);
            using var reader = cmd.ExecuteReader();
            if (!reader.Read())
            {
                return null;
            }

            var seq = reader.GetInt64(0);
            var metadata = new SnapshotMetadata(persistenceId, seq, new DateTime(reader.GetInt64(1), DateTimeKind.Utc));
            var state = _db.Registry.Deserialize(reader.IsDBNull(2) ? "" : reader.GetString(2), reader.GetFieldValue<byte[]>(3), persistenceId, seq);
            return (SelectedSnapshot?)new SelectedSnapshot(metadata, state);
        }, cancellationToken);
    }

    public async Task DeleteAsync(SnapshotMetadata metadata, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var op = new ActionOp(writer =>
        {
            using var cmd = writer.CreateCommand("DELETE FROM snapshot WHERE persistence_id = $pid AND sequence_number = $seq");
            cmd.Parameters.AddWithValue("$pid", metadata.PersistenceId);
            cmd.Parameters.AddWithValue("$seq", metadata.SequenceNr);
            cmd.ExecuteNonQuery();
        });
        await _db.Writer.EnqueueAsync(op, cancellationToken).ConfigureAwait(false);
        await op.Task.ConfigureAwait(false);
    }

    public async Task DeleteAsync(string persistenceId, SnapshotSelectionCriteria criteria, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(persistenceId);
        ArgumentNullException.ThrowIfNull(criteria);
        var op = new ActionOp(writer =>
        {
            using var cmd = writer.CreateCommand("""
                DELETE FROM snapshot
                WHERE persistence_id = $pid AND sequence_number <= $maxSeq AND sequence_number >= $minSeq
                  AND created <= $maxTs AND created >= $minTs
                """);
            AddCriteria(cmd, persistenceId, criteria);
            cmd.ExecuteNonQuery();
        });
        await _db.Writer.EnqueueAsync(op, cancellationToken).ConfigureAwait(false);
        await op.Task.ConfigureAwait(false);
    }

    private static void AddCriteria(Microsoft.Data.Sqlite.SqliteCommand cmd, string persistenceId, SnapshotSelectionCriteria criteria)
    {
        cmd.Parameters.AddWithValue("$pid", persistenceId);
        cmd.Parameters.AddWithValue("$maxSeq", criteria.MaxSequenceNr);
        cmd.Parameters.AddWithValue("$minSeq", criteria.MinSequenceNr);
        cmd.Parameters.AddWithValue("$maxTs", criteria.MaxTimestamp.Ticks);
        cmd.Parameters.AddWithValue("$minTs", criteria.MinTimestamp.Ticks);
    }
}
