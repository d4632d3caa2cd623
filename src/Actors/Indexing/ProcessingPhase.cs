using System.Globalization;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// The Processing phase: change detection of discovered listings against what the library holds,
/// written in batched transactions through <see cref="EntryClosure"/>.
///
/// Folder by folder, as the listings arrive: the library's children of that folder are read with one
/// indexed query (<see cref="KnownEntries"/>; none for a folder created by this run), so memory holds one
/// folder, not the location. For every discovered entry:
/// - known name, same kind: unchanged if size, mtime (ns), inode, permissions and symlink target are
///   equal, which writes nothing; else Modified in place (id and UUID kept; content_id cleared when size
///   or mtime changed, so the content phase identifies it again);
/// - unknown name but an entry of the location with the same inode and birth time (inode numbers are
///   reused; without a birth time, same size and mtime) whose old path no longer holds it (one lookup by
///   inode, then one lstat, only for unknown names and only when the location had entries): Moved,
///   through EntryClosure.Move (set-based), so it keeps its id, UUID and everything attached, and a moved
///   folder keeps its whole subtree;
/// - otherwise New.
/// Children the library has that a complete listing lacks are deleted with their subtree at the end,
/// unless a later folder took them as a move. Folders that could not be read (or were not entered) are
/// never compared, so what the library knows below them is kept.
/// The walk's inode numbers are unique within one file system; Discovery never leaves the root's, so
/// "same inode" means "same file" here.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The transaction lives inside RunAsync, which disposes it in its finally.")]
public sealed class ProcessingPhase
{
    private readonly LibraryDatabase _db;
    private readonly IndexerRequest _request;
    private readonly IndexerSettings _settings;
    private readonly ErrorSink _errors;
    private readonly TimeProvider _clock;
    private readonly long _deviceId;
    private readonly long? _volumeId;

    // Folders discovered and not yet listed (the walk's frontier), by path: their entry ids.
    private readonly Dictionary<string, long> _directoryIds = new(StringComparer.Ordinal);
    // The library's children of the folder being processed; what is left at its end is gone from the disk.
    private readonly Dictionary<string, KnownEntry> _known = new(StringComparer.Ordinal);
    // Entries gone from their folder: deleted at the end unless a later folder takes them as a move.
    private readonly List<long> _gone = [];
    // Entries this run moved (each is placed once).
    private readonly HashSet<long> _claimed = [];
    // The folder of each entry queued in _closure, in queue order (for errors and failed folders).
    private readonly List<string> _queuedFolders = [];

    private KnownEntries? _library;
    // Ids from here up were written by this run: such a folder has no known children, such an entry is no move.
    private long _firstNewId;
    private bool _hadEntries;
    private SqliteTransaction? _transaction;
    private EntryClosure? _closure;
    private SqliteCommand? _update;
    private int _pendingWrites;
    private long _now;

    public ProcessingPhase(LibraryDatabase db, IndexerRequest request, IndexerSettings settings, ErrorSink errors, TimeProvider clock)
    {
        _db = db;
        _request = request;
        _settings = settings;
        _errors = errors;
        _clock = clock;
        (_deviceId, _volumeId, RootEntryId) = ReadLocation(db.Writer, request.LocationId);
    }

    public long RootEntryId { get; private set; }

    public long New { get; private set; }
    public long Modified { get; private set; }
    public long Moved { get; private set; }
    public long Deleted { get; private set; }
    public long Unchanged { get; private set; }
    public long Files { get; private set; }
    public long Directories { get; private set; }
    public long Symlinks { get; private set; }
    public long Special { get; private set; }
    public long Bytes { get; private set; }
    public long DirectoriesDone { get; private set; }
    public string? CurrentPath { get; private set; }

    /// <summary>Called after each committed batch (the caller decides whether a checkpoint is due).</summary>
    public Action<long>? OnBatchCommitted { get; init; }

    /// <summary>Called after each listing (the caller throttles its progress reports).</summary>
    public Action<DirectoryListing>? OnListingProcessed { get; init; }

    /// <summary>Consumes listings until the channel completes, then deletes what was not seen.</summary>
    public async Task RunAsync(ChannelReader<DirectoryListing> listings, CancellationToken cancellationToken)
    {
        _now = UnixNanos.Now(_clock);
        _firstNewId = Scalar(_db.Writer, "SELECT COALESCE(MAX(id), 0) + 1 FROM entries");
        // Built with the root the location has now; a root made below is new, and then no entry is a move (_hadEntries).
        _library = new KnownEntries(_db.Writer, _request.LocationId, RootEntryId);
        try
        {
            EnsureRoot();
            _hadEntries = RootEntryId < _firstNewId
                && Scalar(_db.Writer, $"SELECT EXISTS (SELECT 1 FROM entries WHERE parent_id = {RootEntryId.ToString(CultureInfo.InvariantCulture)})", _transaction) == 1;
            await foreach (var listing in listings.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Process(listing);
                OnListingProcessed?.Invoke(listing);
            }
            cancellationToken.ThrowIfCancellationRequested();
            DeleteGone();
            Commit();
        }
        finally
        {
            Rollback();
            _library?.Dispose();
            _library = null;
        }
    }

