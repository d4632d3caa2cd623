using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>What the library holds for one entry, as change detection compares it with a stat.</summary>
public sealed class KnownEntry
{
    public long Id { get; init; }

    public EntryKind Kind { get; init; }

    public long Size { get; init; }

    public long? Modified { get; init; }

    public long? Inode { get; init; }

    public long? Permissions { get; init; }

    public string? Target { get; init; }

    /// <summary>Differs from the disk: size, mtime (ns), inode, permissions or symlink target.</summary>
    public bool Differs(FsStat stat, string? target) =>
        Size != stat.Size || Modified != stat.ModifiedNs || Inode != stat.Inode
        || Permissions != stat.Permissions || !string.Equals(Target, target, StringComparison.Ordinal);

    /// <summary>A change of size or mtime: the content must be identified again.</summary>
    public bool ContentChanged(FsStat stat) => Size != stat.Size || Modified != stat.ModifiedNs;
}

/// <summary>An entry found elsewhere in the library that the disk shows was moved to a new place.</summary>
public sealed record MovedEntry(long Id, long OldParent, KnownEntry Entry);

/// <summary>
/// The library's side of change detection, read one folder at a time (one indexed query by parent_id) and, for names
/// the library does not know in that folder, one lookup by inode: the indexer and the watcher's reconciler never
/// hold a location's entries in memory (a million-entry location would take a gigabyte). Commands are prepared once
/// and follow the caller's current transaction (<see cref="Transaction"/>).
/// </summary>
public sealed class KnownEntries : IDisposable
{
    private readonly SqliteCommand _children;
    private readonly SqliteCommand _byInode;
    private readonly SqliteCommand _byId;
    private readonly long _rootId;

    public KnownEntries(SqliteConnection connection, long locationId, long rootId)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _rootId = rootId;
        _children = connection.CreateCommand();
        _children.CommandText = "SELECT id, name, kind, size, modified_at, inode, permissions, symlink_target FROM entries WHERE parent_id = $p";
        _children.Parameters.Add(new SqliteParameter { ParameterName = "$p" });
        _byId = connection.CreateCommand();
        _byId.CommandText = "SELECT id, name, kind, size, modified_at, inode, permissions, symlink_target FROM entries WHERE id = $id";
        _byId.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        _byInode = connection.CreateCommand();
        _byInode.CommandText = """
            SELECT e.id, e.parent_id, e.name, e.kind, e.size, e.modified_at, e.permissions, e.symlink_target, e.created_at, dp.path
            FROM entries AS e LEFT JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
            WHERE e.location_id = $loc AND e.inode = $ino
            """;
        _byInode.Parameters.AddWithValue("$loc", locationId);
        _byInode.Parameters.Add(new SqliteParameter { ParameterName = "$ino" });
    }

    /// <summary>The transaction the caller has open on the connection (null when none).</summary>
    public SqliteTransaction? Transaction { get; set; }

    /// <summary>Fills <paramref name="into"/> (cleared first) with a folder's children by name.</summary>
    public void ChildrenOf(long parentId, Dictionary<string, KnownEntry> into)
    {
        ArgumentNullException.ThrowIfNull(into);
        into.Clear();
        _children.Transaction = Transaction;
        _children.Parameters[0].Value = parentId;
        using var reader = _children.ExecuteReader();
        while (reader.Read())
        {
            into[reader.GetString(1)] = Read(reader);
        }
    }

    /// <summary>One entry by id (a folder comparing itself with the disk), or null.</summary>
    public KnownEntry? ById(long id)
    {
        _byId.Transaction = Transaction;
        _byId.Parameters[0].Value = id;
        using var reader = _byId.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    // Columns: id, name, kind, size, modified_at, inode, permissions, symlink_target.
    private static KnownEntry Read(SqliteDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        Kind = (EntryKind)reader.GetInt32(2),
        Size = reader.GetInt64(3),
        Modified = reader.IsDBNull(4) ? null : reader.GetInt64(4),
        Inode = reader.IsDBNull(5) ? null : reader.GetInt64(5),
        Permissions = reader.IsDBNull(6) ? null : reader.GetInt64(6),
        Target = reader.IsDBNull(7) ? null : reader.GetString(7),
    };

    /// <summary>
    /// The entry of this location that <paramref name="stat"/> (found under a name the library does not know) is, moved:
    /// same inode and kind, same birth time (inode numbers are reused; without a birth time, same size and mtime, as a
    /// rename keeps them), not <paramref name="excluded"/> (already placed by this run), not the root, and its old path
    /// no longer holds that inode (if it does, the new name is a hard link: a new entry). Null when there is none.
    /// </summary>
    public MovedEntry? FindMoved(FsStat stat, Func<long, bool> excluded)
    {
        ArgumentNullException.ThrowIfNull(excluded);
        _byInode.Transaction = Transaction;
        _byInode.Parameters[1].Value = stat.Inode;
        using var reader = _byInode.ExecuteReader();
        while (reader.Read())
        {
            var id = reader.GetInt64(0);
            if (reader.IsDBNull(1) || id == _rootId || (EntryKind)reader.GetInt32(3) != stat.Kind || reader.IsDBNull(9) || excluded(id))
            {
                continue;
            }
            var e = new KnownEntry
            {
                Id = id,
                Kind = stat.Kind,
                Size = reader.GetInt64(4),
                Modified = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                Inode = stat.Inode,
                Permissions = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                Target = reader.IsDBNull(7) ? null : reader.GetString(7),
            };
            long? born = reader.IsDBNull(8) ? null : reader.GetInt64(8);
            var sameFile = born is { } b && stat.BirthNs is { } birth ? b == birth : e.Size == stat.Size && e.Modified == stat.ModifiedNs;
            if (!sameFile)
            {
                continue;
            }
            var oldPath = DiscoveryWalker.Join(reader.GetString(9), reader.GetString(2));
            if (DirectoryReader.TryStat(oldPath, followSymlink: false, out var old, out _) && old.Inode == stat.Inode)
            {
                continue;
            }
            return new MovedEntry(id, reader.GetInt64(1), e);
        }
        return null;
    }

    public void Dispose()
    {
        _children.Dispose();
        _byId.Dispose();
        _byInode.Dispose();
    }
}
