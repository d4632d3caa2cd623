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
/// The location's entries are loaded once (one query over entries WHERE location_id, with the
/// directories' paths) into maps by (parent id, name) and by inode: no per-entry path resolution.
/// For every discovered entry:
/// - known (parent, name), same kind: unchanged if size, mtime (ns), inode, permissions and symlink
///   target are equal, which writes nothing; else Modified in place (id and UUID kept; content_id
///   cleared when size or mtime changed, so the content phase identifies it again);
/// - unknown (parent, name) but a not-yet-seen entry with the same inode and birth time (inode
///   numbers are reused; without a birth time, same size and mtime) whose old path no longer
///   exists (one lstat, only for such candidates): Moved, through EntryClosure.Move (set-based), so
///   it keeps its id, UUID and everything attached, and a moved folder keeps its whole subtree;
/// - otherwise New.
/// At the end every entry not seen is Deleted with its subtree, except below folders that could not
/// be read (or were not entered), whose contents are unknown and kept.
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

    private readonly List<Existing> _existing = [];
    private readonly Dictionary<(long Parent, string Name), int> _byParentName = [];
    private readonly Dictionary<long, int> _byInode = [];
    private readonly Dictionary<long, int> _byId = [];
    private readonly Dictionary<string, long> _directoryIds = new(StringComparer.Ordinal);
    private readonly HashSet<long> _incomplete = [];
    // The folder of each entry queued in _closure, in queue order (for errors and failed folders).
    private readonly List<string> _queuedFolders = [];

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

    private struct Existing
    {
        public long Id;
        public long Parent;
        public string Name;
        public EntryKind Kind;
        public long Size;
        public long? Modified;
        public long? Inode;
        public long? Permissions;
        public long? Created;
        public string? Target;
        public string? DirectoryPath;
        public bool Seen;
    }

    /// <summary>Consumes listings until the channel completes, then deletes what was not seen.</summary>
    public async Task RunAsync(ChannelReader<DirectoryListing> listings, CancellationToken cancellationToken)
    {
        _now = UnixNanos.Now(_clock);
        Load();
        try
        {
            EnsureRoot();
            await foreach (var listing in listings.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                cancellationToken.ThrowIfCancellationRequested();
                Process(listing);
            }
            cancellationToken.ThrowIfCancellationRequested();
            DeleteUnseen();
            Commit();
        }
        finally
        {
            Rollback();
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

    private void Load()
    {
        using var command = _db.Writer.CreateCommand();
        command.CommandText = """
            SELECT e.id, e.parent_id, e.name, e.kind, e.size, e.modified_at, e.inode, e.permissions, e.symlink_target, dp.path, e.created_at
            FROM entries AS e LEFT JOIN directory_paths AS dp ON dp.entry_id = e.id
            WHERE e.location_id = $loc
            """;
        command.Parameters.AddWithValue("$loc", _request.LocationId);
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var e = new Existing
            {
                Id = reader.GetInt64(0),
                Parent = reader.IsDBNull(1) ? 0 : reader.GetInt64(1),
                Name = reader.GetString(2),
                Kind = (EntryKind)reader.GetInt32(3),
                Size = reader.GetInt64(4),
                Modified = reader.IsDBNull(5) ? null : reader.GetInt64(5),
                Inode = reader.IsDBNull(6) ? null : reader.GetInt64(6),
                Permissions = reader.IsDBNull(7) ? null : reader.GetInt64(7),
                Target = reader.IsDBNull(8) ? null : reader.GetString(8),
                DirectoryPath = reader.IsDBNull(9) ? null : reader.GetString(9),
                Created = reader.IsDBNull(10) ? null : reader.GetInt64(10),
            };
            var index = _existing.Count;
            _existing.Add(e);
            _byId[e.Id] = index;
            if (e.Parent != 0)
            {
                _byParentName[(e.Parent, e.Name)] = index;
            }
            if (e.Inode is { } inode)
            {
                _byInode.TryAdd(inode, index);
            }
        }
    }

    private void EnsureRoot()
    {
        Directories++; // the root counts as a folder of the location
        var root = _request.Path.Length > 1 ? _request.Path.TrimEnd('/') : _request.Path;
        if (!DirectoryReader.TryStat(root, followSymlink: true, out var stat, out var errno))
        {
            throw new DirectoryNotFoundException($"Location root {root}: {DirectoryReader.Describe(errno)}");
        }
        if (RootEntryId != 0 && _byId.TryGetValue(RootEntryId, out var index))
        {
            ref var e = ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_existing)[index];
            e.Seen = true;
            if (Differs(e, stat, null))
            {
                Update(e.Id, stat, null, resetContent: false);
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
        if (!_directoryIds.TryGetValue(listing.Path, out var parentId))
        {
            // Its parent folder's entry could not be written (reported there); nothing to attach to.
            return;
        }
        DirectoriesDone++;
        if (!listing.Complete)
        {
            _incomplete.Add(parentId);
        }
        foreach (var entry in listing.Entries)
        {
            ProcessEntry(listing, parentId, entry);
        }
    }

    private void ProcessEntry(DirectoryListing listing, long parentId, RawEntry entry)
    {
        var stat = entry.Stat;
        Count(stat);
        // Built only where needed (folders, errors, preassigned UUIDs): most entries are files.
        string FullPath() => DiscoveryWalker.Join(listing.Path, entry.Name);
        long id;
        if (_byParentName.TryGetValue((parentId, entry.Name), out var index))
        {
            ref var e = ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_existing)[index];
            if (e.Kind == stat.Kind && !e.Seen)
            {
                e.Seen = true;
                id = e.Id;
                if (Differs(e, stat, entry.SymlinkTarget))
                {
                    Update(id, stat, entry.SymlinkTarget, resetContent: e.Size != stat.Size || e.Modified != stat.ModifiedNs);
                    Modified++;
                }
                else
                {
                    Unchanged++;
                }
                if (stat.Kind == EntryKind.Directory)
                {
                    _directoryIds[FullPath()] = id;
                }
                return;
            }
            // Same name, another kind (a file became a folder…): the old one goes, the new one comes.
            Begin();
            Flush();
            _closure!.DeleteSubtree(e.Id);
            e.Seen = true;
            _byParentName.Remove((parentId, entry.Name));
            Deleted++;
            Write();
        }
        else if (_byInode.TryGetValue(stat.Inode, out var moved) && IsMove(moved, stat))
        {
            ref var e = ref System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_existing)[moved];
            e.Seen = true;
            Begin();
            Flush();
            _closure!.Move(e.Id, parentId, entry.Name);
            _byParentName.Remove((e.Parent, e.Name));
            e.Parent = parentId;
            e.Name = entry.Name;
            _byParentName[(parentId, entry.Name)] = moved;
            if (Differs(e, stat, entry.SymlinkTarget))
            {
                Update(e.Id, stat, entry.SymlinkTarget, resetContent: e.Size != stat.Size || e.Modified != stat.ModifiedNs);
            }
            Write();
            Moved++;
            if (stat.Kind == EntryKind.Directory)
            {
                _directoryIds[FullPath()] = e.Id;
            }
            return;
        }

        Begin();
        // Queued, written RowsPerStatement at a time (EntryClosure.Enqueue); the id is known now.
        id = _closure!.Enqueue(NewEntryFor(parentId, entry.Name, stat, entry.SymlinkTarget, listing.Path));
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

    // A known inode at another place is a move if that entry was not seen yet and its old path is
    // gone (or holds another inode now); if the old path still holds it, it is a hard link: New.
    private bool IsMove(int index, FsStat stat)
    {
        var e = _existing[index];
        if (e.Seen || e.Kind != stat.Kind || e.Id == RootEntryId || !_byId.TryGetValue(e.Parent, out var parentIndex))
        {
            return false;
        }
        // Inode numbers are reused: a deleted file's number may come back on a new file. The birth
        // time tells them apart; without one, a move must keep size and mtime (rename does).
        var sameFile = e.Created is { } born && stat.BirthNs is { } birth
            ? born == birth
            : e.Size == stat.Size && e.Modified == stat.ModifiedNs;
        if (!sameFile)
        {
            return false;
        }
        var parentPath = _existing[parentIndex].DirectoryPath;
        if (parentPath is null)
        {
            return false;
        }
        var oldPath = DiscoveryWalker.Join(parentPath, e.Name);
        if (DirectoryReader.TryStat(oldPath, followSymlink: false, out var old, out _) && old.Inode == stat.Inode)
        {
            return false;
        }
        return true;
    }

    private static bool Differs(in Existing e, FsStat stat, string? target) =>
        e.Size != stat.Size || e.Modified != stat.ModifiedNs || e.Inode != stat.Inode
        || e.Permissions != stat.Permissions || !string.Equals(e.Target, target, StringComparison.Ordinal);

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
        EntryRows.New((parentId is null ? _request.PreassignedUuids?.Invoke(directory) : _request.PreassignedUuids?.Invoke(DiscoveryWalker.Join(directory, name))) ?? Guid.CreateVersion7(),
            _deviceId, _request.LocationId, _volumeId, parentId, name, stat, target, _now, parentId is null ? directory : null);

    private void Update(long id, FsStat stat, string? target, bool resetContent)
    {
        Begin();
        Flush();
        EntryRows.Update(_update!, id, stat, target, _now, resetContent);
        Write();
    }

    private void DeleteUnseen()
    {
        // Entries below an incomplete folder are kept: their folder could not be read.
        var memo = new Dictionary<long, bool>();
        bool UnderIncomplete(long id)
        {
            var chain = new List<long>();
            var result = false;
            var current = id;
            while (current != 0)
            {
                if (memo.TryGetValue(current, out var known))
                {
                    result = known;
                    break;
                }
                chain.Add(current);
                if (_incomplete.Contains(current))
                {
                    result = true;
                    break;
                }
                current = _byId.TryGetValue(current, out var i) ? _existing[i].Parent : 0;
            }
            foreach (var c in chain)
            {
                memo[c] = result;
            }
            return result;
        }

        var unseen = new HashSet<long>();
        foreach (var e in _existing)
        {
            if (!e.Seen && e.Id != RootEntryId)
            {
                unseen.Add(e.Id);
            }
        }
        foreach (var e in _existing)
        {
            if (e.Seen || e.Id == RootEntryId || unseen.Contains(e.Parent) || UnderIncomplete(e.Parent))
            {
                continue; // its top-most unseen ancestor takes it along
            }
            Begin();
            Flush();
            Deleted += _closure!.DeleteSubtree(e.Id);
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

