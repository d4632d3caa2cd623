using System.Runtime.InteropServices;
using System.Text;

namespace Spacedrive.Actors.Indexing.Native;

/// <summary>One name read from a directory, with its statx result (or why it has none).</summary>
public readonly record struct RawEntry(string Name, FsStat Stat, string? SymlinkTarget);

/// <summary>
/// Reads directories the cheap way: open(O_DIRECTORY|O_NOFOLLOW) once, getdents64 for the names, and
/// one statx(dirfd, name, AT_SYMLINK_NOFOLLOW) per entry relative to that descriptor (so no path is
/// built per entry and paths longer than PATH_MAX work). Symlinks are never followed; the only extra
/// call is readlinkat for a symlink's target. Special files are stat'ed, never opened.
/// </summary>
public static unsafe class DirectoryReader
{
    private const int BufferSize = 64 * 1024;
    private const int StatxSize = 256;
    // open() takes at most PATH_MAX (4096) bytes; longer paths are opened piecewise with openat.
    private const int PathChunk = 3000;

    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>Stats a path (the location root); follows a final symlink only if asked.</summary>
    public static bool TryStat(string path, bool followSymlink, out FsStat stat, out int errno)
    {
        var bytes = FileNames.ToCString(path);
        if (bytes.Length > PathChunk)
        {
            var parent = Path.GetDirectoryName(path) ?? "/";
            var fd = OpenDirectory(parent, followLast: true, out errno);
            if (fd < 0)
            {
                stat = default;
                return false;
            }
            try
            {
                return TryStatAt(fd, FileNames.ToCString(Path.GetFileName(path)), followSymlink, out stat, out errno);
            }
            finally
            {
                Libc.close(fd);
            }
        }
        return TryStatAt(Libc.AT_FDCWD, bytes, followSymlink, out stat, out errno);
    }

    private static bool TryStatAt(int dirfd, byte[] cname, bool follow, out FsStat stat, out int errno)
    {
        var buffer = stackalloc byte[StatxSize];
        fixed (byte* p = cname)
        {
            if (Libc.statx(dirfd, p, follow ? 0 : Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS | Libc.STATX_BTIME, buffer) != 0)
            {
                errno = Libc.LastError;
                stat = default;
                return false;
            }
        }
        errno = 0;
        stat = FsStat.FromStatx(new ReadOnlySpan<byte>(buffer, StatxSize));
        return true;
    }

    /// <summary>
    /// Opens a directory for reading; returns the descriptor, or -1 with errno. The final component is
    /// not followed if it is a symlink (a directory swapped for a link during the walk is refused).
    /// </summary>
    public static int OpenDirectory(string path, bool followLast, out int errno)
    {
        var flags = Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC | Libc.O_NONBLOCK | (followLast ? 0 : Libc.O_NOFOLLOW);
        var bytes = FileNames.ToCString(path);
        if (bytes.Length <= PathChunk)
        {
            fixed (byte* p = bytes)
            {
                var fd = Libc.open(p, flags, 0);
                errno = fd < 0 ? Libc.LastError : 0;
                return fd;
            }
        }
        return OpenLong(bytes, flags, out errno);
    }

    // Walks a long path in pieces of < PATH_MAX bytes, each opened relative to the previous one.
    private static int OpenLong(byte[] cpath, int flags, out int errno)
    {
        var path = cpath.AsSpan(0, cpath.Length - 1);
        var dirfd = Libc.AT_FDCWD;
        var start = 0;
        try
        {
            while (start < path.Length)
            {
                var end = Math.Min(path.Length, start + PathChunk);
                if (end < path.Length)
                {
                    var slash = path[start..end].LastIndexOf((byte)'/');
                    if (slash <= 0)
                    {
                        errno = Libc.ENAMETOOLONG;
                        return -1;
                    }
                    end = start + slash;
                }
                var piece = new byte[end - start + 1];
                path[start..end].CopyTo(piece);
                var last = end >= path.Length;
                int fd;
                fixed (byte* p = piece)
                {
                    fd = Libc.openat(dirfd, p, last ? flags : Libc.O_RDONLY | Libc.O_DIRECTORY | Libc.O_CLOEXEC, 0);
                }
                if (fd < 0)
                {
                    errno = Libc.LastError;
                    return -1;
                }
                if (dirfd != Libc.AT_FDCWD)
                {
                    Libc.close(dirfd);
                }
                dirfd = fd;
                start = end;
                while (start < path.Length && path[start] == (byte)'/')
                {
                    start++;
                }
            }
            errno = 0;
            var result = dirfd;
            dirfd = Libc.AT_FDCWD;
            return result;
        }
        finally
        {
            if (dirfd != Libc.AT_FDCWD)
            {
                Libc.close(dirfd);
            }
        }
    }