    private static (long DeviceId, long? VolumeId, long RootId) ReadLocation(SqliteConnection connection, long locationId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT device_id, volume_id, entry_id FROM locations WHERE id = $id";
        command.Parameters.AddWithValue("$id", locationId);
        using var reader = command.ExecuteReader();
        if (!reader.Read())
        {
            throw new InvalidOperationException($"Location {locationId} does not exist in this library.");
        }
        return (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), reader.IsDBNull(2) ? 0 : reader.GetInt64(2));
    }

    private void EnsureRoot()
    {
        Directories++; // the root counts as a folder of the location
        var root = _request.Path.Length > 1 ? _request.Path.TrimEnd('/') : _request.Path;
        if (!DirectoryReader.TryStat(root, followSymlink: true, out var stat, out var errno))
        {
            throw new DirectoryNotFoundException($"Location root {root}: {DirectoryReader.Describe(errno)}");
        }
        if (RootEntryId != 0 && _library!.ById(RootEntryId) is { Kind: EntryKind.Directory } known)
        {
            if (known.Differs(stat, null))
            {
                Update(RootEntryId, stat, null, resetContent: false);
                Modified++;
            }
            _directoryIds[root] = RootEntryId;
            return;
        }
        var name = root == "/" ? "root" : Path.GetFileName(root);
        Begin();
        RootEntryId = _closure!.Insert(NewEntryFor(null, name, stat, null, root));
        Write();
        Run("UPDATE locations SET entry_id = $a WHERE id = $b", RootEntryId, _request.LocationId);
        _directoryIds[root] = RootEntryId;
        New++;
    }

    private void Process(DirectoryListing listing)
    {
        CurrentPath = listing.Path;
        if (!_directoryIds.Remove(listing.Path, out var parentId))
        {
            // Its parent folder's entry could not be written (reported there); nothing to attach to.
            return;
        }
        DirectoriesDone++;
        if (parentId < _firstNewId)
        {
            _library!.Transaction = _transaction;
            _library.ChildrenOf(parentId, _known);
        }
        else
        {
            _known.Clear();
        }
        foreach (var entry in listing.Entries)
        {
            ProcessEntry(listing, parentId, entry);
        }
        // A folder that could not be read completely tells nothing about what is gone from it.
        if (listing.Complete)
        {
            foreach (var gone in _known.Values)
            {
                _gone.Add(gone.Id);
            }
        }
        _known.Clear();
    }

    private void ProcessEntry(DirectoryListing listing, long parentId, RawEntry entry)
    {
        var stat = entry.Stat;
        Count(stat);
        // Built only where needed (folders, errors, preassigned UUIDs): most entries are files.
        string FullPath() => DiscoveryWalker.Join(listing.Path, entry.Name);
        // A known name whose entry this run already moved elsewhere (renamed within the folder) is another file now.
        if (_known.Remove(entry.Name, out var known) && !_claimed.Contains(known.Id))
        {
            if (known.Kind == stat.Kind)
            {
                if (known.Differs(stat, entry.SymlinkTarget))
                {
                    Update(known.Id, stat, entry.SymlinkTarget, resetContent: known.ContentChanged(stat));
                    Modified++;
                }
                else
                {
                    Unchanged++;
                }
                if (stat.Kind == EntryKind.Directory)
                {
                    _directoryIds[FullPath()] = known.Id;
                }
                return;
            }
            // Same name, another kind (a file became a folder…): the old one goes, the new one comes.
            Begin();
            Flush();
            Deleted += _closure!.DeleteSubtree(known.Id);
            Write();
        }
        else if (_hadEntries && FindMoved(stat) is { } moved)
        {
            _claimed.Add(moved.Id);
            Begin();
            Flush();
            _closure!.Move(moved.Id, parentId, entry.Name);
            if (moved.Entry.Differs(stat, entry.SymlinkTarget))
            {
                Update(moved.Id, stat, entry.SymlinkTarget, resetContent: moved.Entry.ContentChanged(stat));
            }
            Write();
            Moved++;
            if (stat.Kind == EntryKind.Directory)
            {
                _directoryIds[FullPath()] = moved.Id;
            }
            return;
        }

        Begin();
        // Queued, written RowsPerStatement at a time (EntryClosure.Enqueue); the id is known now.
        var id = _closure!.Enqueue(NewEntryFor(parentId, entry.Name, stat, entry.SymlinkTarget, listing.Path));
        _queuedFolders.Add(listing.Path);
        New++;
        if (stat.Kind == EntryKind.Directory)
        {
            _directoryIds[FullPath()] = id;
        }
        if (_closure.Queued >= EntryClosure.RowsPerStatement)
        {
            Flush();
        }
        Write();
    }

    private MovedEntry? FindMoved(FsStat stat)
    {
        // Queued entries are not visible to the lookup, and need not be: they are new, so no move.
        _library!.Transaction = _transaction;
        return _library.FindMoved(stat, id => id >= _firstNewId || _claimed.Contains(id));
    }

    // Writes the queued new entries. One that breaks a constraint (a duplicate name written by a
    // concurrent writer) is not fatal: reported, not counted, and a folder's contents are skipped.
    private void Flush()
    {
        if (_closure is null || _closure.Queued == 0)
        {
            return;
        }
        var failures = _closure.Flush();
        if (failures.Count > 0)
        {
            var failedFolders = new HashSet<long>();
            foreach (var failure in failures)
            {
                New--;
                var path = DiscoveryWalker.Join(_queuedFolders[failure.Index], failure.Entry.Name);
                if (failure.Entry.Kind == EntryKind.Directory)
                {
                    failedFolders.Add(failure.Id);
                    _directoryIds.Remove(path);
                }
                // Below a folder that failed, its failure was the one reported.
                if (failure.Entry.ParentId is not { } parent || !failedFolders.Contains(parent))
                {
                    _errors.Add(path, "write", failure.Message);
                }
            }
        }
        _queuedFolders.Clear();
    }

    private void Count(FsStat stat)
    {
        switch (stat.Kind)
        {
            case EntryKind.File:
                Files++;
                Bytes += stat.Size;
                break;
            case EntryKind.Directory:
                Directories++;
                break;
            case EntryKind.Symlink:
                Symlinks++;
                break;
            default:
                Special++;
                break;
        }
    }

    // directory: the folder holding the entry (for a root, its own path).
    private NewEntry NewEntryFor(long? parentId, string name, FsStat stat, string? target, string directory) =>
        EntryRows.New((parentId is null ? _request.PreassignedUuids?.Invoke(directory) : _request.PreassignedUuids?.Invoke(DiscoveryWalker.Join(directory, name))) ?? UuidV7.New(),
            _deviceId, _request.LocationId, _volumeId, parentId, name, stat, target, _now, parentId is null ? directory : null);

    private void Update(long id, FsStat stat, string? target, bool resetContent)
    {
        Begin();
        Flush();
        EntryRows.Update(_update!, id, stat, target, _now, resetContent);
        Write();
    }

    private void DeleteGone()
    {
        foreach (var id in _gone)
        {
            if (_claimed.Contains(id))
            {
                continue;
            }
            Begin();
            Flush();
            Deleted += _closure!.DeleteSubtree(id);
            Write();
        }
    }

    private void Begin()
    {
        if (_transaction is not null)
        {
            return;
        }
        _transaction = _db.Writer.BeginTransaction(deferred: false);
        _closure = new EntryClosure(_db.Writer, _transaction);
        _update = EntryRows.PrepareUpdate(_db.Writer, _transaction);
    }

    private void Write()
    {
        if (++_pendingWrites >= _settings.BatchSize)
        {
            Commit();
        }
    }

    private void Commit()
    {
        if (_transaction is null)
        {
            return;
        }
        Flush();
        _transaction.Commit();
        DisposeTransaction();
        var written = _pendingWrites;
        _pendingWrites = 0;
        OnBatchCommitted?.Invoke(written);
    }

    private void Rollback()
    {
        if (_transaction is not null)
        {
            _transaction.Rollback();
            DisposeTransaction();
            _pendingWrites = 0;
            _queuedFolders.Clear();
        }
    }

    private void DisposeTransaction()
    {
        _closure?.Dispose();
        _update?.Dispose();
        _transaction?.Dispose();
        _closure = null;
        _update = null;
        _transaction = null;
    }

    private void Run(string sql, long a, long b)
    {
        using var command = _db.Writer.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$a", a);
        command.Parameters.AddWithValue("$b", b);
        command.ExecuteNonQuery();
    }

    internal static long Scalar(SqliteConnection connection, string sql, SqliteTransaction? transaction = null)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }
}

