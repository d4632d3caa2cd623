using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Library;

/// <summary>
/// Edits of the index made by a file operation itself, so that no rescan is needed: find the entry of a path, move or
/// rename it (keeping its row id and uuid, hence its tags and user metadata), remove a subtree, insert a directory.
/// Works inside the caller's transaction, through <see cref="EntryClosure"/> for the tree structure (closure rows,
/// <c>directory_paths</c> of a moved subtree), and keeps the ancestors' aggregates (aggregate_size, file_count,
/// child_count) in step. Paths outside every location have no entry: callers then simply leave the index alone.
/// </summary>
public sealed class IndexEdits(SqliteConnection connection, SqliteTransaction transaction) : IDisposable
{
    private EntryClosure? _closure;

    private EntryClosure Closure => _closure ??= new EntryClosure(connection, transaction);

    /// <summary>An indexed entry. <c>Files</c>/<c>Bytes</c>: for a directory its aggregates, for a file 1 and its size.</summary>
    public sealed record Entry(long Id, Guid Uuid, long LocationId, long? ParentId, string Name, EntryKind Kind, long Files, long Bytes, long DeviceId);

    /// <summary>The entry at an absolute path, or null when the path is not indexed.</summary>
    public Entry? Find(string absolutePath)
    {
        var path = Normalize(absolutePath);
        using var cmd = Command("""
            SELECT e.id, e.uuid, e.location_id, e.parent_id, e.name, e.kind, e.file_count, e.aggregate_size, e.size, e.device_id FROM entries e
             WHERE e.id IN (SELECT entry_id FROM directory_paths WHERE path = $path)
                OR (e.parent_id IN (SELECT entry_id FROM directory_paths WHERE path = $dir) AND e.name = $name)
             ORDER BY e.kind = 1 DESC LIMIT 1
            """);
        var slash = path.LastIndexOf('/');
        cmd.Parameters.AddWithValue("$path", path);
        cmd.Parameters.AddWithValue("$dir", slash <= 0 ? "/" : path[..slash]);
        cmd.Parameters.AddWithValue("$name", path[(slash + 1)..]);
        using var r = cmd.ExecuteReader();
        if (!r.Read()) return null;
        var kind = (EntryKind)r.GetInt64(5);
        return new Entry(r.GetInt64(0), EntryUuid.Read(r, 1), r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetString(4), kind,
            kind == EntryKind.Directory ? r.GetInt64(6) : kind == EntryKind.File ? 1 : 0,
            kind == EntryKind.Directory ? r.GetInt64(7) : r.GetInt64(8), r.GetInt64(9));
    }

    /// <summary>Moves an entry under a new parent directory and/or renames it; its id and uuid stay.</summary>
    public void Move(Entry entry, long newParentId, string newName)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ParentId is not { } oldParent) throw new InvalidOperationException("A location's root is moved by editing the location, not its entry.");
        if (oldParent != newParentId)
        {
            AdjustAncestors(oldParent, -entry.Files, -entry.Bytes, -1);
            Closure.Move(entry.Id, newParentId, newName);
            AdjustAncestors(newParentId, entry.Files, entry.Bytes, 1);
        }
        else
        {
            Closure.Move(entry.Id, newParentId, newName);
        }
    }

    /// <summary>Removes an entry and everything under it (closure and path rows too), and entry-scoped metadata left without its entry.</summary>
    public int Remove(Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.ParentId is { } parent) AdjustAncestors(parent, -entry.Files, -entry.Bytes, -1);
        var removed = Closure.DeleteSubtree(entry.Id);
        using var cmd = Command("DELETE FROM user_metadata WHERE entry_uuid IS NOT NULL AND entry_uuid NOT IN (SELECT uuid FROM entries)");
        cmd.ExecuteNonQuery();
        return removed;
    }

    /// <summary>Inserts a new (empty) directory under an indexed directory; returns its row id.</summary>
    public long InsertDirectory(Entry parent, string name, Guid uuid, long indexedAt, long? modifiedAt = null, long? inode = null)
    {
        ArgumentNullException.ThrowIfNull(parent);
        var id = Closure.Insert(new NewEntry
        {
            Uuid = uuid,
            DeviceId = parent.DeviceId,
            LocationId = parent.LocationId,
            ParentId = parent.Id,
            Name = name,
            Kind = EntryKind.Directory,
            IndexedAt = indexedAt,
            ModifiedAt = modifiedAt,
            CreatedAt = modifiedAt,
            Inode = inode,
            Hidden = name.StartsWith('.'),
        });
        AdjustAncestors(parent.Id, 0, 0, 1);
        return id;
    }

    /// <summary>The directory and its ancestors gain (or lose) files and bytes; the directory itself gains children.</summary>
    private void AdjustAncestors(long directoryId, long files, long bytes, long children)
    {
        using (var cmd = Command("""
            UPDATE entries SET aggregate_size = max(0, aggregate_size + $bytes), file_count = max(0, file_count + $files)
             WHERE id IN (SELECT ancestor_id FROM entry_closure WHERE descendant_id = $id)
            """))
        {
            cmd.Parameters.AddWithValue("$bytes", bytes);
            cmd.Parameters.AddWithValue("$files", files);
            cmd.Parameters.AddWithValue("$id", directoryId);
            cmd.ExecuteNonQuery();
        }
        using (var cmd = Command("UPDATE entries SET child_count = max(0, child_count + $c) WHERE id = $id"))
        {
            cmd.Parameters.AddWithValue("$c", children);
            cmd.Parameters.AddWithValue("$id", directoryId);
            cmd.ExecuteNonQuery();
        }
    }

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private SqliteCommand Command(string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = transaction;
        cmd.CommandText = sql;
        return cmd;
    }

    public void Dispose() => _closure?.Dispose();
}
