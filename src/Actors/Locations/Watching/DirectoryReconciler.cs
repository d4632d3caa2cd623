using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Locations.Watching;

/// <summary>A folder whose children changed; <see cref="Recursive"/>: everything below it too (a folder created or moved in).</summary>
public readonly record struct DirtyPath(string Path, bool Recursive);

/// <summary>What one reconcile changed.</summary>
public sealed record ReconcileResult(long New, long Modified, long Moved, long Deleted, long ContentLinked, long DirectoriesRead,
    IReadOnlyList<string> ChangedDirectories, bool NotIndexed, bool RootMissing, IReadOnlyList<IndexError> Errors, bool NeedsContent = false)
{
    public long Changes => New + Modified + Moved + Deleted;
}

/// <summary>
/// Brings the library in line with the disk for a set of folders only (what a watcher or a file
/// operation knows has changed), with the indexer's change detection, so that the result equals what
/// a full rescan would write: per folder, its children on disk (getdents64 + statx) against its
/// children in the library (one query by parent_id). Known name, same kind: updated if size, mtime,
/// inode, permissions or symlink target differ (content_id cleared when size or mtime changed). Unknown
/// name: a move if the location holds the inode (looked up by the (location_id, inode) index) with
/// the same birth time and its old path no longer holds it (the entry keeps its id, UUID, tags and
/// metadata; a folder keeps its subtree), else new (a new folder is read recursively). Children no
/// longer on disk are deleted with their subtree at the end, unless a later folder of the same run
/// took them as a move. Then aggregates are recomputed for the changed folders and their ancestors
/// only, and content identity runs for new and changed files (mode ≥ content).
/// Uses the given writer connection; the caller serializes it with the indexer (IndexerLibraryAccess.Gate).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The transaction lives inside Reconcile, which disposes it in its finally.")]
public sealed class DirectoryReconciler
{
    private readonly LibraryDatabase _db;
    private readonly long _locationId;
    private readonly IndexerSettings _settings;
    private readonly IContentIdentifier _identifier;
    private readonly TimeProvider _clock;
    private readonly ErrorSink _errors;

    private string _root = "/";
    private long _rootId;
    private long _deviceId;
    private long? _volumeId;
    private ulong _rootDevice;
    private IndexMode _mode;
    private IndexerRules _rules = IndexerRules.None;
    private long _now;

    private readonly HashSet<string> _processed = new(StringComparer.Ordinal);
    private readonly HashSet<long> _seen = [];
    private readonly HashSet<long> _pendingDelete = [];
    private readonly HashSet<long> _changedDirectories = [];
    private readonly Dictionary<string, IgnoreStack?> _ignores = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;
    private EntryClosure? _closure;
    private KnownEntries? _known;
    private int _pendingWrites;
    private long _new, _modified, _moved, _deleted, _read;
    private bool _filesChanged;

    public DirectoryReconciler(LibraryDatabase db, long locationId, IndexerSettings? settings = null, IContentIdentifier? identifier = null, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        _db = db;
        _locationId = locationId;
        _settings = settings ?? IndexerSettings.Default;
        _identifier = identifier ?? RegistryContentIdentifier.Default;
        _clock = clock ?? TimeProvider.System;
        _errors = new ErrorSink(_settings.MaxErrorsKept);
    }

    /// <summary>Opens a folder for reading (errno out); tests simulate an unreadable folder with it, which root cannot make.</summary>
    internal delegate int FolderOpener(string path, bool followLast, out int errno);

    internal FolderOpener OpenFolder { get; init; } = DirectoryReader.OpenDirectory;

    /// <summary>
    /// Whether <see cref="Reconcile"/> also runs content identity for new and changed files (mode ≥ content). A watcher
    /// turns it off to apply the next burst's entries first and identify content when the location is quiet
    /// (<see cref="IdentifyContent"/>); the result's NeedsContent says whether that is due.
    /// </summary>
    public bool WithContent { get; init; } = true;

