using System.Numerics;
using System.Runtime.CompilerServices;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// Hashing of whole subtrees (spec §2.1, §5.1.2): chunks are compressed many at a time by the SIMD
/// kernels, then their parents, layer by layer, many at a time too. Optionally the two halves of a
/// subtree are hashed on different threads (the "join" of the reference implementation).
/// </summary>
internal static unsafe class Blake3Tree
{
    /// <summary>Inputs shorter than this are never split across threads: a task costs more than it saves.</summary>
    public const int MinParallelGrain = 128 * 1024;

    /// <summary>Bytes of the left subtree: the largest power-of-two number of chunks smaller than the input.</summary>
    public static nint LeftLength(nint contentLength)
    {
        ulong fullChunks = (ulong)(contentLength - 1) / ChunkLength;
        return (nint)(1UL << (63 - BitOperations.LeadingZeroCount(fullChunks))) * ChunkLength;
    }

    /// <summary>Hashes the whole input as one tree; the root node is returned uncompressed.</summary>
    public static Blake3Output HashAllAtOnce(byte* input, nint length, in Blake3Cv key, uint flags, Blake3Backend backend, nint parallelGrain)
    {
        if (length <= ChunkLength)
        {
            var chunk = new Blake3ChunkState(in key, 0, flags);
            chunk.Update(new ReadOnlySpan<byte>(input, (int)length), backend);
            return chunk.Output();
        }
        byte* parent = stackalloc byte[BlockLength];
        CompressSubtreeToParentNode(input, length, in key, 0, flags, backend, parallelGrain, parent);
        return Blake3Output.ParentNode(in *parent, in key, flags);
    }

    /// <summary>The splitting grain for parallel hashing: a few tasks per core, none tiny.</summary>
    public static nint ParallelGrain(nint length) =>
        Math.Max(MinParallelGrain, length / (4 * Math.Max(1, Environment.ProcessorCount)));

    /// <summary>
    /// Hashes a subtree of more than one chunk down to its two children's chaining values (64 bytes,
    /// the block of its parent node).
    /// </summary>
    public static void CompressSubtreeToParentNode(byte* input, nint length, in Blake3Cv key, ulong chunkCounter, uint flags,
        Blake3Backend backend, nint parallelGrain, byte* out64)
    {
        byte* cvs = stackalloc byte[MaxSimdDegree * OutLength];
        byte* parents = stackalloc byte[MaxSimdDegree * OutLength / 2];
        int count = CompressSubtreeWide(input, length, in key, chunkCounter, flags, backend, parallelGrain, cvs);
        while (count > 2)
        {
            count = CompressParents(cvs, count, in key, flags, backend, parents);
            Buffer.MemoryCopy(parents, cvs, MaxSimdDegree * OutLength, count * OutLength);
        }
        Buffer.MemoryCopy(cvs, out64, BlockLength, BlockLength);
    }

    /// <summary>
    /// Hashes a chunk-aligned subtree down to at most <c>max(degree, 2)</c> chaining values, written to
    /// <paramref name="output"/>; returns how many. Their parents are left to the caller, so that they
    /// too can be compressed many at a time.
    /// </summary>
    public static int CompressSubtreeWide(byte* input, nint length, in Blake3Cv key, ulong chunkCounter, uint flags,
        Blake3Backend backend, nint parallelGrain, byte* output)
    {
        int simdDegree = (int)backend;
        if (length <= (nint)simdDegree * ChunkLength)
        {
            return CompressChunks(input, length, in key, chunkCounter, flags, backend, output);
        }

        nint leftLength = LeftLength(length);
        byte* right = input + leftLength;
        nint rightLength = length - leftLength;
        ulong rightCounter = chunkCounter + (ulong)(leftLength / ChunkLength);

        // With a degree of 1, both halves come back as one CV each and are returned as they are.
        int degree = leftLength == ChunkLength ? 1 : Math.Max(simdDegree, 2);
        byte* children = stackalloc byte[2 * MaxSimdDegree * OutLength];
        int leftCount, rightCount;
        if (parallelGrain > 0 && length > parallelGrain)
        {
            (leftCount, rightCount) = Join(input, leftLength, right, rightLength, key, chunkCounter, rightCounter, flags, backend,
                parallelGrain, children, children + (degree * OutLength));
        }
        else
        {
            leftCount = CompressSubtreeWide(input, leftLength, in key, chunkCounter, flags, backend, 0, children);
            rightCount = CompressSubtreeWide(right, rightLength, in key, rightCounter, flags, backend, 0, children + (degree * OutLength));
        }

        if (leftCount == 1)
        {
            Buffer.MemoryCopy(children, output, 2 * OutLength, 2 * OutLength);
            return 2;
        }
        return CompressParents(children, leftCount + rightCount, in key, flags, backend, output);
    }

