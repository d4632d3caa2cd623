using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// Eight inputs at once with AVX2: the state is kept transposed, so lane j of state vector i is word i
/// of input j, and every instruction advances all eight inputs (spec §5.3, "hash many").
/// </summary>
internal static class Blake3Avx2
{
    public static bool IsSupported => Avx2.IsSupported && BitConverter.IsLittleEndian;

    // AVX-512VL has a true rotate (vprord); without it 16 and 8 are byte shuffles, 12 and 7 shift pairs.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rot16(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 16)
        : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13, 2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rot12(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 12)
        : Vector256.ShiftRightLogical(x, 12) | Vector256.ShiftLeft(x, 20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rot8(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 8)
        : Avx2.Shuffle(x.AsByte(), Vector256.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12, 1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Rot7(Vector256<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 7)
        : Vector256.ShiftRightLogical(x, 7) | Vector256.ShiftLeft(x, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector256<uint> a, ref Vector256<uint> b, ref Vector256<uint> c, ref Vector256<uint> d, Vector256<uint> x, Vector256<uint> y)
    {
        a = a + b + x;
        d = Rot16(d ^ a);
        c += d;
        b = Rot12(b ^ c);
        a = a + b + y;
        d = Rot8(d ^ a);
        c += d;
        b = Rot7(b ^ c);
    }

    /// <summary>
    /// Transposes an 8×8 matrix of words: afterwards vector i holds word i of each of the 8 original vectors.
    /// Turns 8 inputs' message words into per-word vectors, and the 8 lanes' CVs back into CVs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Transpose(ref Vector256<uint> v0, ref Vector256<uint> v1, ref Vector256<uint> v2, ref Vector256<uint> v3,
        ref Vector256<uint> v4, ref Vector256<uint> v5, ref Vector256<uint> v6, ref Vector256<uint> v7)
    {
        // 32-bit interleave within 128-bit lanes: ab_0145 holds a0 b0 a1 b1 | a4 b4 a5 b5.
        var ab0145 = Avx2.UnpackLow(v0, v1);
        var ab2367 = Avx2.UnpackHigh(v0, v1);
        var cd0145 = Avx2.UnpackLow(v2, v3);
        var cd2367 = Avx2.UnpackHigh(v2, v3);
        var ef0145 = Avx2.UnpackLow(v4, v5);
        var ef2367 = Avx2.UnpackHigh(v4, v5);
        var gh0145 = Avx2.UnpackLow(v6, v7);
        var gh2367 = Avx2.UnpackHigh(v6, v7);
        // 64-bit interleave: abcd_04 holds a0 b0 c0 d0 | a4 b4 c4 d4.
        var abcd04 = Avx2.UnpackLow(ab0145.AsUInt64(), cd0145.AsUInt64()).AsUInt32();
        var abcd15 = Avx2.UnpackHigh(ab0145.AsUInt64(), cd0145.AsUInt64()).AsUInt32();
        var abcd26 = Avx2.UnpackLow(ab2367.AsUInt64(), cd2367.AsUInt64()).AsUInt32();
        var abcd37 = Avx2.UnpackHigh(ab2367.AsUInt64(), cd2367.AsUInt64()).AsUInt32();
        var efgh04 = Avx2.UnpackLow(ef0145.AsUInt64(), gh0145.AsUInt64()).AsUInt32();
        var efgh15 = Avx2.UnpackHigh(ef0145.AsUInt64(), gh0145.AsUInt64()).AsUInt32();
        var efgh26 = Avx2.UnpackLow(ef2367.AsUInt64(), gh2367.AsUInt64()).AsUInt32();
        var efgh37 = Avx2.UnpackHigh(ef2367.AsUInt64(), gh2367.AsUInt64()).AsUInt32();
        // 128-bit halves: 0x20 takes both low halves, 0x31 both high halves.
        v0 = Avx2.Permute2x128(abcd04, efgh04, 0x20);
        v1 = Avx2.Permute2x128(abcd15, efgh15, 0x20);
        v2 = Avx2.Permute2x128(abcd26, efgh26, 0x20);
        v3 = Avx2.Permute2x128(abcd37, efgh37, 0x20);
        v4 = Avx2.Permute2x128(abcd04, efgh04, 0x31);
        v5 = Avx2.Permute2x128(abcd15, efgh15, 0x31);
        v6 = Avx2.Permute2x128(abcd26, efgh26, 0x31);
        v7 = Avx2.Permute2x128(abcd37, efgh37, 0x31);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<uint> Load(ref byte input, nint offset) =>
        Vector256.LoadUnsafe(ref Unsafe.AddByteOffset(ref input, offset)).AsUInt32();

    public static void Hash8(ref byte input, nint stride, int blocks, in Blake3Cv key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output)
    {
        var h0 = Vector256.Create(key[0]); var h1 = Vector256.Create(key[1]);
        var h2 = Vector256.Create(key[2]); var h3 = Vector256.Create(key[3]);
        var h4 = Vector256.Create(key[4]); var h5 = Vector256.Create(key[5]);
        var h6 = Vector256.Create(key[6]); var h7 = Vector256.Create(key[7]);
        ulong s = incrementCounter ? 1UL : 0UL;
        var counterLow = Vector256.Create((uint)counter, (uint)(counter + s), (uint)(counter + (2 * s)), (uint)(counter + (3 * s)),
            (uint)(counter + (4 * s)), (uint)(counter + (5 * s)), (uint)(counter + (6 * s)), (uint)(counter + (7 * s)));
        var counterHigh = Vector256.Create((uint)(counter >> 32), (uint)((counter + s) >> 32), (uint)((counter + (2 * s)) >> 32),
            (uint)((counter + (3 * s)) >> 32), (uint)((counter + (4 * s)) >> 32), (uint)((counter + (5 * s)) >> 32),
            (uint)((counter + (6 * s)) >> 32), (uint)((counter + (7 * s)) >> 32));

        ref byte in0 = ref input;
        ref byte in1 = ref Unsafe.AddByteOffset(ref input, stride);
        ref byte in2 = ref Unsafe.AddByteOffset(ref input, 2 * stride);
        ref byte in3 = ref Unsafe.AddByteOffset(ref input, 3 * stride);
        ref byte in4 = ref Unsafe.AddByteOffset(ref input, 4 * stride);
        ref byte in5 = ref Unsafe.AddByteOffset(ref input, 5 * stride);
        ref byte in6 = ref Unsafe.AddByteOffset(ref input, 6 * stride);
        ref byte in7 = ref Unsafe.AddByteOffset(ref input, 7 * stride);

        for (int b = 0; b < blocks; b++)
        {
            nint off = b * BlockLength;
            uint blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);

            var m0 = Load(ref in0, off); var m1 = Load(ref in1, off); var m2 = Load(ref in2, off); var m3 = Load(ref in3, off);
            var m4 = Load(ref in4, off); var m5 = Load(ref in5, off); var m6 = Load(ref in6, off); var m7 = Load(ref in7, off);
            Transpose(ref m0, ref m1, ref m2, ref m3, ref m4, ref m5, ref m6, ref m7);
            var m8 = Load(ref in0, off + 32); var m9 = Load(ref in1, off + 32); var m10 = Load(ref in2, off + 32); var m11 = Load(ref in3, off + 32);
            var m12 = Load(ref in4, off + 32); var m13 = Load(ref in5, off + 32); var m14 = Load(ref in6, off + 32); var m15 = Load(ref in7, off + 32);
            Transpose(ref m8, ref m9, ref m10, ref m11, ref m12, ref m13, ref m14, ref m15);

            Vector256<uint> v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            var v8 = Vector256.Create(IV0); var v9 = Vector256.Create(IV1);
            var v10 = Vector256.Create(IV2); var v11 = Vector256.Create(IV3);
            var v12 = counterLow; var v13 = counterHigh;
            var v14 = Vector256.Create((uint)BlockLength); var v15 = Vector256.Create(blockFlags);

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

            h0 = v0 ^ v8; h1 = v1 ^ v9; h2 = v2 ^ v10; h3 = v3 ^ v11;
            h4 = v4 ^ v12; h5 = v5 ^ v13; h6 = v6 ^ v14; h7 = v7 ^ v15;
        }

        Transpose(ref h0, ref h1, ref h2, ref h3, ref h4, ref h5, ref h6, ref h7);
        h0.AsByte().StoreUnsafe(ref output, 0 * OutLength);
        h1.AsByte().StoreUnsafe(ref output, 1 * OutLength);
        h2.AsByte().StoreUnsafe(ref output, 2 * OutLength);
        h3.AsByte().StoreUnsafe(ref output, 3 * OutLength);
        h4.AsByte().StoreUnsafe(ref output, 4 * OutLength);
        h5.AsByte().StoreUnsafe(ref output, 5 * OutLength);
        h6.AsByte().StoreUnsafe(ref output, 6 * OutLength);
        h7.AsByte().StoreUnsafe(ref output, 7 * OutLength);
    }
}
