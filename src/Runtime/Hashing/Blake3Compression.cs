using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// The portable compression function (spec §2.2), one block at a time. It is the reference every
/// SIMD path is tested against, and the path used where no vector unit is available.
/// </summary>
internal static class Blake3Compression
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref uint a, ref uint b, ref uint c, ref uint d, uint x, uint y)
    {
        a = a + b + x;
        d = BitOperations.RotateRight(d ^ a, 16);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 12);
        a = a + b + y;
        d = BitOperations.RotateRight(d ^ a, 8);
        c += d;
        b = BitOperations.RotateRight(b ^ c, 7);
    }

    /// <summary>Compresses one block and replaces <paramref name="cv"/> by the new chaining value.</summary>
    public static void CompressInPlace(ref Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags)
    {
        Span<uint> state = stackalloc uint[16];
        Compress(in cv, in block, blockLen, counter, flags, state);
        for (int i = 0; i < 8; i++)
        {
            cv[i] = state[i];
        }
    }

    /// <summary>Compresses one block and writes the full 64-byte output (the XOF block).</summary>
    public static void CompressXof(in Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, Span<byte> out64)
    {
        Span<uint> state = stackalloc uint[16];
        Compress(in cv, in block, blockLen, counter, flags, state);
        for (int i = 0; i < 16; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(out64.Slice(i * 4, 4), state[i]);
        }
    }

    /// <summary>The 16 output words: words 0–7 are the chaining value, 8–15 extend it for the XOF.</summary>
    public static void Compress(in Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, Span<uint> output)
    {
        ReadOnlySpan<byte> b = System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(in block, BlockLength);
        uint m0 = BinaryPrimitives.ReadUInt32LittleEndian(b), m1 = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        uint m2 = BinaryPrimitives.ReadUInt32LittleEndian(b[8..]), m3 = BinaryPrimitives.ReadUInt32LittleEndian(b[12..]);
        uint m4 = BinaryPrimitives.ReadUInt32LittleEndian(b[16..]), m5 = BinaryPrimitives.ReadUInt32LittleEndian(b[20..]);
        uint m6 = BinaryPrimitives.ReadUInt32LittleEndian(b[24..]), m7 = BinaryPrimitives.ReadUInt32LittleEndian(b[28..]);
        uint m8 = BinaryPrimitives.ReadUInt32LittleEndian(b[32..]), m9 = BinaryPrimitives.ReadUInt32LittleEndian(b[36..]);
        uint m10 = BinaryPrimitives.ReadUInt32LittleEndian(b[40..]), m11 = BinaryPrimitives.ReadUInt32LittleEndian(b[44..]);
        uint m12 = BinaryPrimitives.ReadUInt32LittleEndian(b[48..]), m13 = BinaryPrimitives.ReadUInt32LittleEndian(b[52..]);
        uint m14 = BinaryPrimitives.ReadUInt32LittleEndian(b[56..]), m15 = BinaryPrimitives.ReadUInt32LittleEndian(b[60..]);

        uint v0 = cv[0], v1 = cv[1], v2 = cv[2], v3 = cv[3], v4 = cv[4], v5 = cv[5], v6 = cv[6], v7 = cv[7];
        uint v8 = IV0, v9 = IV1, v10 = IV2, v11 = IV3;
        uint v12 = (uint)counter, v13 = (uint)(counter >> 32), v14 = blockLen, v15 = flags;

        // round 1
        G(ref v0, ref v4, ref v8, ref v12, m0, m1);
        G(ref v1, ref v5, ref v9, ref v13, m2, m3);
        G(ref v2, ref v6, ref v10, ref v14, m4, m5);
        G(ref v3, ref v7, ref v11, ref v15, m6, m7);
        G(ref v0, ref v5, ref v10, ref v15, m8, m9);
        G(ref v1, ref v6, ref v11, ref v12, m10, m11);
        G(ref v2, ref v7, ref v8, ref v13, m12, m13);
        G(ref v3, ref v4, ref v9, ref v14, m14, m15);
        // round 2
        G(ref v0, ref v4, ref v8, ref v12, m2, m6);
        G(ref v1, ref v5, ref v9, ref v13, m3, m10);
        G(ref v2, ref v6, ref v10, ref v14, m7, m0);
        G(ref v3, ref v7, ref v11, ref v15, m4, m13);
        G(ref v0, ref v5, ref v10, ref v15, m1, m11);
        G(ref v1, ref v6, ref v11, ref v12, m12, m5);
        G(ref v2, ref v7, ref v8, ref v13, m9, m14);
        G(ref v3, ref v4, ref v9, ref v14, m15, m8);
        // round 3
        G(ref v0, ref v4, ref v8, ref v12, m3, m4);
        G(ref v1, ref v5, ref v9, ref v13, m10, m12);
        G(ref v2, ref v6, ref v10, ref v14, m13, m2);
        G(ref v3, ref v7, ref v11, ref v15, m7, m14);
        G(ref v0, ref v5, ref v10, ref v15, m6, m5);
        G(ref v1, ref v6, ref v11, ref v12, m9, m0);
        G(ref v2, ref v7, ref v8, ref v13, m11, m15);
        G(ref v3, ref v4, ref v9, ref v14, m8, m1);
        // round 4
        G(ref v0, ref v4, ref v8, ref v12, m10, m7);
        G(ref v1, ref v5, ref v9, ref v13, m12, m9);
        G(ref v2, ref v6, ref v10, ref v14, m14, m3);
        G(ref v3, ref v7, ref v11, ref v15, m13, m15);
        G(ref v0, ref v5, ref v10, ref v15, m4, m0);
        G(ref v1, ref v6, ref v11, ref v12, m11, m2);
        G(ref v2, ref v7, ref v8, ref v13, m5, m8);
        G(ref v3, ref v4, ref v9, ref v14, m1, m6);
        // round 5
        G(ref v0, ref v4, ref v8, ref v12, m12, m13);
        G(ref v1, ref v5, ref v9, ref v13, m9, m11);
        G(ref v2, ref v6, ref v10, ref v14, m15, m10);
        G(ref v3, ref v7, ref v11, ref v15, m14, m8);
        G(ref v0, ref v5, ref v10, ref v15, m7, m2);
        G(ref v1, ref v6, ref v11, ref v12, m5, m3);
        G(ref v2, ref v7, ref v8, ref v13, m0, m1);
        G(ref v3, ref v4, ref v9, ref v14, m6, m4);
        // round 6
        G(ref v0, ref v4, ref v8, ref v12, m9, m14);
        G(ref v1, ref v5, ref v9, ref v13, m11, m5);
        G(ref v2, ref v6, ref v10, ref v14, m8, m12);
        G(ref v3, ref v7, ref v11, ref v15, m15, m1);
        G(ref v0, ref v5, ref v10, ref v15, m13, m3);
        G(ref v1, ref v6, ref v11, ref v12, m0, m10);
        G(ref v2, ref v7, ref v8, ref v13, m2, m6);
        G(ref v3, ref v4, ref v9, ref v14, m4, m7);
        // round 7
        G(ref v0, ref v4, ref v8, ref v12, m11, m15);
        G(ref v1, ref v5, ref v9, ref v13, m5, m0);
        G(ref v2, ref v6, ref v10, ref v14, m1, m9);
        G(ref v3, ref v7, ref v11, ref v15, m8, m6);
        G(ref v0, ref v5, ref v10, ref v15, m14, m10);
        G(ref v1, ref v6, ref v11, ref v12, m2, m12);
        G(ref v2, ref v7, ref v8, ref v13, m3, m4);
        G(ref v3, ref v4, ref v9, ref v14, m7, m13);

        output[0] = v0 ^ v8; output[1] = v1 ^ v9; output[2] = v2 ^ v10; output[3] = v3 ^ v11;
        output[4] = v4 ^ v12; output[5] = v5 ^ v13; output[6] = v6 ^ v14; output[7] = v7 ^ v15;
        output[8] = v8 ^ cv[0]; output[9] = v9 ^ cv[1]; output[10] = v10 ^ cv[2]; output[11] = v11 ^ cv[3];
        output[12] = v12 ^ cv[4]; output[13] = v13 ^ cv[5]; output[14] = v14 ^ cv[6]; output[15] = v15 ^ cv[7];
    }

    /// <summary>
    /// Hashes <paramref name="count"/> equal-length inputs, <paramref name="stride"/> bytes apart, one after
    /// the other: the portable form of the SIMD "hash many" kernels (see <see cref="Blake3Backends.HashMany"/>).
    /// </summary>
    public static void HashMany(ref readonly byte input, nint stride, int count, int blocks, in Blake3Cv key, ulong counter,
        bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, ref byte output)
    {
        for (int i = 0; i < count; i++)
        {
            Blake3Cv cv = key;
            ref readonly byte start = ref Unsafe.AddByteOffset(ref Unsafe.AsRef(in input), i * stride);
            for (int b = 0; b < blocks; b++)
            {
                uint f = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);
                CompressInPlace(ref cv, in Unsafe.AddByteOffset(ref Unsafe.AsRef(in start), b * BlockLength), BlockLength, counter, f);
            }
            cv.WriteTo(System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref Unsafe.AddByteOffset(ref output, i * OutLength), OutLength));
            if (incrementCounter)
            {
                counter++;
            }
        }
    }
}
