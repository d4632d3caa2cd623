using Spacedrive.Actors.Files.Transfer.Native;
using Spacedrive.Messages.Files;

namespace Spacedrive.Actors.Files.Transfer;

/// <summary>
/// Expands a transfer request into an ordered plan and its preview. Reads the disk only (lstat, listings, statvfs):
/// planning the same request twice on an unchanged disk gives the same plan. Requests that cannot work (a missing
/// source, a destination inside a source, several sources into a file) throw <see cref="TransferRequestException"/>.
/// </summary>
public static class TransferPlanner
{
    private const long Btrfs = 0x9123683E;
    private const long Xfs = 0x58465342;
    private const long Bcachefs = unchecked((long)0xCA451A4E);

    public static TransferPlan Plan(TransferRequest request, TransferSettings settings)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(settings);
        if (request.Sources is not { Count: > 0 }) throw new TransferRequestException(TransferErrors.SourceNotFound, "Nothing to transfer: no source given.");
        if (string.IsNullOrWhiteSpace(request.Destination)) throw new TransferRequestException(TransferErrors.InvalidDestination, "No destination given.");

        var destination = Path.GetFullPath(request.Destination);
        var destStat = TransferLibc.Stat(destination, follow: true, out _);
        var intoFolder = destStat is { IsDirectory: true } || EndsWithSeparator(request.Destination) || request.Sources.Count > 1;
        var trimmed = Path.TrimEndingDirectorySeparator(destination);
        if (intoFolder && destStat is { IsDirectory: false })
            throw new TransferRequestException(TransferErrors.InvalidDestination, $"{destination} is not a folder: several sources go into a folder.");
        var parent = Path.GetDirectoryName(trimmed) ?? "/";
        if (destStat is null && TransferLibc.Stat(parent, follow: true, out _) is not { IsDirectory: true })
            throw new TransferRequestException(TransferErrors.InvalidDestination, $"The folder {parent} does not exist.");
        var createDestination = intoFolder && destStat is null;
        var writableFolder = intoFolder ? (destStat is null ? parent : trimmed) : parent;
        CheckWritable(writableFolder);
        var destDevice = TransferLibc.Stat(createDestination ? parent : writableFolder, follow: true, out _)?.Device ?? 0;

        var builder = new Builder(request, settings, destDevice);
        foreach (var raw in request.Sources)
        {
            var source = Path.TrimEndingDirectorySeparator(Path.GetFullPath(raw));
            var stat = TransferLibc.Stat(source, follow: false, out var errno)
                ?? throw (errno == TransferLibc.ENOENT || errno == TransferLibc.ENOTDIR
                    ? new TransferRequestException(TransferErrors.SourceNotFound, $"No such file or folder: {source}")
                    : new TransferRequestException(TransferErrors.PermissionDenied, $"Cannot read {source}: {TransferLibc.ErrorText(errno)}"));
            var target = intoFolder ? Path.Combine(trimmed, Path.GetFileName(source)) : trimmed;
            CheckNotInside(source, stat, target);
            builder.Add(source, stat, target);
        }

