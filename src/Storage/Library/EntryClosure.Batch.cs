using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Spacedrive.Storage.Library;

/// <summary>An entry queued with <see cref="EntryClosure.Enqueue"/> that could not be written (a constraint failed).</summary>
/// <param name="Index">Its position among the entries queued since the previous flush.</param>
public sealed record EntryWriteFailure(int Index, long Id, NewEntry Entry, string Message);

/// <summary>
/// Queued inserts, the indexer's bulk path. Row by row, every INSERT into entries is a statement that
/// fires triggers that may abort (FTS, parent-is-a-directory, foreign keys), so SQLite copies every page
/// it touches into a statement journal first, once per row. One statement of
/// <see cref="RowsPerStatement"/> rows pays that once for all of them (measured: about half the
/// CPU time of a first index). Ids are assigned here, in memory (max(id) + 1 and up, read once per
/// transaction), so a queued directory's id is known before its row is written and its children can
/// be queued under it.
/// </summary>
public sealed partial class EntryClosure
{
    /// <summary>Rows written by one multi-row statement.</summary>
    public const int RowsPerStatement = 64;

    private const int ColumnsPerRow = 20;

    private const string EntryColumns = """
        INSERT INTO entries (id, uuid, device_id, location_id, parent_id, name, extension, kind, size, inode, volume_id,
                             created_at, modified_at, accessed_at, indexed_at, content_id, category, hidden, permissions, symlink_target)
        VALUES
        """;

    private readonly List<(long Id, NewEntry Entry)> _queued = [];
    private sqlite3_stmt? _insertMany;
    private sqlite3_stmt? _insertOne;
    private long _nextId;

    /// <summary>Entries queued and not written yet.</summary>
    public int Queued => _queued.Count;

