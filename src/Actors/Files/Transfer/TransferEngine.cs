using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using Spacedrive.Actors.Files.Transfer.Native;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Files.Transfer;

/// <summary>A source file changed (size or modification time) while it was copied.</summary>
public sealed class SourceChangedException(string message) : IOException(message);

/// <summary>What a file copy produced under its temporary name.</summary>
/// <param name="Hash">BLAKE3 of the source as read, when asked (for --verify).</param>
/// <param name="Method">clone, copy_file_range or stream.</param>
public sealed record StagedCopy(string Temporary, byte[]? Hash, long Bytes, string Method);

/// <summary>Called after each chunk of a large file, so its job can checkpoint the offset (the data up to it is fsynced first).</summary>
public interface IChunkObserver
{
    bool ShouldCheckpoint(long offset);

    Task CheckpointAsync(long offset);
}

/// <summary>
/// The per-file steps of a transfer, on raw file descriptors: data goes to a temporary name in the destination folder,
/// by reflink, else copy_file_range, else a large-buffer stream; mode, owner (as root) and nanosecond times are set on
/// it; it is renamed into place without replacing (unless overwriting). The source is checked for change around the
/// copy. Nothing here decides policy: the job does.
/// </summary>
public sealed class TransferEngine(TransferSettings settings, ITransferFaults? faults = null)
{
    private static readonly bool IsRoot = TransferLibc.geteuid() == 0;
    private int _cloneUnsupported;
    private int _copyRangeUnsupported;

    public TransferSettings Settings { get; } = settings;

    /// <summary>The temporary name of <paramref name="destination"/> for job <paramref name="jobTag"/>: hidden, in the same folder, deterministic (so a resumed job finds it).</summary>
    public static string TemporaryName(string destination, string jobTag)
    {
        var folder = Path.GetDirectoryName(destination) ?? "/";
        var name = $".sd-partial-{jobTag}-{Path.GetFileName(destination)}";
        if (Encoding.UTF8.GetByteCount(name) > 255)
            name = $".sd-partial-{jobTag}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(destination)))[..32]}";
        return Path.Combine(folder, name);
    }

