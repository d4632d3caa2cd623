using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// 128-bit kernels (SSE2/SSSE3 on x64, AdvSimd on Arm64): four inputs at once with a transposed state
/// like <see cref="Blake3Avx2"/>, and a single-block compression that keeps the 4×4 state in four row
/// vectors, for the blocks that come one at a time (a chunk's blocks, the last parents, the output).
/// </summary>
internal static class Blake3Vector128
{
    public static bool IsSupported => (Sse2.IsSupported || AdvSimd.Arm64.IsSupported) && BitConverter.IsLittleEndian;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rot16(Vector128<uint> x)
    {
        if (Avx512F.VL.IsSupported)
        {
            return Avx512F.VL.RotateRight(x, 16);
        }
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13)).AsUInt32();
        }
        return AdvSimd.IsSupported ? AdvSimd.ReverseElement16(x) : Vector128.ShiftRightLogical(x, 16) | Vector128.ShiftLeft(x, 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rot12(Vector128<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 12)
        : Vector128.ShiftRightLogical(x, 12) | Vector128.ShiftLeft(x, 20);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rot8(Vector128<uint> x)
    {
        if (Avx512F.VL.IsSupported)
        {
            return Avx512F.VL.RotateRight(x, 8);
        }
        if (Ssse3.IsSupported)
        {
            return Ssse3.Shuffle(x.AsByte(), Vector128.Create((byte)1, 2, 3, 0, 5, 6, 7, 4, 9, 10, 11, 8, 13, 14, 15, 12)).AsUInt32();
        }
        return Vector128.ShiftRightLogical(x, 8) | Vector128.ShiftLeft(x, 24);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Rot7(Vector128<uint> x) => Avx512F.VL.IsSupported
        ? Avx512F.VL.RotateRight(x, 7)
        : Vector128.ShiftRightLogical(x, 7) | Vector128.ShiftLeft(x, 25);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void G(ref Vector128<uint> a, ref Vector128<uint> b, ref Vector128<uint> c, ref Vector128<uint> d, Vector128<uint> x, Vector128<uint> y)
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

    // ---- single block, state in rows ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CompressRows(in Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags,
        out Vector128<uint> row0, out Vector128<uint> row1, out Vector128<uint> row2, out Vector128<uint> row3)
    {
        ref uint cvWords = ref Unsafe.As<Blake3Cv, uint>(ref Unsafe.AsRef(in cv));
        row0 = Vector128.LoadUnsafe(ref cvWords);
        row1 = Vector128.LoadUnsafe(ref cvWords, 4);
        row2 = Vector128.Create(IV0, IV1, IV2, IV3);
        row3 = Vector128.Create((uint)counter, (uint)(counter >> 32), blockLen, flags);
        ref uint m = ref Unsafe.As<byte, uint>(ref Unsafe.AsRef(in block));
        ref byte schedule = ref MemoryMarshal.GetReference(Schedule);
        for (int r = 0; r < 7; r++)
        {
            ref byte s = ref Unsafe.Add(ref schedule, r * 16);
            // Columns: lane i mixes words (i, 4+i, 8+i, 12+i) with message words s[2i], s[2i+1].
            var mx = Vector128.Create(Unsafe.Add(ref m, s), Unsafe.Add(ref m, Unsafe.Add(ref s, 2)), Unsafe.Add(ref m, Unsafe.Add(ref s, 4)), Unsafe.Add(ref m, Unsafe.Add(ref s, 6)));
            var my = Vector128.Create(Unsafe.Add(ref m, Unsafe.Add(ref s, 1)), Unsafe.Add(ref m, Unsafe.Add(ref s, 3)), Unsafe.Add(ref m, Unsafe.Add(ref s, 5)), Unsafe.Add(ref m, Unsafe.Add(ref s, 7)));
            G(ref row0, ref row1, ref row2, ref row3, mx, my);
            // Diagonals: rotating rows 1–3 left by 1–3 lanes lines up (0,5,10,15), (1,6,11,12), …
            row1 = Vector128.Shuffle(row1, Vector128.Create(1u, 2, 3, 0));
            row2 = Vector128.Shuffle(row2, Vector128.Create(2u, 3, 0, 1));
            row3 = Vector128.Shuffle(row3, Vector128.Create(3u, 0, 1, 2));
            mx = Vector128.Create(Unsafe.Add(ref m, Unsafe.Add(ref s, 8)), Unsafe.Add(ref m, Unsafe.Add(ref s, 10)), Unsafe.Add(ref m, Unsafe.Add(ref s, 12)), Unsafe.Add(ref m, Unsafe.Add(ref s, 14)));
            my = Vector128.Create(Unsafe.Add(ref m, Unsafe.Add(ref s, 9)), Unsafe.Add(ref m, Unsafe.Add(ref s, 11)), Unsafe.Add(ref m, Unsafe.Add(ref s, 13)), Unsafe.Add(ref m, Unsafe.Add(ref s, 15)));
            G(ref row0, ref row1, ref row2, ref row3, mx, my);
            row1 = Vector128.Shuffle(row1, Vector128.Create(3u, 0, 1, 2));
            row2 = Vector128.Shuffle(row2, Vector128.Create(2u, 3, 0, 1));
            row3 = Vector128.Shuffle(row3, Vector128.Create(1u, 2, 3, 0));
        }
    }

    public static void CompressInPlace(ref Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags)
    {
        CompressRows(in cv, in block, blockLen, counter, flags, out var row0, out var row1, out var row2, out var row3);
        ref uint cvWords = ref Unsafe.As<Blake3Cv, uint>(ref cv);
        (row0 ^ row2).StoreUnsafe(ref cvWords);
        (row1 ^ row3).StoreUnsafe(ref cvWords, 4);
    }

    public static void CompressXof(in Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, Span<byte> out64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(out64.Length, BlockLength);
        CompressRows(in cv, in block, blockLen, counter, flags, out var row0, out var row1, out var row2, out var row3);
        ref uint cvWords = ref Unsafe.As<Blake3Cv, uint>(ref Unsafe.AsRef(in cv));
        ref byte o = ref MemoryMarshal.GetReference(out64);
        (row0 ^ row2).AsByte().StoreUnsafe(ref o);
        (row1 ^ row3).AsByte().StoreUnsafe(ref o, 16);
        (row2 ^ Vector128.LoadUnsafe(ref cvWords)).AsByte().StoreUnsafe(ref o, 32);
        (row3 ^ Vector128.LoadUnsafe(ref cvWords, 4)).AsByte().StoreUnsafe(ref o, 48);
    }

    // ---- four inputs, transposed state ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> UnpackLow32(Vector128<uint> a, Vector128<uint> b) =>
        Sse2.IsSupported ? Sse2.UnpackLow(a, b) : AdvSimd.Arm64.ZipLow(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> UnpackHigh32(Vector128<uint> a, Vector128<uint> b) =>
        Sse2.IsSupported ? Sse2.UnpackHigh(a, b) : AdvSimd.Arm64.ZipHigh(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> UnpackLow64(Vector128<uint> a, Vector128<uint> b) =>
        (Sse2.IsSupported ? Sse2.UnpackLow(a.AsUInt64(), b.AsUInt64()) : AdvSimd.Arm64.ZipLow(a.AsUInt64(), b.AsUInt64())).AsUInt32();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> UnpackHigh64(Vector128<uint> a, Vector128<uint> b) =>
        (Sse2.IsSupported ? Sse2.UnpackHigh(a.AsUInt64(), b.AsUInt64()) : AdvSimd.Arm64.ZipHigh(a.AsUInt64(), b.AsUInt64())).AsUInt32();

    /// <summary>4×4 word transpose: afterwards vector i holds word i of each original vector.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Transpose(ref Vector128<uint> v0, ref Vector128<uint> v1, ref Vector128<uint> v2, ref Vector128<uint> v3)
    {
        var ab01 = UnpackLow32(v0, v1);
        var ab23 = UnpackHigh32(v0, v1);
        var cd01 = UnpackLow32(v2, v3);
        var cd23 = UnpackHigh32(v2, v3);
        v0 = UnpackLow64(ab01, cd01);
        v1 = UnpackHigh64(ab01, cd01);
        v2 = UnpackLow64(ab23, cd23);
        v3 = UnpackHigh64(ab23, cd23);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<uint> Load(ref byte input, nint offset) =>
        Vector128.LoadUnsafe(ref Unsafe.AddByteOffset(ref input, offset)).AsUInt32();

    public static void Hash4(ref byte input, nint stride, int blocks, in Blake3Cv key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output)
    {
        var h0 = Vector128.Create(key[0]); var h1 = Vector128.Create(key[1]);
        var h2 = Vector128.Create(key[2]); var h3 = Vector128.Create(key[3]);
        var h4 = Vector128.Create(key[4]); var h5 = Vector128.Create(key[5]);
        var h6 = Vector128.Create(key[6]); var h7 = Vector128.Create(key[7]);
        ulong s = incrementCounter ? 1UL : 0UL;
        var counterLow = Vector128.Create((uint)counter, (uint)(counter + s), (uint)(counter + (2 * s)), (uint)(counter + (3 * s)));
        var counterHigh = Vector128.Create((uint)(counter >> 32), (uint)((counter + s) >> 32), (uint)((counter + (2 * s)) >> 32), (uint)((counter + (3 * s)) >> 32));

        ref byte in0 = ref input;
        ref byte in1 = ref Unsafe.AddByteOffset(ref input, stride);
        ref byte in2 = ref Unsafe.AddByteOffset(ref input, 2 * stride);
        ref byte in3 = ref Unsafe.AddByteOffset(ref input, 3 * stride);

        for (int b = 0; b < blocks; b++)
        {
            nint off = b * BlockLength;
            uint blockFlags = flags | (b == 0 ? flagsStart : 0) | (b == blocks - 1 ? flagsEnd : 0);

            var m0 = Load(ref in0, off); var m1 = Load(ref in1, off); var m2 = Load(ref in2, off); var m3 = Load(ref in3, off);
            Transpose(ref m0, ref m1, ref m2, ref m3);
            var m4 = Load(ref in0, off + 16); var m5 = Load(ref in1, off + 16); var m6 = Load(ref in2, off + 16); var m7 = Load(ref in3, off + 16);
            Transpose(ref m4, ref m5, ref m6, ref m7);
            var m8 = Load(ref in0, off + 32); var m9 = Load(ref in1, off + 32); var m10 = Load(ref in2, off + 32); var m11 = Load(ref in3, off + 32);
            Transpose(ref m8, ref m9, ref m10, ref m11);
            var m12 = Load(ref in0, off + 48); var m13 = Load(ref in1, off + 48); var m14 = Load(ref in2, off + 48); var m15 = Load(ref in3, off + 48);
            Transpose(ref m12, ref m13, ref m14, ref m15);

            Vector128<uint> v0 = h0, v1 = h1, v2 = h2, v3 = h3, v4 = h4, v5 = h5, v6 = h6, v7 = h7;
            var v8 = Vector128.Create(IV0); var v9 = Vector128.Create(IV1);
            var v10 = Vector128.Create(IV2); var v11 = Vector128.Create(IV3);
            var v12 = counterLow; var v13 = counterHigh;
            var v14 = Vector128.Create((uint)BlockLength); var v15 = Vector128.Create(blockFlags);

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

        // Back to one CV per input: words 0–3 of input j from the first transpose, 4–7 from the second.
        Transpose(ref h0, ref h1, ref h2, ref h3);
        Transpose(ref h4, ref h5, ref h6, ref h7);
        h0.AsByte().StoreUnsafe(ref output, 0);
        h4.AsByte().StoreUnsafe(ref output, 16);
        h1.AsByte().StoreUnsafe(ref output, 32);
        h5.AsByte().StoreUnsafe(ref output, 48);
        h2.AsByte().StoreUnsafe(ref output, 64);
        h6.AsByte().StoreUnsafe(ref output, 80);
        h3.AsByte().StoreUnsafe(ref output, 96);
        h7.AsByte().StoreUnsafe(ref output, 112);
    }
}
