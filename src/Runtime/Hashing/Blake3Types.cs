using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Spacedrive.Runtime.Hashing;

/// <summary>A chaining value (or key): 8 little-endian words, kept inline so no call allocates.</summary>
[InlineArray(8)]
internal struct Blake3Cv
{
    private uint _e0;

    public static Blake3Cv FromBytes(ReadOnlySpan<byte> bytes32)
    {
        Blake3Cv cv = default;
        for (int i = 0; i < 8; i++)
        {
            cv[i] = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(bytes32.Slice(i * 4, 4));
        }
        return cv;
    }

    public static Blake3Cv Iv()
    {
        Blake3Cv cv = default;
        cv[0] = Blake3Constants.IV0; cv[1] = Blake3Constants.IV1; cv[2] = Blake3Constants.IV2; cv[3] = Blake3Constants.IV3;
        cv[4] = Blake3Constants.IV4; cv[5] = Blake3Constants.IV5; cv[6] = Blake3Constants.IV6; cv[7] = Blake3Constants.IV7;
        return cv;
    }

    /// <summary>Writes the 32 bytes little-endian (the order parent blocks and digests use).</summary>
    public readonly void WriteTo(Span<byte> destination)
    {
        for (int i = 0; i < 8; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(i * 4, 4), this[i]);
        }
    }
}

/// <summary>One 64-byte message block, inline.</summary>
[InlineArray(Blake3Constants.BlockLength)]
internal struct Blake3Block
{
    private byte _e0;
}

/// <summary>The CV stack of the incremental hasher: one entry per tree level.</summary>
[InlineArray(Blake3Constants.MaxDepth + 1)]
internal struct Blake3CvStack
{
    private Blake3Cv _e0;
}

internal static class Blake3Bytes
{
    public static ref Blake3Cv AsCv(ref byte bytes32) => ref Unsafe.As<byte, Blake3Cv>(ref bytes32);

    public static Span<byte> AsBytes(ref Blake3Cv cv) => MemoryMarshal.AsBytes(MemoryMarshal.CreateSpan(ref Unsafe.As<Blake3Cv, uint>(ref cv), 8));
}
