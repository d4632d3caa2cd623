using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// Sixteen inputs at once with AVX-512F: each input's 64-byte block is exactly one vector, so a 16×16
/// transpose turns 16 blocks into the 16 per-word message vectors. Rotations are single instructions.
/// </summary>
internal static class Blake3Avx512
{
    public static bool IsSupported => Avx512F.IsSupported && Avx512F.VL.IsSupported && Avx2.IsSupported && BitConverter.IsLittleEndian;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector512<uint> a, ref Vector512<uint> b, ref Vector512<uint> c, ref Vector512<uint> d, Vector512<uint> x, Vector512<uint> y)
    {
        a = a + b + x;
        d = Avx512F.RotateRight(d ^ a, 16);
        c += d;
        b = Avx512F.RotateRight(b ^ c, 12);
        a = a + b + y;
        d = Avx512F.RotateRight(d ^ a, 8);
        c += d;
        b = Avx512F.RotateRight(b ^ c, 7);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Lo64(Vector512<uint> a, Vector512<uint> b) => Avx512F.UnpackLow(a.AsUInt64(), b.AsUInt64()).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Hi64(Vector512<uint> a, Vector512<uint> b) => Avx512F.UnpackHigh(a.AsUInt64(), b.AsUInt64()).AsUInt32();

    // 128-bit lanes: 0x88 picks lanes (a0, a2, b0, b2), 0xDD picks (a1, a3, b1, b3).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Lo128(Vector512<uint> a, Vector512<uint> b) => Avx512F.Shuffle4x128(a, b, 0x88);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Hi128(Vector512<uint> a, Vector512<uint> b) => Avx512F.Shuffle4x128(a, b, 0xDD);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<uint> Load(ref byte input, nint offset) =>
        Vector512.LoadUnsafe(ref Unsafe.AddByteOffset(ref input, offset)).AsUInt32();

    public static void Hash16(ref byte input, nint stride, int blocks, in Blake3Cv key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output)
    {
        var h0 = Vector512.Create(key[0]); var h1 = Vector512.Create(key[1]);
        var h2 = Vector512.Create(key[2]); var h3 = Vector512.Create(key[3]);
        var h4 = Vector512.Create(key[4]); var h5 = Vector512.Create(key[5]);
        var h6 = Vector512.Create(key[6]); var h7 = Vector512.Create(key[7]);

        // Lane j's counter is counter + j (chunks) or counter (parents), carried into the high word.
        var lanes = Vector512.Create(0UL, 1, 2, 3, 4, 5, 6, 7);
        var step = Vector512.Create(incrementCounter ? 1UL : 0UL);
        var c07 = Vector512.Create(counter) + (lanes * step);
        var c815 = c07 + (Vector512.Create(8UL) * step);
        var counterLow = Vector512.Narrow(c07, c815);
        var counterHigh = Vector512.Narrow(Vector512.ShiftRightLogical(c07, 32), Vector512.ShiftRightLogical(c815, 32));

        for (int b = 0; b < blocks; b++)
        {
            nint off = b * BlockLength;
            uint blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);

            var a = Load(ref input, off); var bb = Load(ref input, stride + off);
            var c = Load(ref input, (2 * stride) + off); var d = Load(ref input, (3 * stride) + off);
            var e = Load(ref input, (4 * stride) + off); var f = Load(ref input, (5 * stride) + off);
            var g = Load(ref input, (6 * stride) + off); var h = Load(ref input, (7 * stride) + off);
            var i = Load(ref input, (8 * stride) + off); var j = Load(ref input, (9 * stride) + off);
            var k = Load(ref input, (10 * stride) + off); var l = Load(ref input, (11 * stride) + off);
            var mm = Load(ref input, (12 * stride) + off); var n = Load(ref input, (13 * stride) + off);
            var o = Load(ref input, (14 * stride) + off); var p = Load(ref input, (15 * stride) + off);

            // 16×16 transpose. 32-bit interleave: ab0 holds words 0,0,1,1 | 4,4,5,5 | … of a and b.
            var ab0 = Avx512F.UnpackLow(a, bb); var ab2 = Avx512F.UnpackHigh(a, bb);
            var cd0 = Avx512F.UnpackLow(c, d); var cd2 = Avx512F.UnpackHigh(c, d);
            var ef0 = Avx512F.UnpackLow(e, f); var ef2 = Avx512F.UnpackHigh(e, f);
            var gh0 = Avx512F.UnpackLow(g, h); var gh2 = Avx512F.UnpackHigh(g, h);
            var ij0 = Avx512F.UnpackLow(i, j); var ij2 = Avx512F.UnpackHigh(i, j);
            var kl0 = Avx512F.UnpackLow(k, l); var kl2 = Avx512F.UnpackHigh(k, l);
            var mn0 = Avx512F.UnpackLow(mm, n); var mn2 = Avx512F.UnpackHigh(mm, n);
            var op0 = Avx512F.UnpackLow(o, p); var op2 = Avx512F.UnpackHigh(o, p);
            // 64-bit interleave: abcd0 holds word 0 of a..d | word 4 | word 8 | word 12.
            var abcd0 = Lo64(ab0, cd0); var abcd1 = Hi64(ab0, cd0); var abcd2 = Lo64(ab2, cd2); var abcd3 = Hi64(ab2, cd2);
            var efgh0 = Lo64(ef0, gh0); var efgh1 = Hi64(ef0, gh0); var efgh2 = Lo64(ef2, gh2); var efgh3 = Hi64(ef2, gh2);
            var ijkl0 = Lo64(ij0, kl0); var ijkl1 = Hi64(ij0, kl0); var ijkl2 = Lo64(ij2, kl2); var ijkl3 = Hi64(ij2, kl2);
            var mnop0 = Lo64(mn0, op0); var mnop1 = Hi64(mn0, op0); var mnop2 = Lo64(mn2, op2); var mnop3 = Hi64(mn2, op2);
            // 128-bit lanes, twice: first pairs words (w, w+8), then the final order.
            var ah0 = Lo128(abcd0, efgh0); var ah1 = Lo128(abcd1, efgh1); var ah2 = Lo128(abcd2, efgh2); var ah3 = Lo128(abcd3, efgh3);
            var ah4 = Hi128(abcd0, efgh0); var ah5 = Hi128(abcd1, efgh1); var ah6 = Hi128(abcd2, efgh2); var ah7 = Hi128(abcd3, efgh3);
            var ip0 = Lo128(ijkl0, mnop0); var ip1 = Lo128(ijkl1, mnop1); var ip2 = Lo128(ijkl2, mnop2); var ip3 = Lo128(ijkl3, mnop3);
            var ip4 = Hi128(ijkl0, mnop0); var ip5 = Hi128(ijkl1, mnop1); var ip6 = Hi128(ijkl2, mnop2); var ip7 = Hi128(ijkl3, mnop3);
            var m0 = Lo128(ah0, ip0); var m1 = Lo128(ah1, ip1); var m2 = Lo128(ah2, ip2); var m3 = Lo128(ah3, ip3);
            var m4 = Lo128(ah4, ip4); var m5 = Lo128(ah5, ip5); var m6 = Lo128(ah6, ip6); var m7 = Lo128(ah7, ip7);
            var m8 = Hi128(ah0, ip0); var m9 = Hi128(ah1, ip1); var m10 = Hi128(ah2, ip2); var m11 = Hi128(ah3, ip3);
            var m12 = Hi128(ah4, ip4); var m13 = Hi128(ah5, ip5); var m14 = Hi128(ah6, ip6); var m15 = Hi128(ah7, ip7);

            Vector512<uint> v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            var v8 = Vector512.Create(IV0); var v9 = Vector512.Create(IV1);
            var v10 = Vector512.Create(IV2); var v11 = Vector512.Create(IV3);
            var v12 = counterLow; var v13 = counterHigh;
            var v14 = Vector512.Create((uint)BlockLength); var v15 = Vector512.Create(blockFlags);

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

        // Lanes 0–7 and 8–15 are two 8×8 transposes back to one CV per input.
        var l0 = h0.GetLower(); var l1 = h1.GetLower(); var l2 = h2.GetLower(); var l3 = h3.GetLower();
        var l4 = h4.GetLower(); var l5 = h5.GetLower(); var l6 = h6.GetLower(); var l7 = h7.GetLower();
        Blake3Avx2.Transpose(ref l0, ref l1, ref l2, ref l3, ref l4, ref l5, ref l6, ref l7);
        var u0 = h0.GetUpper(); var u1 = h1.GetUpper(); var u2 = h2.GetUpper(); var u3 = h3.GetUpper();
        var u4 = h4.GetUpper(); var u5 = h5.GetUpper(); var u6 = h6.GetUpper(); var u7 = h7.GetUpper();
        Blake3Avx2.Transpose(ref u0, ref u1, ref u2, ref u3, ref u4, ref u5, ref u6, ref u7);
        Vector512.Create(l0, l1).AsByte().StoreUnsafe(ref output, 0);
        Vector512.Create(l2, l3).AsByte().StoreUnsafe(ref output, 64);
        Vector512.Create(l4, l5).AsByte().StoreUnsafe(ref output, 128);
        Vector512.Create(l6, l7).AsByte().StoreUnsafe(ref output, 192);
        Vector512.Create(u0, u1).AsByte().StoreUnsafe(ref output, 256);
        Vector512.Create(u2, u3).AsByte().StoreUnsafe(ref output, 320);
        Vector512.Create(u4, u5).AsByte().StoreUnsafe(ref output, 384);
        Vector512.Create(u6, u7).AsByte().StoreUnsafe(ref output, 448);
    }
}