    /// <summary>
    /// Copies <paramref name="source"/> to <paramref name="temporary"/> from <paramref name="startOffset"/> (a resumed
    /// large file: the temporary is cut back to it), sets mode and times, and fsyncs it when durability is per file.
    /// Throws <see cref="SourceChangedException"/> when the source changed meanwhile, <see cref="TransferIOException"/> on errors.
    /// </summary>
    public async Task<StagedCopy> CopyFileAsync(string source, string temporary, long startOffset, bool hash, int attempt, IChunkObserver? observer, CancellationToken ct)
    {
        var src = TransferLibc.open(source, TransferLibc.O_RDONLY | TransferLibc.O_CLOEXEC | TransferLibc.O_NOFOLLOW, 0);
        if (src < 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot open {source}");
        int dst = -1;
        try
        {
            var before = TransferLibc.FStat(src);
            if (!before.IsFile) throw new SourceChangedException($"{source} is no longer a regular file");
            var flags = TransferLibc.O_WRONLY | TransferLibc.O_CREAT | TransferLibc.O_CLOEXEC | TransferLibc.O_NOFOLLOW | (startOffset > 0 ? 0 : TransferLibc.O_TRUNC);
            dst = TransferLibc.open(temporary, flags, 0x180);
            if (dst < 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot create {temporary}");
            var offset = 0L;
            if (startOffset > 0)
            {
                var length = TransferLibc.FStat(dst).Size;
                offset = length >= startOffset && startOffset <= before.Size ? startOffset : 0;
                if (TransferLibc.ftruncate(dst, offset) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot cut {temporary} back");
            }

            Blake3Hasher? hasher = hash ? Blake3Hasher.New() : null;
            string method;
            if (hasher is null && offset == 0 && before.Size > 0 && Volatile.Read(ref _cloneUnsupported) == 0 && faults is null && TryClone(src, dst))
            {
                method = "clone";
                offset = before.Size;
            }
            else
            {
                if (hasher is not null && offset > 0) HashPrefix(src, offset, hasher);
                method = await CopyDataAsync(source, temporary, src, dst, offset, before.Size, hasher, attempt, observer, ct).ConfigureAwait(false);
                offset = before.Size;
            }

            var after = TransferLibc.FStat(src);
            if (after.Size != before.Size || after.MtimeNs != before.MtimeNs)
                throw new SourceChangedException($"{source} changed while it was copied (size {before.Size} -> {after.Size})");
            ApplyMetadata(dst, before, temporary);
            if (Settings.Durability == TransferDurability.File && TransferLibc.fsync(dst) != 0)
                throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot flush {temporary}");
            return new StagedCopy(temporary, hasher?.Finalize(), before.Size, method);
        }
        finally
        {
            if (dst >= 0) TransferLibc.close(dst);
            TransferLibc.close(src);
        }
    }

    private bool TryClone(int src, int dst)
    {
        if (TransferLibc.ioctl(dst, TransferLibc.FICLONE, src) == 0) return true;
        var errno = TransferLibc.LastError;
        if (errno is TransferLibc.EOPNOTSUPP or TransferLibc.EXDEV or TransferLibc.EINVAL or TransferLibc.ENOSYS or 25 /* ENOTTY */)
            Volatile.Write(ref _cloneUnsupported, 1);
        return false;
    }

    private unsafe void HashPrefix(int src, long length, Blake3Hasher hasher)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(Settings.BufferBytes);
        try
        {
            fixed (byte* p = buffer)
            {
                var pos = 0L;
                while (pos < length)
                {
                    var n = TransferLibc.pread(src, p, (nuint)Math.Min(buffer.Length, length - pos), pos);
                    if (n < 0 && TransferLibc.LastError == TransferLibc.EINTR) continue;
                    if (n <= 0) throw new SourceChangedException("the source is shorter than the part already copied");
                    hasher.Update(buffer.AsSpan(0, (int)n));
                    pos += n;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<string> CopyDataAsync(string source, string temporary, int src, int dst, long offset, long size, Blake3Hasher? hasher, int attempt,
        IChunkObserver? observer, CancellationToken ct)
    {
        var method = hasher is null && Volatile.Read(ref _copyRangeUnsupported) == 0 ? "copy_file_range" : "stream";
        byte[]? buffer = null;
        try
        {
            while (offset < size)
            {
                ct.ThrowIfCancellationRequested();
                faults?.BeforeChunk(source, temporary, offset, attempt);
                var want = Math.Min(Settings.ChunkBytes, size - offset);
                long done;
                if (method == "copy_file_range")
                {
                    done = CopyRange(src, dst, offset, want, out var unsupported);
                    if (unsupported)
                    {
                        Volatile.Write(ref _copyRangeUnsupported, 1);
                        method = "stream";
                        continue;
                    }
                }
                else
                {
                    buffer ??= ArrayPool<byte>.Shared.Rent(Settings.BufferBytes);
                    done = Stream(src, dst, offset, want, buffer, hasher);
                }
                if (done == 0) throw new SourceChangedException($"{source} became shorter while it was copied");
                offset += done;
                if (observer is not null && offset < size && observer.ShouldCheckpoint(offset))
                {
                    if (TransferLibc.fsync(dst) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot flush {temporary}");
                    await observer.CheckpointAsync(offset).ConfigureAwait(false);
                }
            }
            return method;
        }
        finally
        {
            if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static unsafe long CopyRange(int src, int dst, long offset, long length, out bool unsupported)
    {
        unsupported = false;
        long done = 0;
        while (done < length)
        {
            long inOff = offset + done, outOff = offset + done;
            var n = TransferLibc.copy_file_range(src, &inOff, dst, &outOff, (nuint)(length - done), 0);
            if (n < 0)
            {
                var errno = TransferLibc.LastError;
                if (errno == TransferLibc.EINTR) continue;
                if (done == 0 && errno is TransferLibc.EXDEV or TransferLibc.EINVAL or TransferLibc.ENOSYS or TransferLibc.EOPNOTSUPP or TransferLibc.EIO or TransferLibc.EBADF)
                {
                    unsupported = errno != TransferLibc.EIO;
                    if (unsupported) return 0;
                }
                throw TransferIOException.FromErrno(errno, "Copy failed");
            }
            if (n == 0) break;
            done += n;
        }
        return done;
    }

    private static unsafe long Stream(int src, int dst, long offset, long length, byte[] buffer, Blake3Hasher? hasher)
    {
        long done = 0;
        fixed (byte* p = buffer)
        {
            while (done < length)
            {
                var n = TransferLibc.pread(src, p, (nuint)Math.Min(buffer.Length, length - done), offset + done);
                if (n < 0)
                {
                    if (TransferLibc.LastError == TransferLibc.EINTR) continue;
                    throw TransferIOException.FromErrno(TransferLibc.LastError, "Read failed");
                }
                if (n == 0) break;
                hasher?.Update(buffer.AsSpan(0, (int)n));
                long written = 0;
                while (written < n)
                {
                    var w = TransferLibc.pwrite(dst, p + written, (nuint)(n - written), offset + done + written);
                    if (w < 0)
                    {
                        if (TransferLibc.LastError == TransferLibc.EINTR) continue;
                        throw TransferIOException.FromErrno(TransferLibc.LastError, "Write failed");
                    }
                    written += w;
                }
                done += n;
            }
        }
        return done;
    }

    private static unsafe void ApplyMetadata(int fd, TransferLibc.FileStat stat, string what)
    {
        if (IsRoot) _ = TransferLibc.fchown(fd, stat.Uid, stat.Gid); // best effort, like cp -a
        if (TransferLibc.fchmod(fd, stat.Permissions) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot set the mode of {what}");
        var times = stackalloc TransferLibc.Timespec[2];
        times[0] = new TransferLibc.Timespec { Seconds = stat.AtimeSec, Nanoseconds = stat.AtimeNsec };
        times[1] = new TransferLibc.Timespec { Seconds = stat.MtimeSec, Nanoseconds = stat.MtimeNsec };
        if (TransferLibc.futimens(fd, times) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot set the times of {what}");
    }

    /// <summary>Recreates the symlink <paramref name="source"/> at <paramref name="temporary"/> with its times.</summary>
    public static unsafe void CopySymlink(string source, string temporary)
    {
        var target = new FileInfo(source).LinkTarget ?? throw new SourceChangedException($"{source} is no longer a symlink");
        var stat = TransferLibc.Stat(source, follow: false, out var errno) ?? throw TransferIOException.FromErrno(errno, $"Cannot read {source}");
        _ = TransferLibc.unlink(temporary);
        if (TransferLibc.symlink(target, temporary) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot create {temporary}");
        if (IsRoot) _ = TransferLibc.lchown(temporary, stat.Uid, stat.Gid);
        var times = stackalloc TransferLibc.Timespec[2];
        times[0] = new TransferLibc.Timespec { Seconds = stat.AtimeSec, Nanoseconds = stat.AtimeNsec };
        times[1] = new TransferLibc.Timespec { Seconds = stat.MtimeSec, Nanoseconds = stat.MtimeNsec };
        _ = TransferLibc.utimensat(TransferLibc.AT_FDCWD, temporary, times, TransferLibc.AT_SYMLINK_NOFOLLOW);
    }

    /// <summary>Renames into place; false when the name is taken and <paramref name="overwrite"/> is off.</summary>
    public static bool Commit(string temporary, string destination, bool overwrite)
    {
        if (overwrite)
        {
            if (TransferLibc.rename(temporary, destination) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot rename into {destination}");
            return true;
        }
        if (TransferLibc.renameat2(TransferLibc.AT_FDCWD, temporary, TransferLibc.AT_FDCWD, destination, TransferLibc.RENAME_NOREPLACE) == 0) return true;
        var errno = TransferLibc.LastError;
        if (errno == TransferLibc.EEXIST) return false;
        if (errno is TransferLibc.EINVAL or TransferLibc.ENOSYS)
        {
            // A file system without RENAME_NOREPLACE: check, then rename (a narrow race, on such file systems only).
            if (TransferLibc.Stat(destination, follow: false, out _) is not null) return false;
            if (TransferLibc.rename(temporary, destination) == 0) return true;
            errno = TransferLibc.LastError;
        }
        throw TransferIOException.FromErrno(errno, $"Cannot rename into {destination}");
    }

    /// <summary>Creates a folder (no error when it exists), writable by us until its mode is set at the end.</summary>
    public static void MakeDirectory(string path, uint mode)
    {
        if (TransferLibc.mkdir(path, (mode & 0xFFF) | 0x1C0) == 0) return;
        var errno = TransferLibc.LastError;
        if (errno == TransferLibc.EEXIST && Directory.Exists(path)) return;
        throw TransferIOException.FromErrno(errno, $"Cannot create the folder {path}");
    }

    /// <summary>Sets a folder's mode and times from its source (after its contents are written, so the times stay).</summary>
    internal static unsafe void CopyDirectoryMetadata(TransferLibc.FileStat stat, string destination)
    {
        if (IsRoot) _ = TransferLibc.lchown(destination, stat.Uid, stat.Gid);
        _ = TransferLibc.chmod(destination, stat.Permissions);
        var times = stackalloc TransferLibc.Timespec[2];
        times[0] = new TransferLibc.Timespec { Seconds = stat.AtimeSec, Nanoseconds = stat.AtimeNsec };
        times[1] = new TransferLibc.Timespec { Seconds = stat.MtimeSec, Nanoseconds = stat.MtimeNsec };
        _ = TransferLibc.utimensat(TransferLibc.AT_FDCWD, destination, times, 0);
    }

    /// <summary>Makes names created or removed in <paramref name="folder"/> durable.</summary>
    public static void SyncDirectory(string folder)
    {
        var fd = TransferLibc.open(folder, TransferLibc.O_RDONLY | TransferLibc.O_DIRECTORY | TransferLibc.O_CLOEXEC, 0);
        if (fd < 0) return;
        try
        {
            _ = TransferLibc.fsync(fd);
        }
        finally
        {
            TransferLibc.close(fd);
        }
    }

    /// <summary>Flushes the whole file system holding <paramref name="path"/> (one barrier for a batch of files).</summary>
    public static void SyncFileSystem(string path)
    {
        var fd = TransferLibc.open(path, TransferLibc.O_RDONLY | TransferLibc.O_DIRECTORY | TransferLibc.O_CLOEXEC, 0);
        if (fd < 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot open {path}");
        try
        {
            if (TransferLibc.syncfs(fd) != 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot flush the file system of {path}");
        }
        finally
        {
            TransferLibc.close(fd);
        }
    }

    /// <summary>BLAKE3 of a file as it is on disk now (the verification read).</summary>
    public unsafe byte[] HashFile(string path)
    {
        var fd = TransferLibc.open(path, TransferLibc.O_RDONLY | TransferLibc.O_CLOEXEC | TransferLibc.O_NOFOLLOW, 0);
        if (fd < 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot open {path}");
        var buffer = ArrayPool<byte>.Shared.Rent(Settings.BufferBytes);
        try
        {
            var hasher = Blake3Hasher.New();
            fixed (byte* p = buffer)
            {
                for (long pos = 0; ;)
                {
                    var n = TransferLibc.pread(fd, p, (nuint)buffer.Length, pos);
                    if (n < 0 && TransferLibc.LastError == TransferLibc.EINTR) continue;
                    if (n < 0) throw TransferIOException.FromErrno(TransferLibc.LastError, $"Cannot read {path}");
                    if (n == 0) break;
                    hasher.Update(buffer.AsSpan(0, (int)n));
                    pos += n;
                }
            }
            return hasher.Finalize();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            TransferLibc.close(fd);
        }
    }

    public void AfterCopy(string source, string destination) => faults?.AfterCopy(source, destination);
}
