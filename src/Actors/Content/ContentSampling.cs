namespace Spacedrive.Actors.Content;

/// <summary>
/// Which bytes the content hash reads (DESIGN §4, reference <c>core/src/domain/content_identity.rs</c>):
/// BLAKE3 over the size as u64 little-endian, then the whole file when it is at most 102,400 bytes; larger
/// files contribute an 8 KiB header, four 10 KiB samples at <c>8192 + i*((size-16384)/4)</c> (integer
/// division), and the last 8 KiB, in that order. Windows may overlap for files just over 100 KiB; the
/// reference reads them as they fall, and so do we, so that ids match Spacedrive's.
/// </summary>
public static class ContentSampling
{
    /// <summary>Files up to this size (inclusive) are hashed whole.</summary>
    public const long FullHashThreshold = 100 * 1024;

    public const int HeaderSize = 8 * 1024;
    public const int FooterSize = 8 * 1024;
    public const int SampleCount = 4;
    public const int SampleSize = 10 * 1024;

    /// <summary>Bytes of file content hashed for a sampled (large) file: 57,344.</summary>
    public const int SampledContentLength = HeaderSize + (SampleCount * SampleSize) + FooterSize;

    /// <summary>Length of the size prefix.</summary>
    public const int PrefixLength = sizeof(ulong);

    /// <summary>The hex length of a content_hash (the first 64 bits of the digest).</summary>
    public const int HashHexLength = 16;

    /// <summary>True when the file is hashed through samples rather than whole.</summary>
    public static bool IsSampled(long size) => size > FullHashThreshold;

    /// <summary>
    /// The (offset, length) windows hashed after the prefix, in order. For a small file, one window (the
    /// whole file; none when empty).
    /// </summary>
    public static IReadOnlyList<(long Offset, int Length)> Windows(long size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (size == 0) return [];
        if (!IsSampled(size)) return [(0, (int)size)];
        var windows = new List<(long, int)>(SampleCount + 2) { (0, HeaderSize) };
        long jump = (size - (2L * HeaderSize)) / SampleCount;
        for (int i = 0; i < SampleCount; i++)
        {
            windows.Add((HeaderSize + (i * jump), SampleSize));
        }
        windows.Add((size - FooterSize, FooterSize));
        return windows;
    }

    /// <summary>Offset of sample <paramref name="index"/> (0..3) for a sampled file of <paramref name="size"/> bytes.</summary>
    internal static long SampleOffset(long size, int index) => HeaderSize + (index * ((size - (2L * HeaderSize)) / SampleCount));
}
