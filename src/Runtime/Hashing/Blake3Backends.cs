using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Spacedrive.Runtime.Hashing;

/// <summary>Which compression kernels to use. The value is the SIMD degree: how many inputs one call hashes at once.</summary>
internal enum Blake3Backend
{
    /// <summary>Portable, one block at a time.</summary>
    Scalar = 1,

    /// <summary>4 inputs at once in <see cref="Vector128{T}"/> (SSE2/SSE4.1 or AdvSimd); rows for single blocks.</summary>
    Vector128 = 4,

    /// <summary>8 inputs at once in <see cref="Vector256{T}"/> (AVX2).</summary>
    Vector256 = 8,

    /// <summary>16 inputs at once in <see cref="Vector512{T}"/> (AVX-512F).</summary>
    Vector512 = 16,
}

/// <summary>Picks the kernels for a backend. Tests pass a backend explicitly to run every path on one machine.</summary>
internal static class Blake3Backends
{
    /// <summary>The widest backend this CPU runs.</summary>
    public static Blake3Backend Best { get; } = Detect();

    private static Blake3Backend Detect()
    {
        if (Blake3Avx512.IsSupported)
        {
            return Blake3Backend.Vector512;
        }
        if (Blake3Avx2.IsSupported)
        {
            return Blake3Backend.Vector256;
        }
        return Blake3Vector128.IsSupported ? Blake3Backend.Vector128 : Blake3Backend.Scalar;
    }

    public static bool IsSupported(Blake3Backend backend) => backend switch
    {
        Blake3Backend.Scalar => true,
        Blake3Backend.Vector128 => Blake3Vector128.IsSupported,
        Blake3Backend.Vector256 => Blake3Avx2.IsSupported,
        Blake3Backend.Vector512 => Blake3Avx512.IsSupported,
        _ => false,
    };

    /// <summary>
    /// Hashes <paramref name="count"/> inputs of <paramref name="blocks"/> whole blocks each, <paramref name="stride"/>
    /// bytes apart, into <paramref name="count"/> chaining values of 32 bytes. Input i uses counter
    /// <c>counter + i</c> when <paramref name="incrementCounter"/> (chunks), else <paramref name="counter"/> (parents).
    /// </summary>
    public static void HashMany(Blake3Backend backend, ref readonly byte input, nint stride, int count, int blocks, in Blake3Cv key,
        ulong counter, bool incrementCounter, uint flags, uint flagsStart, uint flagsEnd, ref byte output)
    {
        ref byte inp = ref Unsafe.AsRef(in input);
        ulong step = incrementCounter ? 1UL : 0UL;
        if (backend >= Blake3Backend.Vector512)
        {
            for (; count >= 16; count -= 16)
            {
                Blake3Avx512.Hash16(ref inp, stride, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
                inp = ref Unsafe.AddByteOffset(ref inp, 16 * stride);
                output = ref Unsafe.Add(ref output, 16 * Blake3Constants.OutLength);
                counter += 16 * step;
            }
        }
        if (backend >= Blake3Backend.Vector256)
        {
            for (; count >= 8; count -= 8)
            {
                Blake3Avx2.Hash8(ref inp, stride, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
                inp = ref Unsafe.AddByteOffset(ref inp, 8 * stride);
                output = ref Unsafe.Add(ref output, 8 * Blake3Constants.OutLength);
                counter += 8 * step;
            }
        }
        if (backend >= Blake3Backend.Vector128)
        {
            for (; count >= 4; count -= 4)
            {
                Blake3Vector128.Hash4(ref inp, stride, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
                inp = ref Unsafe.AddByteOffset(ref inp, 4 * stride);
                output = ref Unsafe.Add(ref output, 4 * Blake3Constants.OutLength);
                counter += 4 * step;
            }
        }
        if (count > 0)
        {
            Blake3Compression.HashMany(in inp, stride, count, blocks, in key, counter, incrementCounter, flags, flagsStart, flagsEnd, ref output);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void CompressInPlace(Blake3Backend backend, ref Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags)
    {
        if (backend >= Blake3Backend.Vector128)
        {
            Blake3Vector128.CompressInPlace(ref cv, in block, blockLen, counter, flags);
        }
        else
        {
            Blake3Compression.CompressInPlace(ref cv, in block, blockLen, counter, flags);
        }
    }

    public static void CompressXof(Blake3Backend backend, in Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, Span<byte> out64)
    {
        if (backend >= Blake3Backend.Vector128)
        {
            Blake3Vector128.CompressXof(in cv, in block, blockLen, counter, flags, out64);
        }
        else
        {
            Blake3Compression.CompressXof(in cv, in block, blockLen, counter, flags, out64);
        }
    }
}
