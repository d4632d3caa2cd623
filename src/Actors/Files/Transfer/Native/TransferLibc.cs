using System.Runtime.InteropServices;

namespace Spacedrive.Actors.Files.Transfer.Native;

/// <summary>
/// The Linux calls a transfer needs and .NET does not expose: reflink (FICLONE), in-kernel copy (copy_file_range),
/// rename without replacing (renameat2 RENAME_NOREPLACE), nanosecond times (statx, futimens), syncfs and statvfs.
/// Paths are passed as UTF-8; every call reports failure through errno.
/// </summary>
internal static unsafe partial class TransferLibc
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint STATX_BASIC_STATS = 0x7ff;
    public const uint RENAME_NOREPLACE = 1;
    public const ulong FICLONE = 0x40049409;

    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EIO = 5;
    public const int EBADF = 9;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int ETXTBSY = 26;
    public const int EFBIG = 27;
    public const int ENOSPC = 28;
    public const int EROFS = 30;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int EOPNOTSUPP = 95;
    public const int EDQUOT = 122;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_TRUNC = 0x200;
    public const int O_CLOEXEC = 0x80000;
    public static readonly int O_DIRECTORY = IsArmLike ? 0x4000 : 0x10000;
    public static readonly int O_NOFOLLOW = IsArmLike ? 0x8000 : 0x20000;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFLNK = 0xA000;

    private static bool IsArmLike => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint pwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint copy_file_range(int fdIn, long* offIn, int fdOut, long* offOut, nuint len, uint flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ioctl(int fd, ulong request, nint arg);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fsync(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int syncfs(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchmod(int fd, uint mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int fchown(int fd, uint uid, uint gid);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int futimens(int fd, Timespec* times);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int utimensat(int dirfd, string path, Timespec* times, int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int chmod(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int lchown(string path, uint uid, uint gid);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statx(int dirfd, string path, int flags, uint mask, byte* statxBuffer);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int renameat2(int olddirfd, string oldpath, int newdirfd, string newpath, uint flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rename(string oldpath, string newpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int unlink(string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int rmdir(string path);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int mkdir(string path, uint mode);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int symlink(string target, string linkpath);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statvfs(string path, byte* buffer);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    public static int LastError => Marshal.GetLastPInvokeError();

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    /// <summary>The fields of a statx result a transfer compares and preserves.</summary>
    public readonly record struct FileStat(uint Mode, uint Uid, uint Gid, long Size, long AtimeSec, uint AtimeNsec, long MtimeSec, uint MtimeNsec, ulong Device, ulong Inode)
    {
        public uint Type => Mode & S_IFMT;
        public bool IsFile => Type == S_IFREG;
        public bool IsDirectory => Type == S_IFDIR;
        public bool IsSymlink => Type == S_IFLNK;
        public uint Permissions => Mode & 0xFFF;
        public long MtimeNs => (MtimeSec * 1_000_000_000L) + MtimeNsec;
    }

    /// <summary>lstat (or stat when <paramref name="follow"/>); null with errno in <paramref name="errno"/> on failure.</summary>
    public static FileStat? Stat(string path, bool follow, out int errno)
    {
        byte* buf = stackalloc byte[256];
        if (statx(AT_FDCWD, path, follow ? 0 : AT_SYMLINK_NOFOLLOW, STATX_BASIC_STATS, buf) != 0)
        {
            errno = LastError;
            return null;
        }
        errno = 0;
        return Parse(buf);
    }

    public static FileStat FStat(int fd)
    {
        byte* buf = stackalloc byte[256];
        if (statx(fd, "", AT_EMPTY_PATH, STATX_BASIC_STATS, buf) != 0) throw TransferIOException.FromErrno(LastError, "stat of an open file");
        return Parse(buf);
    }

    private static FileStat Parse(byte* b) => new(
        Mode: *(ushort*)(b + 28),
        Uid: *(uint*)(b + 20),
        Gid: *(uint*)(b + 24),
        Size: *(long*)(b + 40),
        AtimeSec: *(long*)(b + 64),
        AtimeNsec: *(uint*)(b + 72),
        MtimeSec: *(long*)(b + 112),
        MtimeNsec: *(uint*)(b + 120),
        Device: ((ulong)*(uint*)(b + 136) << 32) | *(uint*)(b + 140),
        Inode: *(ulong*)(b + 32));

    /// <summary>Bytes available to an unprivileged user on the file system holding <paramref name="path"/>.</summary>
    public static long AvailableBytes(string path)
    {
        // struct statvfs (x86-64, arm64): f_bsize, f_frsize, f_blocks, f_bfree, f_bavail, ...
        byte* buf = stackalloc byte[128];
        if (statvfs(path, buf) != 0) throw TransferIOException.FromErrno(LastError, path);
        var frsize = *(ulong*)(buf + 8);
        var bavail = *(ulong*)(buf + 32);
        return (long)Math.Min((ulong)long.MaxValue, frsize * bavail);
    }

    /// <summary>statfs f_type of the file system holding <paramref name="path"/> (btrfs, xfs... support reflinks).</summary>
    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int statfs(string path, byte* buffer);

    public static long FileSystemType(string path)
    {
        byte* buf = stackalloc byte[128];
        return statfs(path, buf) != 0 ? 0 : *(long*)buf;
    }

    public static string ErrorText(int errno) => Marshal.GetPInvokeErrorMessage(errno);
}

internal static partial class TransferLibc
{
    public const int W_OK = 2;
    public const int X_OK = 1;

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int AccessRaw(string path, int mode);

    /// <summary>0 when allowed, else the errno.</summary>
    public static int Access(string path, int mode) => AccessRaw(path, mode) == 0 ? 0 : LastError;
}
