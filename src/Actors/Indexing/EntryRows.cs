using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// How a stat becomes an entry row, shared by the indexer's Processing phase and the watcher's reconciler so that
/// a file indexed by either is written the same way (the watcher's result must equal a fresh index).
/// </summary>
public static class EntryRows
{
    private const string UpdateSql = """
        UPDATE entries SET size = $size, modified_at = $m, created_at = $c, accessed_at = $a, inode = $ino,
                           permissions = $perm, symlink_target = $t, indexed_at = $now,
                           content_id = CASE WHEN $reset THEN NULL ELSE content_id END
        WHERE id = $id
        """;

    private static readonly string[] UpdateParameters = ["$size", "$m", "$c", "$a", "$ino", "$perm", "$t", "$now", "$reset", "$id"];

    /// <summary>A new entry for <paramref name="stat"/>; a root (no parent) carries its own path.</summary>
    public static NewEntry New(Guid uuid, long deviceId, long locationId, long? volumeId, long? parentId, string name,
        FsStat stat, string? symlinkTarget, long indexedAt, string? rootPath = null) => new()
    {
        Uuid = uuid,
        DeviceId = deviceId,
        LocationId = locationId,
        ParentId = parentId,
        Name = name,
        Kind = stat.Kind,
        RootPath = rootPath,
        Size = stat.Size,
        Inode = stat.Inode,
        VolumeId = volumeId,
        CreatedAt = stat.BirthNs,
        ModifiedAt = stat.ModifiedNs,
        AccessedAt = stat.AccessedNs,
        IndexedAt = indexedAt,
        Hidden = name.StartsWith('.'),
        Permissions = stat.Permissions,
        SymlinkTarget = symlinkTarget,
    };

    /// <summary>A prepared statement that refreshes an entry from a new stat (see <see cref="Update"/>).</summary>
    public static SqliteCommand PrepareUpdate(SqliteConnection connection, SqliteTransaction? transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = UpdateSql;
        foreach (var name in UpdateParameters) command.Parameters.Add(new SqliteParameter { ParameterName = name });
        command.Prepare();
        return command;
    }

    /// <summary>
    /// Writes a modified entry in place (id and UUID kept); <paramref name="resetContent"/> clears its content link
    /// so the content phase identifies it again.
    /// </summary>
    public static void Update(SqliteCommand prepared, long id, FsStat stat, string? symlinkTarget, long indexedAt, bool resetContent)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var p = prepared.Parameters;
        p[0].Value = stat.Size;
        p[1].Value = stat.ModifiedNs;
        p[2].Value = stat.BirthNs is { } b ? b : DBNull.Value;
        p[3].Value = stat.AccessedNs;
        p[4].Value = stat.Inode;
        p[5].Value = stat.Permissions;
        p[6].Value = (object?)symlinkTarget ?? DBNull.Value;
        p[7].Value = indexedAt;
        p[8].Value = resetContent ? 1L : 0L;
        p[9].Value = id;
        prepared.ExecuteNonQuery();
    }
}
