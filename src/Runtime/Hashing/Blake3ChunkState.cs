using System.Runtime.CompilerServices;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>The state of one chunk being hashed block by block (spec §2.4). Kept inline, never allocated.</summary>
internal struct Blake3ChunkState
{
    public Blake3Cv Cv;
    public ulong ChunkCounter;
    public Blake3Block Buffer;
    public int BufferLength;
    public int BlocksCompressed;
    public uint Flags;

    public Blake3ChunkState(in Blake3Cv key, ulong chunkCounter, uint flags)
    {
        Cv = key;
        ChunkCounter = chunkCounter;
        Flags = flags;
    }

    public readonly int Length => (BlocksCompressed * BlockLength) + BufferLength;

    private readonly uint StartFlag => BlocksCompressed == 0 ? ChunkStart : 0;

    public void Update(ReadOnlySpan<byte> input, Blake3Backend backend)
    {
        if (BufferLength > 0)
        {
            int take = Math.Min(BlockLength - BufferLength, input.Length);
            input[..take].CopyTo(((Span<byte>)Buffer)[BufferLength..]);
            BufferLength += take;
            input = input[take..];
            if (input.IsEmpty)
            {
                // The buffered block may be the chunk's last one, which needs CHUNK_END: keep it.
                return;
            }
            Blake3Backends.CompressInPlace(backend, ref Cv, in Buffer[0], BlockLength, ChunkCounter, Flags | StartFlag);
            BlocksCompressed++;
            BufferLength = 0;
        }

        // Only blocks followed by more input are compressed here, for the same reason.
        while (input.Length > BlockLength)
        {
            Blake3Backends.CompressInPlace(backend, ref Cv, in input[0], BlockLength, ChunkCounter, Flags | StartFlag);
            BlocksCompressed++;
            input = input[BlockLength..];
        }

        input.CopyTo(Buffer);
        BufferLength = input.Length;
    }

    public readonly Blake3Output Output()
    {
        var output = new Blake3Output
        {
            InputCv = Cv,
            BlockLen = (uint)BufferLength,
            Counter = ChunkCounter,
            Flags = Flags | StartFlag | ChunkEnd,
        };
        Span<byte> block = output.Block;
        ((ReadOnlySpan<byte>)Buffer)[..BufferLength].CopyTo(block);
        // Bytes past the end of a short block must be zero; the buffer may hold older bytes.
        block[BufferLength..].Clear();
        return output;
    }
}

/// <summary>
/// A node that has not been compressed yet (spec §2.6): compressing it gives either a chaining value,
/// or, with the ROOT flag and increasing counters, any number of output bytes.
/// </summary>
internal struct Blake3Output
{
    public Blake3Cv InputCv;
    public Blake3Block Block;
    public uint BlockLen;
    public ulong Counter;
    public uint Flags;

    public static Blake3Output ParentNode(ref readonly byte leftAndRight64, in Blake3Cv key, uint flags)
    {
        var output = new Blake3Output { InputCv = key, BlockLen = BlockLength, Counter = 0, Flags = flags | Parent };
        System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(in leftAndRight64, BlockLength).CopyTo(output.Block);
        return output;
    }

    public static Blake3Output ParentNode(in Blake3Cv left, in Blake3Cv right, in Blake3Cv key, uint flags)
    {
        var output = new Blake3Output { InputCv = key, BlockLen = BlockLength, Counter = 0, Flags = flags | Parent };
        Span<byte> block = output.Block;
        left.WriteTo(block);
        right.WriteTo(block[OutLength..]);
        return output;
    }

    public readonly Blake3Cv ChainingValue(Blake3Backend backend)
    {
        Blake3Cv cv = InputCv;
        Blake3Backends.CompressInPlace(backend, ref cv, in Block[0], BlockLen, Counter, Flags);
        return cv;
    }

    /// <summary>Writes root output bytes starting at byte <paramref name="position"/> of the output stream.</summary>
    public readonly void RootBytes(ulong position, Span<byte> destination, Blake3Backend backend)
    {
        ulong blockCounter = position / BlockLength;
        int offset = (int)(position % BlockLength);
        Span<byte> buffer = stackalloc byte[BlockLength];
        while (!destination.IsEmpty)
        {
            if (offset == 0 && destination.Length >= BlockLength)
            {
                Blake3Backends.CompressXof(backend, in InputCv, in Block[0], BlockLen, blockCounter, Flags | Root, destination);
                destination = destination[BlockLength..];
            }
            else
            {
                Blake3Backends.CompressXof(backend, in InputCv, in Block[0], BlockLen, blockCounter, Flags | Root, buffer);
                int n = Math.Min(BlockLength - offset, destination.Length);
                buffer.Slice(offset, n).CopyTo(destination);
                destination = destination[n..];
                offset = 0;
            }
            blockCounter++;
        }
    }

    public readonly void RootBytes(Span<byte> destination, Blake3Backend backend) => RootBytes(0, destination, backend);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly void RootHash32(Span<byte> destination, Blake3Backend backend)
    {
        Blake3Cv cv = InputCv;
        Blake3Backends.CompressInPlace(backend, ref cv, in Block[0], BlockLen, 0, Flags | Root);
        cv.WriteTo(destination);
    }
}
