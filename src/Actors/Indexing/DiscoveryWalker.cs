using System.Threading.Channels;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// One directory as discovery read it: its entries that passed the rules. <see cref="Complete"/> is
/// false when the folder could not be read (or was not descended on purpose: scope, depth limit,
/// another file system): Processing then keeps what the library has below it instead of deleting it.
/// </summary>
public sealed record DirectoryListing(string Path, string RelativePath, int Depth, IReadOnlyList<RawEntry> Entries, bool Complete);

/// <summary>
/// The Discovery phase: a parallel walk of the location, each folder read once (getdents64 + one
/// statx per entry), rules applied, one <see cref="DirectoryListing"/> per folder written to a bounded
/// channel (backpressure: the walk waits when Processing is behind). A folder's listing is written
/// before its subfolders are queued, so Processing always sees a parent before its children.
/// Never follows symlinks and never enters another file system, so it cannot loop or leave the root.
/// Problems are non-fatal errors in the <see cref="ErrorSink"/>.
/// </summary>
public sealed class DiscoveryWalker
{
    private readonly string _root;
    private readonly IndexerRules _rules;
    private readonly ErrorSink _errors;
    private readonly int _workers;
    private readonly int _maxDepth;
    private readonly int _depthLimit;
    private ulong _rootDevice;
    private long _pending;
    private long _skipped;
    private long _directoriesRead;
    private long _entriesFound;
    private volatile string? _current;

    /// <param name="scopeDepth">1 = the root's children only (scope Current); int.MaxValue = recursive.</param>
    public DiscoveryWalker(string root, IndexerRules rules, ErrorSink errors, int workers, int scopeDepth, int depthLimit)
    {
        _root = root.Length > 1 ? root.TrimEnd('/') : root;
        _rules = rules;
        _errors = errors;
        _workers = Math.Max(1, workers);
        _maxDepth = scopeDepth;
        _depthLimit = depthLimit;
    }

    public long Skipped => Interlocked.Read(ref _skipped);

    public long DirectoriesRead => Interlocked.Read(ref _directoriesRead);

    public long EntriesFound => Interlocked.Read(ref _entriesFound);

    public string? CurrentPath => _current;

    private sealed record Work(string Path, string Relative, int Depth, IgnoreStack? Ignores);

