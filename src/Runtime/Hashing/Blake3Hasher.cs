using System.Numerics;
using System.Text;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// Incremental BLAKE3: feed input with any number of <see cref="Update"/> calls split anywhere, then read
/// any number of output bytes from any position. Finalizing does not change the state, so more input may
/// follow. Not thread-safe; <see cref="UpdateParallel"/> uses several threads for one large update.
/// </summary>
/// <example><code>
/// var hasher = Blake3Hasher.New();
/// hasher.Update(header);
/// hasher.Update(body);
/// byte[] digest = hasher.Finalize();
/// </code></example>
public sealed class Blake3Hasher
{
    private readonly Blake3Cv _key;
    private readonly uint _flags;
    private readonly Blake3Backend _backend;
    private Blake3ChunkState _chunk;

    // Chaining values of completed subtrees, merged lazily (spec §5.1.2): a CV is merged only once a
    // later one proves it is not the root.
    private Blake3CvStack _stack;
    private int _stackLength;

    internal Blake3Hasher(in Blake3Cv key, uint flags, Blake3Backend backend)
    {
        _key = key;
        _flags = flags;
        _backend = backend;
        _chunk = new Blake3ChunkState(in key, 0, flags);
    }

    /// <summary>A hasher for the default hash function.</summary>
    public static Blake3Hasher New() => new(Blake3Cv.Iv(), 0, Blake3Backends.Best);

    /// <summary>A hasher for the keyed hash (a MAC / PRF) with a 32-byte key.</summary>
    public static Blake3Hasher NewKeyed(ReadOnlySpan<byte> key32) => NewKeyed(key32, Blake3Backends.Best);

    /// <summary>
    /// A hasher for key derivation: the context string should be hardcoded, globally unique and
    /// application-specific; the key material is then given with <see cref="Update"/>.
    /// </summary>
    public static Blake3Hasher NewDeriveKey(string context) => NewDeriveKey(context, Blake3Backends.Best);

    internal static Blake3Hasher New(Blake3Backend backend) => new(Blake3Cv.Iv(), 0, backend);

    internal static Blake3Hasher NewKeyed(ReadOnlySpan<byte> key32, Blake3Backend backend)
    {
        if (key32.Length != KeyLength)
        {
            throw new ArgumentException($"A BLAKE3 key is {KeyLength} bytes, not {key32.Length}.", nameof(key32));
        }
        return new Blake3Hasher(Blake3Cv.FromBytes(key32), KeyedHash, backend);
    }

    internal static Blake3Hasher NewDeriveKey(string context, Blake3Backend backend)
    {
        ArgumentNullException.ThrowIfNull(context);
        var contextHasher = new Blake3Hasher(Blake3Cv.Iv(), DeriveKeyContext, backend);
        contextHasher.Update(Encoding.UTF8.GetBytes(context));
        Span<byte> contextKey = stackalloc byte[KeyLength];
        contextHasher.Finalize(contextKey);
        return new Blake3Hasher(Blake3Cv.FromBytes(contextKey), DeriveKeyMaterial, backend);
    }

    /// <summary>Bytes hashed so far.</summary>
    public ulong Length => (_chunk.ChunkCounter * ChunkLength) + (ulong)_chunk.Length;

    /// <summary>Forgets all input; the key and mode stay.</summary>
    public void Reset()
    {
        _chunk = new Blake3ChunkState(in _key, 0, _flags);
        _stackLength = 0;
    }

    /// <summary>Adds input. Any split of the input gives the same hash.</summary>
    public Blake3Hasher Update(ReadOnlySpan<byte> input)
    {
        UpdateCore(input, 0);
        return this;
    }

    /// <summary>Adds input, hashing large inputs on several threads (worth it from a few hundred KiB on).</summary>
    public Blake3Hasher UpdateParallel(ReadOnlySpan<byte> input)
    {
        UpdateCore(input, input.Length > Blake3Tree.MinParallelGrain ? Blake3Tree.ParallelGrain(input.Length) : 0);
        return this;
    }

    /// <summary>The 32-byte hash of the input so far.</summary>
    public byte[] Finalize()
    {
        byte[] hash = new byte[OutLength];
        Finalize(hash);
        return hash;
    }

    /// <summary>Fills <paramref name="output"/> with the output stream from its start: any length (XOF).</summary>
    public void Finalize(Span<byte> output) => Finalize(0, output);

