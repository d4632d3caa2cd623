using System.Buffers.Binary;
using Spacedrive.Actors.Content;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Validation;

/// <summary>What checking one indexed file against the disk found, before it is compared with the recorded integrity hash.</summary>
internal enum FileCheck
{
    /// <summary>Read whole: <see cref="FileVerdict.ContentHash"/> and <see cref="FileVerdict.IntegrityHash"/> are set.</summary>
    Hashed,
    /// <summary>Present with the indexed size and mtime but nothing to hash (empty) or nowhere to record it (not identified).</summary>
    Unhashed,
    Missing,
    Changed,
    Unreadable,
    /// <summary>Not checked: its location's folder is absent.</summary>
    Offline,
}

internal readonly record struct FileVerdict(FileCheck Check, string? ContentHash, string? IntegrityHash, long BytesRead, string? Reason);

/// <summary>
/// Checks one indexed file: a stat first (gone: missing; another size or mtime: changed, the index is stale, no bytes
/// read), then one read of the whole file giving both its sampled content hash and its full-file BLAKE3. Files up to
/// 100 KiB are read once into a buffer and both hashes come from it; larger ones get the six sampled reads and one
/// streaming pass. Thread-safe (per-thread buffers).
/// </summary>
internal static class FileVerifier
{
    [ThreadStatic]
    private static byte[]? t_small;

    public static FileVerdict Verify(string path, long indexedSize, long? indexedModifiedNs, bool hash, CancellationToken cancellationToken)
    {
        if (!DirectoryReader.TryStat(path, followSymlink: false, out var stat, out var errno))
        {
            return errno is Libc.ENOENT or Libc.ENOTDIR
                ? new FileVerdict(FileCheck.Missing, null, null, 0, "no such file")
                : new FileVerdict(FileCheck.Unreadable, null, null, 0, Libc.ErrorText(errno));
        }
        if (stat.Kind != Storage.Library.EntryKind.File)
            return new FileVerdict(FileCheck.Changed, null, null, 0, $"now a {stat.Kind.ToString().ToLowerInvariant()}");
        if (stat.Size != indexedSize)
            return new FileVerdict(FileCheck.Changed, null, null, 0, $"size {indexedSize} -> {stat.Size}");
        if (indexedModifiedNs is { } m && stat.ModifiedNs != m)
            return new FileVerdict(FileCheck.Changed, null, null, 0, "modified since indexed");
        if (!hash || stat.Size == 0) return new FileVerdict(FileCheck.Unhashed, null, null, 0, null);

        try
        {
            using var handle = NativeFile.OpenRead(path);
            if (!ContentSampling.IsSampled(stat.Size))
            {
                var buffer = t_small ??= GC.AllocateUninitializedArray<byte>(ContentSampling.PrefixLength + (int)ContentSampling.FullHashThreshold);
                var length = (int)stat.Size;
                BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)length);
                if (ReadAt(handle, buffer.AsSpan(ContentSampling.PrefixLength, length), 0) != length || RandomAccess.GetLength(handle) != length)
                    return new FileVerdict(FileCheck.Changed, null, null, length, "changed while read");
                Span<byte> digest = stackalloc byte[Blake3.HashSize];
                Blake3.Hash(buffer.AsSpan(0, ContentSampling.PrefixLength + length), digest);
                var contentHash = ContentHasher.ToContentHash(digest);
                Blake3.Hash(buffer.AsSpan(ContentSampling.PrefixLength, length), digest);
                if (File.GetLastWriteTimeUtc(handle) != DateTime.UnixEpoch.AddTicks(stat.ModifiedNs / 100))
                    return new FileVerdict(FileCheck.Changed, null, null, length, "changed while read");
                return new FileVerdict(FileCheck.Hashed, contentHash, Convert.ToHexStringLower(digest), length, null);
            }
            Span<byte> sampled = stackalloc byte[Blake3.HashSize];
            if (!ContentHasher.ForCurrentThread.TryHash(handle, stat.Size, sampled))
                return new FileVerdict(FileCheck.Changed, null, null, 0, "changed while read");
            var full = IntegrityHasher.Compute(handle, path, cancellationToken);
            return full.Outcome switch
            {
                ContentHashOutcome.Hashed => new FileVerdict(FileCheck.Hashed, ContentHasher.ToContentHash(sampled), full.Hash, stat.Size, null),
                ContentHashOutcome.Changed => new FileVerdict(FileCheck.Changed, null, null, 0, "changed while read"),
                _ => new FileVerdict(FileCheck.Unreadable, null, null, 0, full.Error),
            };
        }
        catch (FileNotFoundException)
        {
            return new FileVerdict(FileCheck.Missing, null, null, 0, "no such file");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new FileVerdict(FileCheck.Unreadable, null, null, 0, e.Message);
        }
    }

    private static int ReadAt(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (n <= 0) break;
            total += n;
        }
        return total;
    }
}