    /// <summary>Walks the tree; completes <paramref name="output"/> when done (with the exception if any).</summary>
    public async Task RunAsync(ChannelWriter<DirectoryListing> output, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            if (!DirectoryReader.TryStat(_root, followSymlink: true, out var rootStat, out var errno))
            {
                throw new DirectoryNotFoundException($"Location root {_root}: {DirectoryReader.Describe(errno)}");
            }
            if (rootStat.Kind != EntryKind.Directory)
            {
                throw new IOException($"Location root {_root} is not a directory.");
            }
            _rootDevice = rootStat.Device;
            var queue = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = false, SingleWriter = false });
            _pending = 1;
            var above = _rules.UseGitignore ? RepositoryIgnores.Above(_root, (path, message) => _errors.Add(path, "gitignore", message)) : null;
            queue.Writer.TryWrite(new Work(_root, "", 0, above));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var workers = Enumerable.Range(0, _workers)
                .Select(_ => Task.Run(() => WorkerAsync(queue, output, linked), CancellationToken.None))
                .ToArray();
            try
            {
                await Task.WhenAll(workers).ConfigureAwait(false);
            }
            catch
            {
                await linked.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch (Exception e)
        {
            failure = e;
            throw;
        }
        finally
        {
            output.TryComplete(failure);
        }
    }

    private async Task WorkerAsync(Channel<Work> queue, ChannelWriter<DirectoryListing> output, CancellationTokenSource linked)
    {
        var token = linked.Token;
        var entries = new List<RawEntry>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(token).ConfigureAwait(false))
            {
                while (queue.Reader.TryRead(out var work))
                {
                    token.ThrowIfCancellationRequested();
                    var children = await ReadAsync(work, entries, output, token).ConfigureAwait(false);
                    if (children is not null)
                    {
                        Interlocked.Add(ref _pending, children.Count);
                        foreach (var child in children)
                        {
                            queue.Writer.TryWrite(child);
                        }
                    }
                    if (Interlocked.Decrement(ref _pending) == 0)
                    {
                        queue.Writer.TryComplete();
                    }
                }
            }
        }
        catch
        {
            queue.Writer.TryComplete();
            await linked.CancelAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async ValueTask<List<Work>?> ReadAsync(Work work, List<RawEntry> entries, ChannelWriter<DirectoryListing> output, CancellationToken token)
    {
        _current = work.Path;
        entries.Clear();
        var fd = DirectoryReader.OpenDirectory(work.Path, followLast: work.Depth == 0, out var errno);
        if (fd < 0)
        {
            _errors.Add(work.Path, work.Depth == 0 && errno == 2 ? "root-vanished" : errno == 2 ? "vanished" : "read-dir",
                $"cannot open folder: {DirectoryReader.Describe(errno)}");
            await output.WriteAsync(new DirectoryListing(work.Path, work.Relative, work.Depth, [], Complete: false), token).ConfigureAwait(false);
            return null;
        }
        int readErrno;
        try
        {
            readErrno = DirectoryReader.ReadEntries(fd, entries, (name, e) =>
                _errors.Add(Join(work.Path, name), e == 2 ? "vanished" : "stat", $"cannot stat: {DirectoryReader.Describe(e)}"));
        }
        finally
        {
            DirectoryReader.Close(fd);
        }
        Interlocked.Increment(ref _directoriesRead);
        if (readErrno != 0)
        {
            _errors.Add(work.Path, "read-dir", $"cannot read folder: {DirectoryReader.Describe(readErrno)}");
        }

        var ignores = work.Ignores;
        if (_rules.UseGitignore)
        {
            foreach (var entry in entries)
            {
                if (entry.Stat.Kind == EntryKind.File && entry.Name == ".gitignore")
                {
                    ignores = LoadGitignore(work, ignores);
                    break;
                }
            }
        }

        var kept = new List<RawEntry>(entries.Count);
        List<Work>? children = null;
        List<DirectoryListing>? notDescended = null;
        foreach (var entry in entries)
        {
            var isDirectory = entry.Stat.Kind == EntryKind.Directory;
            var relative = work.Relative.Length == 0 ? entry.Name : work.Relative + "/" + entry.Name;
            if (_rules.Rejects(Join(work.Path, entry.Name), relative, entry.Name, isDirectory, ignores))
            {
                Interlocked.Increment(ref _skipped);
                continue;
            }
            kept.Add(entry);
            if (!isDirectory)
            {
                continue;
            }
            var path = Join(work.Path, entry.Name);
            var depth = work.Depth + 1;
            string? why = null;
            if (depth >= _maxDepth)
            {
                why = "";
            }
            else if (entry.Stat.Device != _rootDevice)
            {
                why = "mount-point";
                _errors.Add(path, why, "another file system is mounted here; not entered (add it as its own location)");
            }
            else if (depth > _depthLimit)
            {
                why = "too-deep";
                _errors.Add(path, why, $"deeper than {_depthLimit} folders; not entered");
            }
            if (why is null)
            {
                (children ??= []).Add(new Work(path, relative, depth, ignores));
            }
            else
            {
                (notDescended ??= []).Add(new DirectoryListing(path, relative, depth, [], Complete: false));
            }
        }
        Interlocked.Add(ref _entriesFound, kept.Count);
        await output.WriteAsync(new DirectoryListing(work.Path, work.Relative, work.Depth, kept, Complete: readErrno == 0), token).ConfigureAwait(false);
        if (notDescended is not null)
        {
            foreach (var listing in notDescended)
            {
                await output.WriteAsync(listing, token).ConfigureAwait(false);
            }
        }
        return children;
    }

    private IgnoreStack? LoadGitignore(Work work, IgnoreStack? parent)
    {
        var path = Join(work.Path, ".gitignore");
        try
        {
            using var handle = NativeFile.OpenRead(path);
            var length = (int)Math.Min(RandomAccess.GetLength(handle), 1 << 20);
            var bytes = new byte[length];
            var read = RandomAccess.Read(handle, bytes, 0);
            var text = System.Text.Encoding.UTF8.GetString(bytes, 0, read);
            return IgnoreStack.Push(parent, IgnoreFile.Parse(text), work.Relative);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _errors.Add(path, "gitignore", $"cannot read: {e.Message}");
            return parent;
        }
    }

    internal static string Join(string directory, string name) => directory == "/" ? "/" + name : directory + "/" + name;
}
