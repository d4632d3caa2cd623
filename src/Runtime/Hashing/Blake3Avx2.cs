namespace Spacedrive.Runtime.Hashing;

internal static class Blake3Avx2
{
    public static bool IsSupported => false;

    public static void Hash8(ref byte input, nint stride, int blocks, in Blake3Cv key, ulong counter, bool incrementCounter,
        uint flags, uint flagsStart, uint flagsEnd, ref byte output) => throw new NotSupportedException();

}
