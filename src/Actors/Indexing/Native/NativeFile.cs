using Microsoft.Win32.SafeHandles;

namespace Spacedrive.Actors.Indexing.Native;

/// <summary>
/// Opens indexed files for reading by their stored path: names escaped by <see cref="FileNames"/>
/// are turned back into their raw bytes, and paths longer than PATH_MAX are opened relative to
/// their folder. Never follows a final symlink and never blocks on a FIFO (O_NONBLOCK).
/// </summary>
public static unsafe class NativeFile
{
    public static SafeFileHandle OpenRead(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        const int Flags = Libc.O_RDONLY | Libc.O_CLOEXEC | Libc.O_NONBLOCK | Libc.O_NOCTTY;
        var flags = Flags | Libc.O_NOFOLLOW;
        var bytes = FileNames.ToCString(path);
        int fd;
        int errno;
        if (bytes.Length <= 3000)
        {
            fixed (byte* p = bytes)
            {
                fd = Libc.open(p, flags, 0);
            }
            errno = fd < 0 ? Libc.LastError : 0;
        }
        else
        {
            var slash = path.LastIndexOf('/');
            var dirfd = DirectoryReader.OpenDirectory(path[..Math.Max(1, slash)], followLast: true, out errno);
            if (dirfd < 0)
            {
                throw Error(path, errno);
            }
            try
            {
                fixed (byte* p = FileNames.ToCString(path[(slash + 1)..]))
                {
                    fd = Libc.openat(dirfd, p, flags, 0);
                }
                errno = fd < 0 ? Libc.LastError : 0;
            }
            finally
            {
                Libc.close(dirfd);
            }
        }
        if (fd < 0)
        {
            throw Error(path, errno);
        }
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    private static Exception Error(string path, int errno) => errno switch
    {
        Libc.ENOENT => new FileNotFoundException($"{path}: {Libc.ErrorText(errno)}", path),
        Libc.EACCES => new UnauthorizedAccessException($"{path}: {Libc.ErrorText(errno)}"),
        _ => new IOException($"{path}: {Libc.ErrorText(errno)}", errno),
    };
}