        var free = TransferLibc.AvailableBytes(createDestination ? parent : writableFolder);
        var fsType = TransferLibc.FileSystemType(createDestination ? parent : writableFolder);
        return builder.Build(destination, createDestination, free, fsType is Btrfs or Xfs or Bcachefs);
    }

    private static bool EndsWithSeparator(string path) => path.EndsWith('/');

    private static void CheckWritable(string folder)
    {
        // access(2) sees read-only mounts and immutable folders even for root; a read-only check, nothing written.
        try
        {
            if (!Directory.Exists(folder)) return;
            if (TransferLibc.Access(folder, TransferLibc.W_OK | TransferLibc.X_OK) is var errno and not 0)
                throw new TransferRequestException(TransferErrors.PermissionDenied, $"Cannot write into {folder}: {TransferLibc.ErrorText(errno)}");
        }
        catch (UnauthorizedAccessException e)
        {
            throw new TransferRequestException(TransferErrors.PermissionDenied, $"Cannot write into {folder}: {e.Message}");
        }
    }

    private static void CheckNotInside(string source, TransferLibc.FileStat stat, string target)
    {
        var realSource = RealPath(source);
        var realTarget = RealPath(target);
        if (string.Equals(realSource, realTarget, StringComparison.Ordinal))
            throw new TransferRequestException(TransferErrors.InvalidDestination, $"{source} would be transferred onto itself.");
        if (stat.IsDirectory && realTarget.StartsWith(realSource + "/", StringComparison.Ordinal))
            throw new TransferRequestException(TransferErrors.DestinationInsideSource, $"The destination {target} is inside the source {source}.");
    }

    /// <summary>The path with every existing ancestor's symlinks resolved (the name itself may not exist yet).</summary>
    private static string RealPath(string path)
    {
        var full = Path.GetFullPath(path);
        var tail = new Stack<string>();
        var current = full;
        while (!string.IsNullOrEmpty(current) && !Path.Exists(current))
        {
            tail.Push(Path.GetFileName(current));
            current = Path.GetDirectoryName(current);
        }
        if (string.IsNullOrEmpty(current)) return full;
        var resolved = new DirectoryInfo(current).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? current;
        // Parents may be links too: resolve each level once.
        var parent = Path.GetDirectoryName(resolved);
        if (parent is not null && parent != resolved && parent != "/")
            resolved = Path.Combine(RealPath(parent), Path.GetFileName(resolved));
        while (tail.Count > 0) resolved = Path.Combine(resolved, tail.Pop());
        return resolved;
    }

    /// <summary>"name (1).ext", "name (2).ext", ...: the first that is neither on disk nor already planned.</summary>
    public static string FreeName(string destination, Func<string, bool> taken)
    {
        ArgumentNullException.ThrowIfNull(taken);
        var folder = Path.GetDirectoryName(destination) ?? "/";
        var name = Path.GetFileName(destination);
        var dot = name.LastIndexOf('.');
        var (stem, ext) = dot > 0 ? (name[..dot], name[dot..]) : (name, "");
        for (var n = 1; ; n++)
        {
            var candidate = Path.Combine(folder, $"{stem} ({n}){ext}");
            if (!taken(candidate)) return candidate;
        }
    }

    private sealed class Builder(TransferRequest request, TransferSettings settings, ulong destDevice)
    {
        private readonly List<PlannedItem> _items = [];
        private readonly List<TransferConflict> _conflicts = [];
        private readonly HashSet<string> _claimed = new(StringComparer.Ordinal);
        private readonly List<string> _warnings = [];
        private long _conflictCount;
        private long _blocking;
        private bool _sameVolume = true;

        public void Add(string source, TransferLibc.FileStat stat, string target)
        {
            var move = request.Mode == TransferMode.Move;
            var sameVolume = move && !settings.ForceCrossVolume && stat.Device == destDevice;
            if (!sameVolume) _sameVolume = false;
            Visit(source, stat, target, sameVolume);
        }

        private void Visit(string source, TransferLibc.FileStat stat, string target, bool rename)
        {
            if (!stat.IsFile && !stat.IsDirectory && !stat.IsSymlink)
            {
                _warnings.Add($"{source} is not a file, folder or symlink (a device, socket or pipe): left out");
                return;
            }
            var kind = stat.IsDirectory ? TransferItemKind.Directory : stat.IsSymlink ? TransferItemKind.Symlink : TransferItemKind.File;
            var existing = TransferLibc.Stat(target, follow: false, out _);
            var claimed = _claimed.Contains(target);
            var overwrite = false;
            string? conflict = null;

            if (existing is not null || claimed)
            {
                if (kind == TransferItemKind.Directory && existing is { IsDirectory: true } && !claimed)
                {
                    // Folders merge, as cp -r does; their contents meet the policy one by one.
                    Add(new PlannedItem(kind, source, target, 0, TransferStrategy.Mkdir));
                    Children(source, target, rename);
                    return;
                }
                var folderByFile = existing is { IsDirectory: true } || (kind == TransferItemKind.Directory && existing is not null);
                var resolution = request.Conflict switch
                {
                    ConflictPolicy.Skip => "skip",
                    ConflictPolicy.KeepBoth => "keep_both",
                    ConflictPolicy.Overwrite when claimed => "refused", // two sources onto one name: one would be lost
                    ConflictPolicy.Overwrite when folderByFile => "refused",
                    ConflictPolicy.Overwrite => "overwrite",
                    _ => "abort",
                };
                var original = target;
                if (resolution == "keep_both") target = FreeName(target, t => _claimed.Contains(t) || Path.Exists(t) || TransferLibc.Stat(t, false, out _) is not null);
                _conflictCount++;
                if (resolution is "abort" or "refused") _blocking++;
                if (_conflicts.Count < Math.Max(settings.PreviewItems, 1))
                    _conflicts.Add(new TransferConflict(source, original, kind.ToString().ToLowerInvariant(), resolution));
                if (resolution is "skip" or "abort" or "refused")
                {
                    Add(new PlannedItem(kind, source, original, kind == TransferItemKind.File ? stat.Size : 0, TransferStrategy.Skip, Conflict: resolution));
                    return;
                }
                overwrite = resolution == "overwrite";
                conflict = resolution;
            }

            if (rename)
            {
                Add(new PlannedItem(kind, source, target, kind == TransferItemKind.File ? stat.Size : 0, TransferStrategy.Rename, overwrite, conflict));
                return;
            }
            switch (kind)
            {
                case TransferItemKind.Directory:
                    Add(new PlannedItem(kind, source, target, 0, TransferStrategy.Mkdir, Conflict: conflict));
                    Children(source, target, rename: false);
                    break;
                case TransferItemKind.Symlink:
                    Add(new PlannedItem(kind, source, target, 0, TransferStrategy.Symlink, overwrite, conflict));
                    break;
                default:
                    Add(new PlannedItem(kind, source, target, stat.Size, TransferStrategy.Copy, overwrite, conflict));
                    break;
            }
        }

        private void Children(string source, string target, bool rename)
        {
            string[] names;
            try
            {
                names = [.. Directory.EnumerateFileSystemEntries(source).Select(Path.GetFileName).OfType<string>()];
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                _warnings.Add($"Cannot list {source}: {e.Message}");
                return;
            }
            Array.Sort(names, StringComparer.Ordinal);
            foreach (var name in names)
            {
                var child = Path.Combine(source, name);
                var stat = TransferLibc.Stat(child, follow: false, out var errno);
                if (stat is null)
                {
                    _warnings.Add($"Cannot read {child}: {TransferLibc.ErrorText(errno)}");
                    continue;
                }
                Visit(child, stat.Value, Path.Combine(target, name), rename);
            }
        }

        private void Add(PlannedItem item)
        {
            _items.Add(item);
            if (item.Strategy != TransferStrategy.Skip) _claimed.Add(item.Destination);
        }

        public TransferPlan Build(string destination, bool createDestination, long free, bool reflinks)
        {
            var items = reflinks
                ? _items.Select(i => i.Strategy == TransferStrategy.Copy && !request.Verify ? i with { Strategy = TransferStrategy.Clone } : i).ToList()
                : _items;
            long files = 0, dirs = 0, links = 0, bytes = 0, toWrite = 0;
            var strategies = new SortedDictionary<string, long>(StringComparer.Ordinal);
            foreach (var i in items)
            {
                switch (i.Kind)
                {
                    case TransferItemKind.File: files++; bytes += i.Size; break;
                    case TransferItemKind.Directory: dirs++; break;
                    default: links++; break;
                }
                if (i.Strategy is TransferStrategy.Copy or TransferStrategy.Clone) toWrite += i.Size;
                var key = i.Strategy.ToString().ToLowerInvariant();
                strategies[key] = strategies.GetValueOrDefault(key) + 1;
            }
            var views = items.Take(settings.PreviewItems).Select(i => new TransferItemView(i.Source, i.Destination, i.Kind.ToString().ToLowerInvariant(),
                i.Size, i.Strategy.ToString().ToLowerInvariant(), i.Conflict)).ToList();
            var sameVolume = request.Mode == TransferMode.Move && _sameVolume;
            var preview = new TransferPreview(request.Mode, destination, request.Conflict, request.Verify, files, dirs, links, bytes, toWrite, free,
                Fits: toWrite <= free, sameVolume, _conflictCount, _conflicts, strategies, views, items.Count > views.Count, _warnings);
            return new TransferPlan(request, Path.TrimEndingDirectorySeparator(destination), createDestination, sameVolume, items, preview, _blocking);
        }
    }
}
