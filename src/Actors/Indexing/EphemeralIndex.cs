using System.Threading.Channels;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>One child listed by <see cref="EphemeralIndex.List"/>; a folder's size is the bytes below it.</summary>
public sealed record EphemeralEntry(string Name, EntryKind Kind, long Size, long ModifiedNs, Guid Uuid);

/// <summary>
/// An index of a path that is not a location, in memory only (browsing a folder): the same walk and
/// rules as the persistent indexer, kept in parallel arrays (parent index, interned name, kind,
/// size, mtime, UUID: about 60 bytes per entry plus the name) with a child list per folder.
/// UUIDs are given once; when the path later becomes a location, pass <see cref="UuidFor"/> as
/// <see cref="IndexerRequest.PreassignedUuids"/> and the persistent entries keep them.
/// </summary>
public sealed class EphemeralIndex
{
    private readonly List<int> _parent = [];
    private readonly List<string> _name = [];
    private readonly List<EntryKind> _kind = [];
    private readonly List<long> _size = [];
    private readonly List<long> _modified = [];
    private readonly List<Guid> _uuid = [];
    private readonly Dictionary<int, List<int>> _children = [];
    private readonly Dictionary<string, int> _directories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);

    private EphemeralIndex(string root) => Root = root;

    public string Root { get; }

    public int Count => _name.Count;

    public ErrorSink Errors { get; } = new();

    public static async Task<EphemeralIndex> BuildAsync(string path, RuleToggles? rules = null, IndexerSettings? settings = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var root = path.Length > 1 ? path.TrimEnd('/') : path;
        settings ??= IndexerSettings.Default;
        var index = new EphemeralIndex(root);
        var walker = new DiscoveryWalker(root, IndexerRules.Create(rules), index.Errors, settings.EffectiveDiscoveryWorkers, int.MaxValue, settings.MaxDepth);
        var channel = Channel.CreateBounded<DirectoryListing>(Math.Max(1, settings.ChannelCapacity));
        var walk = walker.RunAsync(channel.Writer, cancellationToken);
        index.Add(-1, root == "/" ? "/" : Path.GetFileName(root), EntryKind.Directory, 0, 0);
        index._directories[root] = 0;
        await foreach (var listing in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!index._directories.TryGetValue(listing.Path, out var parent))
            {
                continue;
            }
            foreach (var entry in listing.Entries)
            {
                var id = index.Add(parent, entry.Name, entry.Stat.Kind, entry.Stat.Size, entry.Stat.ModifiedNs);
                if (entry.Stat.Kind == EntryKind.Directory)
                {
                    index._directories[DiscoveryWalker.Join(listing.Path, entry.Name)] = id;
                }
            }
        }
        await walk.ConfigureAwait(false);
        index.Aggregate();
        return index;
    }

    private int Add(int parent, string name, EntryKind kind, long size, long modified)
    {
        if (!_names.TryGetValue(name, out var interned))
        {
            _names[name] = interned = name;
        }
        var id = _name.Count;
        _parent.Add(parent);
        _name.Add(interned);
        _kind.Add(kind);
        _size.Add(kind == EntryKind.File ? size : 0);
        _modified.Add(modified);
        _uuid.Add(Guid.CreateVersion7());
        if (parent >= 0)
        {
            if (!_children.TryGetValue(parent, out var list))
            {
                _children[parent] = list = [];
            }
            list.Add(id);
        }
        return id;
    }

    // Children come after their parents, so one backward pass adds every folder into its parent.
    private void Aggregate()
    {
        for (var i = _name.Count - 1; i > 0; i--)
        {
            _size[_parent[i]] += _size[i];
        }
    }

    /// <summary>The children of a folder of the index (null if it is not one), sorted by name.</summary>
    public IReadOnlyList<EphemeralEntry>? List(string directory)
    {
        var key = directory.Length > 1 ? directory.TrimEnd('/') : directory;
        if (!_directories.TryGetValue(key, out var id))
        {
            return null;
        }
        return _children.TryGetValue(id, out var children)
            ? [.. children.Select(c => new EphemeralEntry(_name[c], _kind[c], _size[c], _modified[c], _uuid[c])).OrderBy(e => e.Name, StringComparer.Ordinal)]
            : [];
    }

    /// <summary>The UUID given to a path, if the index holds it (the handoff to a persistent index).</summary>
    public Guid? UuidFor(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_directories.TryGetValue(path, out var dir))
        {
            return _uuid[dir];
        }
        var slash = path.LastIndexOf('/');
        if (slash < 0 || !_directories.TryGetValue(slash == 0 ? "/" : path[..slash], out var parent) || !_children.TryGetValue(parent, out var children))
        {
            return null;
        }
        var name = path[(slash + 1)..];
        foreach (var child in children)
        {
            if (_name[child] == name)
            {
                return _uuid[child];
            }
        }
        return null;
    }
}
