using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Spacedrive.Messages;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Content;

/// <summary>
/// Computes content identities (DESIGN §4), byte-compatible with Spacedrive's <c>ContentHashGenerator</c>:
/// the same file gets the same content_hash and content UUID as in Spacedrive.
/// <para>
/// Cost per file: one open, two fstat before and two after reading, one ranged read for a small file or six
/// for a sampled one (no bytes between the windows are read), and one one-shot BLAKE3 over a reused buffer
/// that holds the size prefix followed by the windows, i.e. exactly the byte sequence the reference feeds
/// its incremental hasher. An instance owns its 100 KiB buffer and is not thread-safe: give each worker
/// its own, or use the static methods, which keep one instance per thread.
/// </para>
/// </summary>
public sealed class ContentHasher
{
    [ThreadStatic]
    private static ContentHasher? s_perThread;

    private readonly byte[] _buffer = GC.AllocateUninitializedArray<byte>(ContentSampling.PrefixLength + (int)ContentSampling.FullHashThreshold);
    private int _headerLength;

    /// <summary>Test seam: runs between reading and the second stat (to change the file mid-hash).</summary>
    internal Action? AfterRead { get; set; }

    /// <summary>
    /// The first bytes (up to 8 KiB) of the file last hashed by this instance, valid until the next call: file
    /// type identification can use them instead of reading the file again. Empty when the file could not be read.
    /// </summary>
    public ReadOnlySpan<byte> Header => _buffer.AsSpan(ContentSampling.PrefixLength, _headerLength);

    /// <summary>A hasher owned by the calling thread.</summary>
    public static ContentHasher ForCurrentThread => s_perThread ??= new ContentHasher();

    /// <summary>Content identity of the file at <paramref name="path"/>, using the calling thread's hasher.</summary>
    public static ContentIdentityResult ComputeFile(string path) => ForCurrentThread.Compute(path);

    /// <summary>
    /// Content identity of the regular file at <paramref name="path"/>. Never throws for I/O reasons: a
    /// missing, unreadable or changing file gives a result with the matching <see cref="ContentHashOutcome"/>.
    /// Pass regular files only: opening a FIFO blocks until a writer appears.
    /// </summary>
    public ContentIdentityResult Compute(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        using var handle = ContentFileAccess.TryOpen(path, out var failure, out var error);
        if (handle is null) return ContentIdentityResult.Failed(failure, error!);
        return Compute(handle, path);
    }

    /// <summary>Content identity of an open file; <paramref name="displayPath"/> only names it in errors.</summary>
    public ContentIdentityResult Compute(SafeFileHandle handle, string? displayPath = null)
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
            return ContentIdentityResult.Failed(ContentHashOutcome.Unreadable, $"{name}: {e.Message}");
        }
        _headerLength = 0;
        if (size == 0) return new ContentIdentityResult(ContentHashOutcome.Empty, null, 0, modified, null);

        Span<byte> digest = stackalloc byte[Blake3.HashSize];
        try
        {
            if (!TryHash(handle, size, digest))
                return ContentIdentityResult.Failed(ContentHashOutcome.Changed, $"{name}: shorter than its size {size} while read", size, modified);
            AfterRead?.Invoke();
            var (sizeAfter, modifiedAfter) = ContentFileAccess.Stat(handle);
            if (sizeAfter != size || modifiedAfter != modified)
                return ContentIdentityResult.Failed(ContentHashOutcome.Changed, $"{name}: changed while read (size {size} -> {sizeAfter}, mtime {modified:O} -> {modifiedAfter:O})", size, modified);
        }
        catch (IOException e)
        {
            return ContentIdentityResult.Failed(ContentHashOutcome.Unreadable, $"{name}: {e.Message}", size, modified);
        }
        catch (UnauthorizedAccessException e)
        {
            return ContentIdentityResult.Failed(ContentHashOutcome.Unreadable, $"{name}: {e.Message}", size, modified);
        }
        return new ContentIdentityResult(ContentHashOutcome.Hashed, ContentId.FromHash(ToContentHash(digest)), size, modified, null);
    }

    /// <summary>
    /// Hashes the file's sampled byte sequence as if it were <paramref name="size"/> bytes long; returns false
    /// when the file holds fewer bytes than that (it shrank). <paramref name="digest"/> receives 32 bytes.
    /// No size or mtime checks: <see cref="Compute(SafeFileHandle, string?)"/> does those.
    /// </summary>
    public bool TryHash(SafeFileHandle handle, long size, Span<byte> digest)
    {
        ArgumentNullException.ThrowIfNull(handle);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        _headerLength = 0;
        Span<byte> buffer = _buffer;
        BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)size);
        Span<byte> content = buffer[ContentSampling.PrefixLength..];
        int length;
        if (!ContentSampling.IsSampled(size))
        {
            length = (int)size;
            if (ContentFileAccess.ReadAt(handle, content[..length], 0) != length) return false;
        }
        else
        {
            length = ContentSampling.SampledContentLength;
            // Header, four samples, footer, laid out one after another as the reference hashes them.
            if (ContentFileAccess.ReadAt(handle, content[..ContentSampling.HeaderSize], 0) != ContentSampling.HeaderSize) return false;
            int at = ContentSampling.HeaderSize;
            for (int i = 0; i < ContentSampling.SampleCount; i++, at += ContentSampling.SampleSize)
            {
                long offset = ContentSampling.SampleOffset(size, i);
                if (ContentFileAccess.ReadAt(handle, content.Slice(at, ContentSampling.SampleSize), offset) != ContentSampling.SampleSize) return false;
            }
            if (ContentFileAccess.ReadAt(handle, content.Slice(at, ContentSampling.FooterSize), size - ContentSampling.FooterSize) != ContentSampling.FooterSize) return false;
        }
        Blake3.Hash(buffer[..(ContentSampling.PrefixLength + length)], digest);
        _headerLength = Math.Min(length, ContentSampling.HeaderSize);
        return true;
    }

    /// <summary>Content identity of bytes in memory (the reference's <c>generate_from_content</c>); null when empty.</summary>
    public static ContentId? FromBytes(ReadOnlySpan<byte> content)
    {
        if (content.IsEmpty) return null;
        var hasher = Blake3Hasher.New();
        Span<byte> prefix = stackalloc byte[ContentSampling.PrefixLength];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)content.Length);
        hasher.Update(prefix).Update(content);
        Span<byte> digest = stackalloc byte[Blake3.HashSize];
        hasher.Finalize(digest);
        return ContentId.FromHash(ToContentHash(digest));
    }

    /// <summary>The content_hash of a digest: its first 8 bytes as 16 lowercase hex characters.</summary>
    public static string ToContentHash(ReadOnlySpan<byte> digest) =>
        Convert.ToHexStringLower(digest[..(ContentSampling.HashHexLength / 2)]);
}