    /// <summary>Content identity for every file of the location that has none (new and changed ones); returns how many were linked.</summary>
    public long IdentifyContent(CancellationToken cancellationToken = default)
    {
        var content = new ContentPhase(_db, _locationId, _identifier, _settings, _errors, _clock);
        content.Run(0, cancellationToken);
        return content.Linked;
    }

    /// <summary>Reconciles the folders (absolute paths inside the location; others are ignored). One use per instance.</summary>
    public ReconcileResult Reconcile(IEnumerable<DirtyPath> paths, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!ReadLocation())
        {
            return Result(notIndexed: true, rootMissing: false);
        }
        if (!DirectoryReader.TryStat(_root, followSymlink: true, out var rootStat, out _) || rootStat.Kind != EntryKind.Directory)
        {
            return Result(notIndexed: false, rootMissing: true);
        }
        _rootDevice = rootStat.Device;
        _now = UnixNanos.Now(_clock);
        var work = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var p in paths)
        {
            var path = Normalize(p.Path);
            if (path is null)
            {
                continue;
            }
            work[path] = work.TryGetValue(path, out var r) ? r || p.Recursive : p.Recursive;
        }
        try
        {
            foreach (var (path, recursive) in work.OrderBy(w => Depth(w.Key)).ThenBy(w => w.Key, StringComparer.Ordinal))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_processed.Contains(path))
                {
                    continue;
                }
                var id = Resolve(path);
                if (id is { } dirId)
                {
                    ProcessTree(path, dirId, recursive, cancellationToken);
                }
            }
            foreach (var id in _pendingDelete)
            {
                Begin();
                _deleted += _closure!.DeleteSubtree(id);
                Write();
            }
            Commit();
            Aggregate();
        }
        finally
        {
            Rollback();
            _known?.Dispose();
            _known = null;
        }
        long linked = 0;
        var needsContent = _mode >= IndexMode.Content && _filesChanged;
        if (needsContent && WithContent)
        {
            linked = IdentifyContent(cancellationToken);
            needsContent = false;
        }
        return Result(notIndexed: false, rootMissing: false, linked) with { NeedsContent = needsContent };
    }

    private ReconcileResult Result(bool notIndexed, bool rootMissing, long linked = 0)
    {
        var changed = new List<string>();
        foreach (var id in _changedDirectories)
        {
            if (EntryClosure.DirectoryPath(_db.Writer, id) is { } p)
            {
                changed.Add(p);
            }
        }
        changed.Sort(StringComparer.Ordinal);
        return new ReconcileResult(_new, _modified, _moved, _deleted, linked, _read, changed, notIndexed, rootMissing, _errors.Kept);
    }

    private bool ReadLocation()
    {
        using var command = _db.Writer.CreateCommand();
        command.CommandText = "SELECT path, device_id, volume_id, entry_id, index_mode, rule_toggles FROM locations WHERE id = $id";
        command.Parameters.AddWithValue("$id", _locationId);
        using var reader = command.ExecuteReader();
        if (!reader.Read() || reader.IsDBNull(3))
        {
            return false;
        }
        _root = reader.GetString(0);
        _deviceId = reader.GetInt64(1);
        _volumeId = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        _rootId = reader.GetInt64(3);
        _mode = Enum.TryParse<IndexMode>(reader.GetString(4), ignoreCase: true, out var m) ? m : IndexMode.Shallow;
        var toggles = reader.IsDBNull(5) ? RuleToggles.Default : JsonSerializer.Deserialize<RuleToggles>(reader.GetString(5)) ?? RuleToggles.Default;
        _rules = IndexerRules.Create(toggles);
        return true;
    }

    private string? Normalize(string path)
    {
        if (!Path.IsPathFullyQualified(path))
        {
            return null;
        }
        var full = Path.GetFullPath(path);
        full = full.Length > 1 ? full.TrimEnd('/') : full;
        return full == _root || full.StartsWith(_root == "/" ? "/" : _root + "/", StringComparison.Ordinal) ? full : null;
    }

    private static int Depth(string path) => path.Count(c => c == '/');

    private string Relative(string path) => path == _root ? "" : path[(_root == "/" ? 1 : _root.Length + 1)..];

    // The folder's entry id; a folder the library does not know yet is found by reading its parent.
    private long? Resolve(string path)
    {
        if (path == _root)
        {
            return _rootId;
        }
        if (LookupDirectory(path) is { } id)
        {
            return id;
        }
        var parent = Path.GetDirectoryName(path);
        if (parent is null || _processed.Contains(parent) || Resolve(parent) is not { } parentId)
        {
            return null;
        }
        ProcessTree(parent, parentId, recursive: false, CancellationToken.None);
        return LookupDirectory(path);
    }

    private long? LookupDirectory(string path)
    {
        using var command = _db.Writer.CreateCommand();
        command.Transaction = _transaction;
        command.CommandText = """
            SELECT dp.entry_id FROM directory_paths AS dp JOIN entries AS e ON e.id = dp.entry_id
            WHERE dp.path = $p AND e.location_id = $loc
            """;
        command.Parameters.AddWithValue("$p", path);
        command.Parameters.AddWithValue("$loc", _locationId);
        return command.ExecuteScalar() is long id ? id : null;
    }

    private void ProcessTree(string path, long id, bool recursive, CancellationToken cancellationToken)
    {
        var stack = new Stack<(string Path, long Id, bool Recursive)>();
        stack.Push((path, id, recursive));
        while (stack.Count > 0)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (p, i, r) = stack.Pop();
            if (!_processed.Add(p))
            {
                continue;
            }
            foreach (var child in ProcessDirectory(p, i, r))
            {
                stack.Push(child);
            }
        }
    }

    // Returns the subfolders to read next.
    private List<(string Path, long Id, bool Recursive)> ProcessDirectory(string path, long id, bool recursive)
    {
        var next = new List<(string, long, bool)>();
        var fd = OpenFolder(path, followLast: path == _root, out var errno);
        if (fd < 0)
        {
            if (errno != Libc.ENOENT && errno != Libc.ENOTDIR)
            {
                // Unreadable: what the library holds below it stays (as a rescan keeps it).
                _errors.Add(path, "read-dir", $"cannot open folder: {DirectoryReader.Describe(errno)}");
            }
            return next;
        }
        var entries = new List<RawEntry>();
        int readErrno;
        try
        {
            readErrno = DirectoryReader.ReadEntries(fd, entries, (name, e) =>
                _errors.Add(DiscoveryWalker.Join(path, name), e == 2 ? "vanished" : "stat", $"cannot stat: {DirectoryReader.Describe(e)}"));
        }
        finally
        {
            DirectoryReader.Close(fd);
        }
        _read++;
        if (readErrno != 0)
        {
            _errors.Add(path, "read-dir", $"cannot read folder: {DirectoryReader.Describe(readErrno)}");
            return next;
        }

        RefreshSelf(path, id);
        var known = LoadChildren(id);
        var ignores = IgnoresFor(path, entries);
        var relativeDir = Relative(path);
        var changed = false;
        foreach (var entry in entries)
        {
            var stat = entry.Stat;
            var isDirectory = stat.Kind == EntryKind.Directory;
            var full = DiscoveryWalker.Join(path, entry.Name);
            var relative = relativeDir.Length == 0 ? entry.Name : relativeDir + "/" + entry.Name;
            if (_rules.Rejects(full, relative, entry.Name, isDirectory, ignores))
            {
                continue;
            }
            var descend = isDirectory && stat.Device == _rootDevice;
            if (known.Remove(entry.Name, out var e))
            {
                if (e.Kind == stat.Kind)
                {
                    _seen.Add(e.Id);
                    if (e.Differs(stat, entry.SymlinkTarget))
                    {
                        Update(e.Id, stat, entry.SymlinkTarget, resetContent: e.ContentChanged(stat));
                        _modified++;
                        changed = true;
                        _filesChanged |= stat.Kind == EntryKind.File;
                        if (entry.Name == ".gitignore" && _rules.UseGitignore)
                        {
                            recursive = true; // what is ignored below may have changed
                        }
                    }
                    if (descend && recursive)
                    {
                        next.Add((full, e.Id, true));
                    }
                    continue;
                }
                Begin();
                _deleted += _closure!.DeleteSubtree(e.Id);
                Write();
                changed = true;
            }
            if (FindMoved(stat) is { } moved)
            {
                Begin();
                _closure!.Move(moved.Id, id, entry.Name);
                Write();
                _seen.Add(moved.Id);
                _pendingDelete.Remove(moved.Id);
                _changedDirectories.Add(moved.OldParent);
                if (moved.Entry.Differs(stat, entry.SymlinkTarget))
                {
                    Update(moved.Id, stat, entry.SymlinkTarget, resetContent: moved.Entry.ContentChanged(stat));
                    _filesChanged |= stat.Kind == EntryKind.File;
                }
                _moved++;
                changed = true;
                if (descend && recursive)
                {
                    next.Add((full, moved.Id, true));
                }
                continue;
            }
            Begin();
            long newId;
            try
            {
                newId = _closure!.Insert(NewEntryFor(id, entry.Name, stat, entry.SymlinkTarget));
            }
            catch (SqliteException ex) when (ex.SqliteErrorCode == 19)
            {
                _errors.Add(full, "write", ex.Message);
                continue;
            }
            Write();
            _seen.Add(newId);
            _new++;
            changed = true;
            _filesChanged |= stat.Kind == EntryKind.File;
            if (descend)
            {
                next.Add((full, newId, true));
            }
        }
        foreach (var gone in known.Values)
        {
            if (!_seen.Contains(gone.Id))
            {
                _pendingDelete.Add(gone.Id);
                changed = true;
            }
        }
        if (changed)
        {
            _changedDirectories.Add(id);
        }
        return next;
    }

    // A folder's own times change with its children, and its entry lives in its parent, which may not be dirty.
    private void RefreshSelf(string path, long id)
    {
        if (!DirectoryReader.TryStat(path, followSymlink: path == _root, out var stat, out _) || stat.Kind != EntryKind.Directory)
        {
            return;
        }
        var self = Known().ById(id);
        if (self is not null && self.Differs(stat, null))
        {
            Update(id, stat, null, resetContent: false);
            _modified++;
        }
    }

    private Dictionary<string, KnownEntry> LoadChildren(long parentId)
    {
        var result = new Dictionary<string, KnownEntry>(StringComparer.Ordinal);
        Known().ChildrenOf(parentId, result);
        return result;
    }

    // The same test as the indexer's (KnownEntries.FindMoved); entries already placed by this run are no move.
    private MovedEntry? FindMoved(FsStat stat) => Known().FindMoved(stat, _seen.Contains);

    private KnownEntries Known()
    {
        _known ??= new KnownEntries(_db.Writer, _locationId, _rootId);
        _known.Transaction = _transaction;
        return _known;
    }

    // The .gitignore stack in force inside a folder: its ancestors' (read from disk, memoized) and its own.
    private IgnoreStack? IgnoresFor(string path, List<RawEntry>? entries)
    {
        if (!_rules.UseGitignore)
        {
            return null;
        }
        if (_ignores.TryGetValue(path, out var known))
        {
            return known;
        }
        var parentStack = path == _root ? null : IgnoresFor(Path.GetDirectoryName(path) ?? _root, null);
        var hasFile = entries is null
            ? File.Exists(DiscoveryWalker.Join(path, ".gitignore"))
            : entries.Exists(e => e.Name == ".gitignore" && e.Stat.Kind == EntryKind.File);
        var stack = parentStack;
        if (hasFile)
        {
            try
            {
                var text = File.ReadAllText(DiscoveryWalker.Join(path, ".gitignore"));
                stack = IgnoreStack.Push(parentStack, IgnoreFile.Parse(text), Relative(path));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _errors.Add(DiscoveryWalker.Join(path, ".gitignore"), "gitignore", $"cannot read: {e.Message}");
            }
        }
        _ignores[path] = stack;
        return stack;
    }

    private NewEntry NewEntryFor(long parentId, string name, FsStat stat, string? target) =>
        EntryRows.New(UuidV7.New(), _deviceId, _locationId, _volumeId, parentId, name, stat, target, _now);

    private void Update(long id, FsStat stat, string? target, bool resetContent)
    {
        Begin();
        using var command = EntryRows.PrepareUpdate(_db.Writer, _transaction);
        EntryRows.Update(command, id, stat, target, _now, resetContent);
        Write();
    }

    // Aggregates of the changed folders and all their ancestors, deepest first, each from its direct
    // children (whose own aggregates are already current): a handful of rows per changed folder.
    private void Aggregate()
    {
        if (_changedDirectories.Count == 0)
        {
            return;
        }
        var depths = new Dictionary<long, int>();
        foreach (var chunk in _changedDirectories.Chunk(500))
        {
            using var command = _db.Writer.CreateCommand();
            command.CommandText = $"""
                SELECT a.ancestor_id, (SELECT COUNT(*) FROM entry_closure AS up WHERE up.descendant_id = a.ancestor_id)
                FROM entry_closure AS a WHERE a.descendant_id IN ({string.Join(',', chunk.Select(i => i.ToString(CultureInfo.InvariantCulture)))})
                """;
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                depths[reader.GetInt64(0)] = reader.GetInt32(1);
            }
        }
        using var transaction = _db.Writer.BeginTransaction(deferred: false);
        using var children = _db.Writer.CreateCommand();
        children.Transaction = transaction;
        children.CommandText = """
            SELECT COUNT(*),
                   COALESCE(SUM(CASE kind WHEN 0 THEN size WHEN 1 THEN aggregate_size ELSE 0 END), 0),
                   COALESCE(SUM(CASE kind WHEN 0 THEN 1 WHEN 1 THEN file_count ELSE 0 END), 0)
            FROM entries WHERE parent_id = $p
            """;
        var p = children.Parameters.Add(new SqliteParameter { ParameterName = "$p" });
        using var update = _db.Writer.CreateCommand();
        update.Transaction = transaction;
        update.CommandText = """
            UPDATE entries SET child_count = $c, aggregate_size = $a, file_count = $f
            WHERE id = $id AND (child_count <> $c OR aggregate_size <> $a OR file_count <> $f)
            """;
        foreach (var (id, _) in depths.OrderByDescending(d => d.Value))
        {
            p.Value = id;
            long count, aggregate, files;
            using (var reader = children.ExecuteReader())
            {
                reader.Read();
                (count, aggregate, files) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
            }
            update.Parameters.Clear();
            update.Parameters.AddWithValue("$c", count);
            update.Parameters.AddWithValue("$a", aggregate);
            update.Parameters.AddWithValue("$f", files);
            update.Parameters.AddWithValue("$id", id);
            update.ExecuteNonQuery();
            if (id == _rootId)
            {
                using var totals = _db.Writer.CreateCommand();
                totals.Transaction = transaction;
                totals.CommandText = """
                    UPDATE locations SET total_file_count = $f, total_byte_size = $a
                    WHERE id = $loc AND (total_file_count <> $f OR total_byte_size <> $a)
                    """;
                totals.Parameters.AddWithValue("$f", files);
                totals.Parameters.AddWithValue("$a", aggregate);
                totals.Parameters.AddWithValue("$loc", _locationId);
                totals.ExecuteNonQuery();
            }
        }
        transaction.Commit();
    }

    private void Begin()
    {
        if (_transaction is not null)
        {
            return;
        }
        _transaction = _db.Writer.BeginTransaction(deferred: false);
        _closure = new EntryClosure(_db.Writer, _transaction);
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
        _transaction.Commit();
        DisposeTransaction();
        _pendingWrites = 0;
    }

    private void Rollback()
    {
        if (_transaction is not null)
        {
            _transaction.Rollback();
            DisposeTransaction();
            _pendingWrites = 0;
        }
    }

    private void DisposeTransaction()
    {
        _closure?.Dispose();
        _transaction?.Dispose();
        _closure = null;
        _transaction = null;
    }
}