    /// <summary>Hashes the left half on the thread pool and the right half here, then waits.</summary>
    private static (int Left, int Right) Join(byte* left, nint leftLength, byte* right, nint rightLength, Blake3Cv key,
        ulong leftCounter, ulong rightCounter, uint flags, Blake3Backend backend, nint grain, byte* leftOut, byte* rightOut)
    {
        nint l = (nint)left, lo = (nint)leftOut;
        // The input and the outputs stay valid: this frame waits for the task before returning.
        var task = Task.Factory.StartNew(
            () => CompressSubtreeWide((byte*)l, leftLength, in key, leftCounter, flags, backend, grain, (byte*)lo),
            CancellationToken.None, TaskCreationOptions.DenyChildAttach, TaskScheduler.Default);
        int rightCount = CompressSubtreeWide(right, rightLength, in key, rightCounter, flags, backend, grain, rightOut);
        // Wait() runs the task inline if no worker picked it up yet, so a busy pool cannot deadlock this.
        int leftCount = task.GetAwaiter().GetResult();
        return (leftCount, rightCount);
    }

    /// <summary>Hashes whole chunks with the SIMD kernel and a trailing partial chunk on its own.</summary>
    private static int CompressChunks(byte* input, nint length, in Blake3Cv key, ulong chunkCounter, uint flags,
        Blake3Backend backend, byte* output)
    {
        int fullChunks = (int)(length / ChunkLength);
        Blake3Backends.HashMany(backend, in *input, ChunkLength, fullChunks, ChunkLength / BlockLength, in key, chunkCounter,
            incrementCounter: true, flags, ChunkStart, ChunkEnd, ref *output);
        nint rest = length - ((nint)fullChunks * ChunkLength);
        if (rest == 0)
        {
            return fullChunks;
        }
        // A partial chunk is always the last one of the input, but this subtree is not the root: chaining value.
        var chunk = new Blake3ChunkState(in key, chunkCounter + (ulong)fullChunks, flags);
        chunk.Update(new ReadOnlySpan<byte>(input + ((nint)fullChunks * ChunkLength), (int)rest), backend);
        chunk.Output().ChainingValue(backend).WriteTo(new Span<byte>(output + (fullChunks * OutLength), OutLength));
        return fullChunks + 1;
    }

    /// <summary>Compresses pairs of adjacent CVs into parent CVs; an odd last CV moves up as it is.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CompressParents(byte* cvs, int count, in Blake3Cv key, uint flags, Blake3Backend backend, byte* output)
    {
        int pairs = count / 2;
        Blake3Backends.HashMany(backend, in *cvs, BlockLength, pairs, 1, in key, 0, incrementCounter: false, flags | Parent, 0, 0, ref *output);
        if ((count & 1) != 0)
        {
            Buffer.MemoryCopy(cvs + (pairs * BlockLength), output + (pairs * OutLength), OutLength, OutLength);
            return pairs + 1;
        }
        return pairs;
    }
}
