namespace Spacedrive.Runtime.Hashing;

internal static class Blake3Avx512
{
    public static bool IsSupported => false;

    public static void Hash16(ref byte input, nint stride, int blocks, in Blake3Cv key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output) => throw new NotSupportedException();

}