    /// <summary>
    /// Reads every entry of an open directory ("." and ".." excluded) into <paramref name="entries"/>.
    /// Entries that vanish between the read and the stat, or cannot be stat'ed, go to
    /// <paramref name="onEntryError"/> (name, errno). Returns 0 or the errno of a failed read.
    /// </summary>
    public static int ReadEntries(int fd, List<RawEntry> entries, Action<string, int>? onEntryError)
    {
        var buffer = t_buffer ??= GC.AllocateUninitializedArray<byte>(BufferSize, pinned: true);
        var statBuffer = stackalloc byte[StatxSize];
        var linkBuffer = stackalloc byte[4096];
        fixed (byte* buf = buffer)
        {
            while (true)
            {
                var read = Libc.getdents64(fd, buf, BufferSize);
                if (read < 0)
                {
                    var errno = Libc.LastError;
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }
                    return errno;
                }
                if (read == 0)
                {
                    return 0;
                }
                var offset = 0;
                while (offset < read)
                {
                    // struct linux_dirent64 { u64 d_ino; s64 d_off; u16 d_reclen; u8 d_type; char d_name[]; }
                    var record = buf + offset;
                    var reclen = *(ushort*)(record + 16);
                    var name = record + 19;
                    offset += reclen;
                    var nameLength = new ReadOnlySpan<byte>(name, reclen - 19).IndexOf((byte)0);
                    if (nameLength < 0)
                    {
                        nameLength = reclen - 19;
                    }
                    if ((nameLength == 1 && name[0] == '.') || (nameLength == 2 && name[0] == '.' && name[1] == '.'))
                    {
                        continue;
                    }
                    var nameBytes = new ReadOnlySpan<byte>(name, nameLength);
                    if (Libc.statx(fd, name, Libc.AT_SYMLINK_NOFOLLOW, Libc.STATX_BASIC_STATS | Libc.STATX_BTIME, statBuffer) != 0)
                    {
                        onEntryError?.Invoke(FileNames.FromBytes(nameBytes), Libc.LastError);
                        continue;
                    }
                    var stat = FsStat.FromStatx(new ReadOnlySpan<byte>(statBuffer, StatxSize));
                    string? target = null;
                    if (stat.Kind == Spacedrive.Storage.Library.EntryKind.Symlink)
                    {
                        var length = Libc.readlinkat(fd, name, linkBuffer, 4096);
                        if (length >= 0)
                        {
                            target = FileNames.FromBytes(new ReadOnlySpan<byte>(linkBuffer, (int)length));
                        }
                    }
                    entries.Add(new RawEntry(FileNames.FromBytes(nameBytes), stat, target));
                }
            }
        }
    }

    public static void Close(int fd) => Libc.close(fd);

    internal static string Describe(int errno) => Libc.ErrorText(errno);

    internal static string Utf8(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);

    internal static bool IsRoot => Libc.IsRoot;

    internal static int MakeFifo(string path)
    {
        fixed (byte* p = FileNames.ToCString(path))
        {
            return Libc.mkfifo(p, Convert.ToUInt32("644", 8)) == 0 ? 0 : Marshal.GetLastPInvokeError();
        }
    }
}
