using System.Buffers.Binary;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Indexing;

/// <summary>What identifying one file's content gave.</summary>
public readonly record struct ContentIdentification(string? ContentHash, int Kind, string? Mime, string? Error)
{
    public bool IsHashed => ContentHash is not null;
}

/// <summary>
/// The content phase's view of content identity and file types (implemented by the Content and
/// FileTypes areas; <see cref="SampledContentIdentifier"/> is the engine's own fallback).
/// Must be thread-safe: the phase calls it from several workers.
/// </summary>
public interface IContentIdentifier
{
    /// <summary>Identifies the file at <paramref name="path"/> (a stored path: see <see cref="FileNames"/>), which the index says has <paramref name="expectedSize"/> bytes.</summary>
    ContentIdentification Identify(string path, string name, long expectedSize);
}

/// <summary>
/// Spacedrive-compatible sampled content hash (DESIGN §4): BLAKE3 over the size (u64 LE) and the
/// whole file up to 100 KiB, else an 8 KiB header, four 10 KiB samples at 8192 + i·((size−16384)/4)
/// and the last 8 KiB; the hash is the first 16 hex digits. Kind and MIME are left unknown (0, null):
/// the file type registry fills them when wired in. A file whose size differs from the index's is
/// reported changed and not identified (the next run sees it modified).
/// </summary>
public sealed class SampledContentIdentifier : IContentIdentifier
{
    private const int Header = 8192;
    private const int Sample = 10 * 1024;
    private const int Footer = 8192;
    private const long WholeLimit = 100 * 1024;

    [ThreadStatic]
    private static byte[]? t_buffer;

    public static SampledContentIdentifier Instance { get; } = new();

    public ContentIdentification Identify(string path, string name, long expectedSize)
    {
        try
        {
            using var handle = NativeFile.OpenRead(path);
            var size = RandomAccess.GetLength(handle);
            if (size != expectedSize)
            {
                return new ContentIdentification(null, 0, null, $"changed since indexed (size {expectedSize} -> {size})");
            }
            if (size == 0)
            {
                return new ContentIdentification(null, 0, null, "empty");
            }
            var buffer = t_buffer ??= new byte[8 + WholeLimit];
            BinaryPrimitives.WriteUInt64LittleEndian(buffer, (ulong)size);
            int length;
            if (size <= WholeLimit)
            {
                length = ReadFully(handle, buffer.AsSpan(8, (int)size), 0);
                if (length != size)
                {
                    return new ContentIdentification(null, 0, null, "shorter than its size");
                }
            }
            else
            {
                var at = 8;
                at += ReadFully(handle, buffer.AsSpan(at, Header), 0);
                var step = (size - 2 * Header) / 4;
                for (var i = 0; i < 4; i++)
                {
                    at += ReadFully(handle, buffer.AsSpan(at, Sample), Header + (i * step));
                }
                at += ReadFully(handle, buffer.AsSpan(at, Footer), size - Footer);
                length = at - 8;
            }
            Span<byte> digest = stackalloc byte[32];
            Blake3.Hash(buffer.AsSpan(0, 8 + length), digest);
            return new ContentIdentification(Convert.ToHexStringLower(digest[..8]), 0, null, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ContentIdentification(null, 0, null, e.Message);
        }
    }

    private static int ReadFully(Microsoft.Win32.SafeHandles.SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = RandomAccess.Read(handle, buffer[total..], offset + total);
            if (read == 0)
            {
                break;
            }
            total += read;
        }
        return total;
    }
}
