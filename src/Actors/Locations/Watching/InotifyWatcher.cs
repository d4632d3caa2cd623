using System.Runtime.InteropServices;

namespace Spacedrive.Actors.Locations.Watching;

/// <summary>What one read of the inotify queue says changed under a watched tree.</summary>
public sealed record WatchBatch(IReadOnlyList<DirtyPath> Dirty, bool Overflow, bool RootGone, IReadOnlyList<string> WatchLimitReached);

/// <summary>
/// inotify on a whole tree (the kernel watches single folders: one watch per folder, added for new
/// folders as they appear), read on a dedicated thread. FileSystemWatcher hides IN_Q_OVERFLOW and the
/// rename cookies, and reports a watch limit only as an error event, so this talks to the kernel
/// directly. Every event turns into "this folder's children changed" (the folder holding the name),
/// plus "this folder and everything below it" for a folder created or moved in (its contents may
/// predate its watch). Overflow (events dropped by the kernel) and the watch limit (ENOSPC) are
/// reported, never swallowed: the owner rescans. The thread sleeps in poll(2); an idle tree costs
/// four wake-ups a second.
/// </summary>
public sealed unsafe partial class InotifyWatcher : IDisposable
{
    private const uint IN_MODIFY = 0x2, IN_ATTRIB = 0x4, IN_CLOSE_WRITE = 0x8, IN_MOVED_FROM = 0x40, IN_MOVED_TO = 0x80,
        IN_CREATE = 0x100, IN_DELETE = 0x200, IN_DELETE_SELF = 0x400, IN_MOVE_SELF = 0x800, IN_UNMOUNT = 0x2000,
        IN_Q_OVERFLOW = 0x4000, IN_IGNORED = 0x8000, IN_ONLYDIR = 0x01000000, IN_DONT_FOLLOW = 0x02000000,
        IN_EXCL_UNLINK = 0x04000000, IN_ISDIR = 0x40000000;
    private const uint Mask = IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE | IN_MOVED_FROM | IN_MOVED_TO | IN_CREATE | IN_DELETE
        | IN_DELETE_SELF | IN_MOVE_SELF | IN_ONLYDIR | IN_DONT_FOLLOW | IN_EXCL_UNLINK;
    private const int IN_NONBLOCK = 0x800, IN_CLOEXEC = 0x80000;
    private const int ENOSPC = 28, EINTR = 4, EAGAIN = 11;
    private const short POLLIN = 1;

    private readonly string _root;
    private readonly Func<string, bool> _watchable;
    private readonly Action<WatchBatch> _onBatch;
    private readonly Dictionary<int, string> _paths = [];
    private readonly List<string> _limitReached = [];
    private int _fd = -1;
    private int _rootWd = -1;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <param name="watchable">Whether a folder (absolute path) below the root should be watched (rules reject build folders…).</param>
    /// <param name="onBatch">Called on the watcher's thread for every read with something in it.</param>
    public InotifyWatcher(string root, Func<string, bool> watchable, Action<WatchBatch> onBatch)
    {
        _root = root.Length > 1 ? root.TrimEnd('/') : root;
        _watchable = watchable;
        _onBatch = onBatch;
    }

    /// <summary>Folders watched now.</summary>
    public int WatchCount
    {
        get
        {
            lock (_paths)
            {
                return _paths.Count;
            }
        }
    }

    /// <summary>Folders that could not be watched because the kernel's limit (fs.inotify.max_user_watches) was reached.</summary>
    public IReadOnlyList<string> LimitReached
    {
        get
        {
            lock (_paths)
            {
                return [.. _limitReached];
            }
        }
    }

    /// <summary>Watches the tree and starts the reader thread; false (with errno) if inotify is unavailable or the root cannot be watched.</summary>
    public bool Start(out int errno)
    {
        _fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
        if (_fd < 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return false;
        }
        _rootWd = AddTree(_root);
        if (_rootWd < 0)
        {
            errno = -_rootWd;
            close(_fd);
            _fd = -1;
            return false;
        }
        errno = 0;
        _thread = new Thread(Run) { IsBackground = true, Name = "inotify " + _root };
        _thread.Start();
        return true;
    }

    // Adds watches on a folder and every watchable folder below it; returns the top's watch descriptor or -errno.
    private int AddTree(string top)
    {
        var topWd = AddWatch(top);
        if (topWd < 0)
        {
            return topWd;
        }
        var pending = new Stack<string>();
        pending.Push(top);
        var options = new EnumerationOptions
        {
            IgnoreInaccessible = true,
            RecurseSubdirectories = false,
            AttributesToSkip = FileAttributes.ReparsePoint,
            ReturnSpecialDirectories = false,
        };
        while (pending.Count > 0)
        {
            var folder = pending.Pop();
            IEnumerable<string> children;
            try
            {
                children = Directory.EnumerateDirectories(folder, "*", options).ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            foreach (var child in children)
            {
                if (!_watchable(child))
                {
                    continue;
                }
                if (AddWatch(child) >= 0)
                {
                    pending.Push(child);
                }
            }
        }
        return topWd;
    }

    private int AddWatch(string path)
    {
        var bytes = Spacedrive.Actors.Indexing.FileNames.ToCString(path);
        int wd;
        fixed (byte* p = bytes)
        {
            // The root may be a symlink to the folder (as the indexer follows it); below it nothing is followed.
            wd = inotify_add_watch(_fd, p, path == _root ? Mask & ~IN_DONT_FOLLOW : Mask);
        }
        if (wd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno == ENOSPC)
            {
                lock (_paths)
                {
                    _limitReached.Add(path);
                }
            }
            return -errno;
        }
        lock (_paths)
        {
            _paths[wd] = path;
        }
        return wd;
    }