    /// <summary>Fills <paramref name="output"/> with the output stream from byte <paramref name="position"/> on (seek).</summary>
    public void Finalize(ulong position, Span<byte> output)
    {
        Blake3Output root = RootOutput();
        if (position == 0 && output.Length == OutLength)
        {
            root.RootHash32(output, _backend);
        }
        else
        {
            root.RootBytes(position, output, _backend);
        }
    }

    private Blake3Output RootOutput()
    {
        if (_stackLength == 0)
        {
            return _chunk.Output();
        }
        Blake3Output output;
        int remaining = _stackLength;
        if (_chunk.Length > 0)
        {
            output = _chunk.Output();
        }
        else
        {
            // The input ended on a chunk boundary: lazy merging left at least two CVs on the stack.
            remaining -= 2;
            output = Blake3Output.ParentNode(in _stack[remaining], in _stack[remaining + 1], in _key, _flags);
        }
        while (remaining > 0)
        {
            remaining--;
            Blake3Cv right = output.ChainingValue(_backend);
            output = Blake3Output.ParentNode(in _stack[remaining], in right, in _key, _flags);
        }
        return output;
    }

    private unsafe void UpdateCore(ReadOnlySpan<byte> input, nint parallelGrain)
    {
        if (_chunk.Length > 0)
        {
            int take = Math.Min(ChunkLength - _chunk.Length, input.Length);
            _chunk.Update(input[..take], _backend);
            input = input[take..];
            if (input.IsEmpty)
            {
                return;
            }
            // The chunk is full and more input follows, so it is not the root: finish it.
            Blake3Cv cv = _chunk.Output().ChainingValue(_backend);
            PushCv(in cv, _chunk.ChunkCounter);
            _chunk = new Blake3ChunkState(in _key, _chunk.ChunkCounter + 1, _flags);
        }

        // Whole subtrees straight from the input: the largest power-of-two run of chunks that fits
        // and sits at a multiple of its own size, as the tree's shape demands. The last chunk always
        // stays behind in _chunk, since it might be the root.
        fixed (byte* start = input)
        {
            byte* p = start;
            byte* pair = stackalloc byte[BlockLength];
            nint left = input.Length;
            while (left > ChunkLength)
            {
                nint subtree = (nint)(1UL << (63 - BitOperations.LeadingZeroCount((ulong)left)));
                ulong countSoFar = _chunk.ChunkCounter * ChunkLength;
                while ((((ulong)subtree - 1) & countSoFar) != 0)
                {
                    subtree /= 2;
                }
                ulong subtreeChunks = (ulong)subtree / ChunkLength;
                if (subtree <= ChunkLength)
                {
                    var chunk = new Blake3ChunkState(in _key, _chunk.ChunkCounter, _flags);
                    chunk.Update(new ReadOnlySpan<byte>(p, (int)subtree), _backend);
                    Blake3Cv cv = chunk.Output().ChainingValue(_backend);
                    PushCv(in cv, _chunk.ChunkCounter);
                }
                else
                {
                    Blake3Tree.CompressSubtreeToParentNode(p, subtree, in _key, _chunk.ChunkCounter, _flags, _backend,
                        subtree > parallelGrain ? parallelGrain : 0, pair);
                    // Push both halves separately: merging lazily, they can never be taken for the root.
                    Blake3Cv leftCv = Blake3Cv.FromBytes(new ReadOnlySpan<byte>(pair, OutLength));
                    Blake3Cv rightCv = Blake3Cv.FromBytes(new ReadOnlySpan<byte>(pair + OutLength, OutLength));
                    PushCv(in leftCv, _chunk.ChunkCounter);
                    PushCv(in rightCv, _chunk.ChunkCounter + (subtreeChunks / 2));
                }
                _chunk.ChunkCounter += subtreeChunks;
                p += subtree;
                left -= subtree;
            }
            input = input[(int)(p - start)..];
        }

        if (!input.IsEmpty)
        {
            _chunk.Update(input, _backend);
            MergeStack(_chunk.ChunkCounter);
        }
    }

    /// <summary>Merges completed pairs until the stack holds one CV per 1-bit of <paramref name="totalChunks"/>.</summary>
    private void MergeStack(ulong totalChunks)
    {
        int target = BitOperations.PopCount(totalChunks);
        while (_stackLength > target)
        {
            Blake3Output parent = Blake3Output.ParentNode(in _stack[_stackLength - 2], in _stack[_stackLength - 1], in _key, _flags);
            _stack[_stackLength - 2] = parent.ChainingValue(_backend);
            _stackLength--;
        }
    }

    private void PushCv(in Blake3Cv cv, ulong chunkCounter)
    {
        MergeStack(chunkCounter);
        _stack[_stackLength++] = cv;
    }
}