    /// <summary>
    /// Queues a (non-root) entry for the next <see cref="Flush"/> and returns the id it will have. The
    /// parent must be written or queued before it. Nothing else may be written through this instance
    /// while entries are queued (<see cref="Insert"/>, <see cref="Move"/> and <see cref="DeleteSubtree"/>
    /// refuse): flush first.
    /// </summary>
    public long Enqueue(NewEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        Validate(entry);
        if (entry.ParentId is null)
        {
            throw new ArgumentException("A root is written with Insert, not queued.", nameof(entry));
        }
        if (_nextId == 0)
        {
            using var command = _connection.CreateCommand();
            command.Transaction = _transaction;
            command.CommandText = "SELECT COALESCE(MAX(id), 0) + 1 FROM entries";
            _nextId = Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        var id = _nextId++;
        _queued.Add((id, entry));
        return id;
    }

    /// <summary>
    /// Writes every queued entry (with the closure and path rows of directories), in queue order.
    /// An entry that breaks a constraint (a name taken meanwhile, a parent that failed) is not written
    /// and is returned; the others are. Any other error is thrown and the queue is dropped (the caller
    /// rolls the transaction back).
    /// </summary>
    public IReadOnlyList<EntryWriteFailure> Flush()
    {
        if (_queued.Count == 0)
        {
            return [];
        }
        List<EntryWriteFailure>? failures = null;
        HashSet<long>? failed = null;
        try
        {
            var start = 0;
            for (; start + RowsPerStatement <= _queued.Count; start += RowsPerStatement)
            {
                _insertMany ??= PrepareRows(RowsPerStatement);
                for (var r = 0; r < RowsPerStatement; r++)
                {
                    BindRow(_insertMany, r * ColumnsPerRow, _queued[start + r].Id, _queued[start + r].Entry);
                }
                if (!TryStep(_insertMany, out var error))
                {
                    if (error.SqliteErrorCode != raw.SQLITE_CONSTRAINT)
                    {
                        throw error;
                    }
                    // The statement was undone as a whole: row by row, to find the ones at fault.
                    WriteOneByOne(start, RowsPerStatement, ref failures, ref failed);
                }
            }
            WriteOneByOne(start, _queued.Count - start, ref failures, ref failed);

            foreach (var (id, entry) in _queued)
            {
                if (entry.Kind == EntryKind.Directory && failed?.Contains(id) != true)
                {
                    raw.sqlite3_bind_int64(_insertClosure, 1, id);
                    Bind(_insertClosure, 2, entry.ParentId);
                    Step(_insertClosure);
                    raw.sqlite3_bind_int64(_insertPath, 1, id);
                    Bind(_insertPath, 2, entry.ParentId);
                    Bind(_insertPath, 3, entry.RootPath);
                    Bind(_insertPath, 4, entry.Name);
                    Step(_insertPath);
                }
            }
        }
        finally
        {
            _queued.Clear();
        }
        return (IReadOnlyList<EntryWriteFailure>?)failures ?? [];
    }

    private void WriteOneByOne(int start, int count, ref List<EntryWriteFailure>? failures, ref HashSet<long>? failed)
    {
        if (count == 0)
        {
            return;
        }
        _insertOne ??= PrepareRows(1);
        for (var i = start; i < start + count; i++)
        {
            var (id, entry) = _queued[i];
            BindRow(_insertOne, 0, id, entry);
            if (TryStep(_insertOne, out var error))
            {
                continue;
            }
            if (error.SqliteErrorCode != raw.SQLITE_CONSTRAINT)
            {
                throw error;
            }
            (failures ??= []).Add(new EntryWriteFailure(i, id, entry, error.Message));
            (failed ??= []).Add(id);
        }
    }

    private sqlite3_stmt PrepareRows(int rows)
    {
        var sql = new StringBuilder(EntryColumns.Length + rows * (ColumnsPerRow * 2 + 4));
        sql.Append(EntryColumns);
        for (var r = 0; r < rows; r++)
        {
            sql.Append(r == 0 ? " (" : ", (");
            for (var c = 0; c < ColumnsPerRow; c++)
            {
                sql.Append(c == 0 ? "?" : ",?");
            }
            sql.Append(')');
        }
        return Prepare(sql.ToString());
    }

    // Binds one row's values at positions offset + 1 .. offset + ColumnsPerRow.
    private static void BindRow(sqlite3_stmt s, int offset, long id, NewEntry entry)
    {
        raw.sqlite3_bind_int64(s, offset + 1, id);
        EntryUuid.Bind(s, offset + 2, entry.Uuid);
        raw.sqlite3_bind_int64(s, offset + 3, entry.DeviceId);
        raw.sqlite3_bind_int64(s, offset + 4, entry.LocationId);
        Bind(s, offset + 5, entry.ParentId);
        Bind(s, offset + 6, entry.Name);
        Bind(s, offset + 7, NewEntry.ExtensionOf(entry.Name, entry.Kind));
        raw.sqlite3_bind_int64(s, offset + 8, (long)entry.Kind);
        raw.sqlite3_bind_int64(s, offset + 9, entry.Size);
        Bind(s, offset + 10, entry.Inode);
        Bind(s, offset + 11, entry.VolumeId);
        Bind(s, offset + 12, entry.CreatedAt);
        Bind(s, offset + 13, entry.ModifiedAt);
        Bind(s, offset + 14, entry.AccessedAt);
        raw.sqlite3_bind_int64(s, offset + 15, entry.IndexedAt);
        Bind(s, offset + 16, entry.ContentId);
        Bind(s, offset + 17, entry.Category);
        raw.sqlite3_bind_int64(s, offset + 18, entry.Hidden ? 1L : 0L);
        Bind(s, offset + 19, entry.Permissions);
        Bind(s, offset + 20, entry.SymlinkTarget);
    }

    private bool TryStep(sqlite3_stmt stmt, out SqliteException error)
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(stmt);
            error = null!;
            return true;
        }
        error = Error(rc);
        raw.sqlite3_reset(stmt);
        return false;
    }

    private sqlite3_stmt Prepare(string sql) => Prepare(sql, []);

    private void EnsureNothingQueued()
    {
        if (_queued.Count > 0)
        {
            throw new InvalidOperationException($"{_queued.Count} queued entries are not written yet: Flush first.");
        }
    }

    private void DisposeBatchStatements()
    {
        _insertMany?.Dispose();
        _insertOne?.Dispose();
    }
}
