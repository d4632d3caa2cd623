using System.Runtime.InteropServices;

namespace Spacedrive.Actors.Indexing.Native;

/// <summary>
/// The few Linux system calls the indexer needs and .NET does not expose: statx (inode, device,
/// nanosecond times, birth time), directory reads by file descriptor (getdents64) and *at calls
/// relative to a directory descriptor, so that every entry costs one stat call and paths longer
/// than PATH_MAX can still be reached.
/// </summary>
internal static unsafe partial class Libc
{
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint STATX_BASIC_STATS = 0x7ff;
    public const uint STATX_BTIME = 0x800;

    public const int ENOENT = 2;
    public const int EACCES = 13;
    public const int ENOTDIR = 20;
    public const int ENAMETOOLONG = 36;
    public const int ELOOP = 40;
    public const int EINTR = 4;

    public const int O_RDONLY = 0;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NOCTTY = 0x100;

    // These two differ between architectures (asm-generic vs x86).
    public static readonly int O_DIRECTORY = IsArmLike ? 0x4000 : 0x10000;
    public static readonly int O_NOFOLLOW = IsArmLike ? 0x8000 : 0x20000;

    private static bool IsArmLike => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int open(byte* path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int openat(int dirfd, byte* path, int flags, int mode);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint getdents64(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int statx(int dirfd, byte* path, int flags, uint mask, byte* statxBuffer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint readlinkat(int dirfd, byte* path, byte* buffer, nuint size);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int statvfs(byte* path, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int mkfifo(byte* path, uint mode);

    [LibraryImport("libc")]
    public static partial uint geteuid();

    public static int LastError => Marshal.GetLastPInvokeError();

    public static string ErrorText(int errno) => errno switch
    {
        ENOENT => "no such file or directory",
        EACCES => "permission denied",
        ENOTDIR => "not a directory",
        ENAMETOOLONG => "name too long",
        ELOOP => "too many symbolic links",
        _ => Marshal.GetPInvokeErrorMessage(errno),
    };

    public static bool IsRoot => geteuid() == 0;
}