    private void RemoveTree(string top)
    {
        lock (_paths)
        {
            foreach (var (wd, path) in _paths.ToList())
            {
                if (path == top || path.StartsWith(top + "/", StringComparison.Ordinal))
                {
                    inotify_rm_watch(_fd, wd);
                    _paths.Remove(wd);
                }
            }
        }
    }

    private string? PathOf(int wd)
    {
        lock (_paths)
        {
            return _paths.GetValueOrDefault(wd);
        }
    }

    private void Run()
    {
        var buffer = new byte[256 * 1024];
        var poll = stackalloc PollFd[1];
        while (!_stopping)
        {
            poll[0] = new PollFd { Fd = _fd, Events = POLLIN };
            var ready = poll_(poll, 1, 250);
            if (_stopping)
            {
                return;
            }
            if (ready <= 0)
            {
                continue;
            }
            var dirty = new List<DirtyPath>();
            var overflow = false;
            var rootGone = false;
            var limitBefore = LimitReached.Count;
            // Reads until the queue is empty, so a burst arrives as one batch.
            while (!_stopping)
            {
                nint read;
                fixed (byte* b = buffer)
                {
                    read = read_(_fd, b, (nuint)buffer.Length);
                }
                if (read < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
                    {
                        continue;
                    }
                    break; // EAGAIN: drained
                }
                if (read == 0)
                {
                    break;
                }
                Parse(buffer.AsSpan(0, (int)read), dirty, ref overflow, ref rootGone);
                if (dirty.Count > 100_000)
                {
                    break;
                }
            }
            var limit = LimitReached;
            if (dirty.Count > 0 || overflow || rootGone || limit.Count > limitBefore)
            {
                _onBatch(new WatchBatch(dirty, overflow, rootGone, [.. limit.Skip(limitBefore)]));
            }
        }
    }

    private void Parse(ReadOnlySpan<byte> data, List<DirtyPath> dirty, ref bool overflow, ref bool rootGone)
    {
        Dictionary<uint, string>? movedFrom = null;
        var offset = 0;
        while (offset + 16 <= data.Length)
        {
            var wd = MemoryMarshal.Read<int>(data[offset..]);
            var mask = MemoryMarshal.Read<uint>(data[(offset + 4)..]);
            var cookie = MemoryMarshal.Read<uint>(data[(offset + 8)..]);
            var length = (int)MemoryMarshal.Read<uint>(data[(offset + 12)..]);
            var nameBytes = data.Slice(offset + 16, length);
            var end = nameBytes.IndexOf((byte)0);
            var name = Spacedrive.Actors.Indexing.FileNames.FromBytes(end < 0 ? nameBytes : nameBytes[..end]);
            offset += 16 + length;

            if ((mask & IN_Q_OVERFLOW) != 0)
            {
                overflow = true;
                continue;
            }
            var folder = PathOf(wd);
            if ((mask & IN_IGNORED) != 0)
            {
                lock (_paths)
                {
                    _paths.Remove(wd);
                }
                if (wd == _rootWd)
                {
                    rootGone = true;
                }
                continue;
            }
            if (folder is null)
            {
                continue;
            }
            if (name.Length == 0)
            {
                // An event on the watched folder itself.
                if (wd == _rootWd && (mask & (IN_DELETE_SELF | IN_MOVE_SELF | IN_UNMOUNT)) != 0)
                {
                    rootGone = true;
                }
                else if ((mask & IN_ATTRIB) != 0 && folder != _root)
                {
                    dirty.Add(new DirtyPath(Path.GetDirectoryName(folder) ?? _root, false));
                }
                continue;
            }
            dirty.Add(new DirtyPath(folder, false));
            if ((mask & IN_ISDIR) == 0)
            {
                continue;
            }
            var path = folder == "/" ? "/" + name : folder + "/" + name;
            if ((mask & (IN_CREATE | IN_MOVED_TO)) != 0)
            {
                if (cookie != 0)
                {
                    movedFrom?.Remove(cookie);
                }
                if (_watchable(path))
                {
                    AddTree(path);
                    dirty.Add(new DirtyPath(path, true));
                }
            }
            else if ((mask & IN_MOVED_FROM) != 0)
            {
                (movedFrom ??= [])[cookie] = path;
            }
        }
        // Folders moved away with no arrival in this read left the tree: their watches go.
        if (movedFrom is not null)
        {
            foreach (var gone in movedFrom.Values)
            {
                RemoveTree(gone);
            }
        }
    }

    /// <summary>Adds watches again below a folder (after an overflow, watches for folders created meanwhile may be missing).</summary>
    public void Rewatch(string top) => AddTree(top);

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join();
        if (_fd >= 0)
        {
            close(_fd);
            _fd = -1;
        }
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int inotify_init1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int inotify_add_watch(int fd, byte* path, uint mask);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int inotify_rm_watch(int fd, int wd);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int close(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static partial nint read_(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int poll_(PollFd* fds, nuint count, int timeoutMs);
}
