namespace Spacedrive.Runtime.Hashing;

internal static class Blake3Vector128
{
    public static bool IsSupported => false;

    public static void Hash4(ref byte input, nint stride, int blocks, in Blake3Cv key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output) => throw new NotSupportedException();
    public static void CompressInPlace(ref Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags) => Blake3Compression.CompressInPlace(ref cv, in block, blockLen, counter, flags);
    public static void CompressXof(in Blake3Cv cv, ref readonly byte block, uint blockLen, ulong counter, uint flags, Span<byte> out64) => Blake3Compression.CompressXof(in cv, in block, blockLen, counter, flags, out64);
}
