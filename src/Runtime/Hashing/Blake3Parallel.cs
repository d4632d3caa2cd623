using System.Buffers;
using Microsoft.Win32.SafeHandles;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// Multi-threaded hashing of large files. The file is cut into equal power-of-two runs of chunks,
/// which are whole subtrees of the BLAKE3 tree at aligned positions; each worker reads its own runs
/// into its own buffer and hashes them to one chaining value, so reading (a copy out of the page
/// cache) is parallel too and nobody blocks waiting for anybody. The CVs are then merged in order
/// exactly as the incremental hasher merges subtrees, and the last (possibly partial) run is
/// hashed as ordinary input, since it holds the chunk that may be the root.
/// </summary>
internal static class Blake3Parallel
{
    /// <summary>Bytes per work item: large enough to amortize a read call, small enough to balance 2–64 cores.</summary>
    public const int SubtreeSize = 4 * 1024 * 1024;

    public static void HashFile(SafeFileHandle handle, long length, Blake3Hasher hasher, Blake3Backend backend)
    {
        long subtrees = (length - 1) / SubtreeSize;
        var cvs = new Blake3Cv[subtrees];
        var key = hasher.Key;
        uint flags = hasher.Flags;
        Parallel.For(0L, subtrees, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            () => ArrayPool<byte>.Shared.Rent(SubtreeSize),
            (i, _, buffer) =>
            {
                ReadExactly(handle, buffer.AsSpan(0, SubtreeSize), i * SubtreeSize);
                cvs[i] = SubtreeCv(buffer.AsSpan(0, SubtreeSize), in key, (ulong)(i * (SubtreeSize / ChunkLength)), flags, backend);
                return buffer;
            },
            buffer => ArrayPool<byte>.Shared.Return(buffer));

        foreach (ref readonly Blake3Cv cv in cvs.AsSpan())
        {
            hasher.AppendSubtree(in cv, SubtreeSize / ChunkLength);
        }

        byte[] tail = ArrayPool<byte>.Shared.Rent(SubtreeSize);
        try
        {
            int tailLength = (int)(length - (subtrees * SubtreeSize));
            ReadExactly(handle, tail.AsSpan(0, tailLength), subtrees * SubtreeSize);
            hasher.Update(tail.AsSpan(0, tailLength));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(tail);
        }
    }

    /// <summary>The chaining value of a whole subtree (a power-of-two number of chunks, at least 2).</summary>
    private static unsafe Blake3Cv SubtreeCv(ReadOnlySpan<byte> input, in Blake3Cv key, ulong chunkCounter, uint flags, Blake3Backend backend)
    {
        byte* pair = stackalloc byte[BlockLength];
        fixed (byte* p = input)
        {
            Blake3Tree.CompressSubtreeToParentNode(p, input.Length, in key, chunkCounter, flags, backend, 0, pair);
        }
        return Blake3Output.ParentNode(in *pair, in key, flags).ChainingValue(backend);
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (!buffer.IsEmpty)
        {
            int n = RandomAccess.Read(handle, buffer, offset);
            if (n == 0)
            {
                throw new IOException("The file became shorter while it was being hashed.");
            }
            buffer = buffer[n..];
            offset += n;
        }
    }
}
