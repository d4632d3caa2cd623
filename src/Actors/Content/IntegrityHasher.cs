using System.Buffers;
using Microsoft.Win32.SafeHandles;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Content;

/// <summary>
/// The full-file BLAKE3 (<c>integrity_hash</c>, 64 lowercase hex characters, equal to <c>b3sum</c>'s output)
/// that validation computes and that proves two files with the same sampled content id are really equal.
/// Reads in 4 MiB ranged reads into a pooled buffer; chunks are hashed on several threads
/// (<see cref="Blake3Hasher.UpdateParallel"/>) so one big file uses every core.
/// </summary>
public static class IntegrityHasher
{
    private const int ReadSize = 4 * 1024 * 1024;

    /// <summary>Full-file hash of the regular file at <paramref name="path"/>; never throws for I/O reasons.</summary>
    public static IntegrityHashResult Compute(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var handle = ContentFileAccess.TryOpen(path, out var failure, out var error);
        if (handle is null) return IntegrityHashResult.Failed(failure, error!);
        return Compute(handle, path, cancellationToken);
    }

    /// <summary>Full-file hash of an open file; <paramref name="displayPath"/> only names it in errors.</summary>
    public static IntegrityHashResult Compute(SafeFileHandle handle, string? displayPath = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(handle);
        string name = displayPath ?? "file";
        long size;
        DateTime modified;
        try
        {
            (size, modified) = ContentFileAccess.Stat(handle);
        }
        catch (IOException e)
        {
            return IntegrityHashResult.Failed(ContentHashOutcome.Unreadable, $"{name}: {e.Message}");
        }

        var hasher = Blake3Hasher.New();
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(ReadSize, Math.Max(size, 1)));
        try
        {
            long offset = 0;
            while (offset < size)
            {
                cancellationToken.ThrowIfCancellationRequested();
                int want = (int)Math.Min(buffer.Length, size - offset);
                int n = ContentFileAccess.ReadAt(handle, buffer.AsSpan(0, want), offset);
                if (n != want)
                    return IntegrityHashResult.Failed(ContentHashOutcome.Changed, $"{name}: shorter than its size {size} while read", size, modified);
                hasher.UpdateParallel(buffer.AsSpan(0, n));
                offset += n;
            }
            // A file that grew while read has more bytes past the size observed first.
            Span<byte> probe = stackalloc byte[1];
            var (sizeAfter, modifiedAfter) = ContentFileAccess.Stat(handle);
            if (sizeAfter != size || modifiedAfter != modified || RandomAccess.Read(handle, probe, size) != 0)
                return IntegrityHashResult.Failed(ContentHashOutcome.Changed, $"{name}: changed while read", size, modified);
        }
        catch (IOException e)
        {
            return IntegrityHashResult.Failed(ContentHashOutcome.Unreadable, $"{name}: {e.Message}", size, modified);
        }
        catch (UnauthorizedAccessException e)
        {
            return IntegrityHashResult.Failed(ContentHashOutcome.Unreadable, $"{name}: {e.Message}", size, modified);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        Span<byte> digest = stackalloc byte[Blake3.HashSize];
        hasher.Finalize(digest);
        return new IntegrityHashResult(ContentHashOutcome.Hashed, Convert.ToHexStringLower(digest), size, modified, null);
    }
}
