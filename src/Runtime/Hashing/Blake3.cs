using System.Buffers;
using System.IO.MemoryMappedFiles;
using Microsoft.Win32.SafeHandles;
using static Spacedrive.Runtime.Hashing.Blake3Constants;

namespace Spacedrive.Runtime.Hashing;

/// <summary>
/// One-shot BLAKE3 over spans, streams and files. Digests are 32 bytes unless an output span of another
/// length is given (the XOF). For incremental hashing use <see cref="Blake3Hasher"/>.
/// </summary>
public static class Blake3
{
    /// <summary>Bytes of a default digest.</summary>
    public const int HashSize = OutLength;

    /// <summary>Bytes of a key for <see cref="KeyedHash(ReadOnlySpan{byte}, ReadOnlySpan{byte})"/>.</summary>
    public const int KeySize = KeyLength;

    /// <summary>From this size on, files are memory-mapped rather than read into a buffer.</summary>
    private const long MapThreshold = 256 * 1024;

    /// <summary>Read size for streams and small files.</summary>
    private const int ReadBufferSize = 256 * 1024;

    public static byte[] Hash(ReadOnlySpan<byte> input)
    {
        byte[] hash = new byte[HashSize];
        Hash(input, hash);
        return hash;
    }

    /// <summary>Hashes <paramref name="input"/> into <paramref name="output"/>, whose length may be anything (XOF).</summary>
    public static void Hash(ReadOnlySpan<byte> input, Span<byte> output) =>
        HashCore(input, Blake3Cv.Iv(), 0, output, Blake3Backends.Best, parallel: false);

    /// <summary>Like <see cref="Hash(ReadOnlySpan{byte})"/>, using every core for large inputs.</summary>
    public static byte[] HashParallel(ReadOnlySpan<byte> input)
    {
        byte[] hash = new byte[HashSize];
        HashParallel(input, hash);
        return hash;
    }

    public static void HashParallel(ReadOnlySpan<byte> input, Span<byte> output) =>
        HashCore(input, Blake3Cv.Iv(), 0, output, Blake3Backends.Best, parallel: true);

    /// <summary>The keyed hash: a MAC or PRF under a 32-byte key.</summary>
    public static byte[] KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input)
    {
        byte[] hash = new byte[HashSize];
        KeyedHash(key, input, hash);
        return hash;
    }

    public static void KeyedHash(ReadOnlySpan<byte> key, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (key.Length != KeySize)
        {
            throw new ArgumentException($"A BLAKE3 key is {KeySize} bytes, not {key.Length}.", nameof(key));
        }
        HashCore(input, Blake3Cv.FromBytes(key), Blake3Constants.KeyedHash, output, Blake3Backends.Best, parallel: false);
    }

    /// <summary>Derives a key of <paramref name="output"/>'s length from key material, under a hardcoded context string.</summary>
    public static void DeriveKey(string context, ReadOnlySpan<byte> keyMaterial, Span<byte> output) =>
        Blake3Hasher.NewDeriveKey(context).Update(keyMaterial).Finalize(output);

    public static byte[] DeriveKey(string context, ReadOnlySpan<byte> keyMaterial)
    {
        byte[] key = new byte[KeySize];
        DeriveKey(context, keyMaterial, key);
        return key;
    }

    /// <summary>Hashes the rest of <paramref name="stream"/>.</summary>
    public static byte[] HashStream(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hasher = Blake3Hasher.New();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            int n;
            while ((n = stream.Read(buffer, 0, ReadBufferSize)) > 0)
            {
                hasher.Update(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hasher.Finalize();
    }

    public static async Task<byte[]> HashStreamAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var hasher = Blake3Hasher.New();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer.AsMemory(0, ReadBufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                hasher.Update(buffer.AsSpan(0, n));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return hasher.Finalize();
    }

    /// <summary>Hashes a whole file on the calling thread (large files are memory-mapped, not copied).</summary>
    public static byte[] HashFile(string path)
    {
        byte[] hash = new byte[HashSize];
        HashFileCore(path, hash, Blake3Backends.Best, parallel: false);
        return hash;
    }

    /// <summary>Hashes a whole file, using every core for large files.</summary>
    public static byte[] HashFileParallel(string path)
    {
        byte[] hash = new byte[HashSize];
        HashFileCore(path, hash, Blake3Backends.Best, parallel: true);
        return hash;
    }

    /// <summary>Hashes a whole file on the thread pool, in parallel for large files.</summary>
    public static Task<byte[]> HashFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Task.Run(() => HashFileParallel(path), cancellationToken);
    }

    /// <summary>Lower-case hex, as b3sum prints.</summary>
    public static string ToHex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(bytes);

    internal static unsafe void HashCore(ReadOnlySpan<byte> input, in Blake3Cv key, uint flags, Span<byte> output,
        Blake3Backend backend, bool parallel)
    {
        fixed (byte* p = input)
        {
            HashCore(p, input.Length, in key, flags, output, backend, parallel);
        }
    }

    internal static unsafe void HashCore(byte* input, nint length, in Blake3Cv key, uint flags, Span<byte> output,
        Blake3Backend backend, bool parallel)
    {
        nint grain = parallel && length > Blake3Tree.MinParallelGrain ? Blake3Tree.ParallelGrain(length) : 0;
        Blake3Output root = Blake3Tree.HashAllAtOnce(input, length, in key, flags, backend, grain);
        if (output.Length == OutLength)
        {
            root.RootHash32(output, backend);
        }
        else
        {
            root.RootBytes(output, backend);
        }
    }

    internal static unsafe void HashFileCore(string path, Span<byte> output, Blake3Backend backend, bool parallel)
    {
        ArgumentNullException.ThrowIfNull(path);
        using SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        long length = RandomAccess.GetLength(handle);
        if (length < MapThreshold)
        {
            HashHandleByReading(handle, output, backend);
            return;
        }
        using var map = MemoryMappedFile.CreateFromFile(handle, null, 0, MemoryMappedFileAccess.Read, HandleInheritability.None, leaveOpen: true);
        using var view = map.CreateViewAccessor(0, length, MemoryMappedFileAccess.Read);
        byte* p = null;
        view.SafeMemoryMappedViewHandle.AcquirePointer(ref p);
        try
        {
            HashCore(p + view.PointerOffset, (nint)length, Blake3Cv.Iv(), 0, output, backend, parallel);
        }
        finally
        {
            view.SafeMemoryMappedViewHandle.ReleasePointer();
        }
    }

    private static void HashHandleByReading(SafeFileHandle handle, Span<byte> output, Blake3Backend backend)
    {
        var hasher = Blake3Hasher.New(backend);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(ReadBufferSize);
        try
        {
            long offset = 0;
            int n;
            while ((n = RandomAccess.Read(handle, buffer.AsSpan(0, ReadBufferSize), offset)) > 0)
            {
                hasher.Update(buffer.AsSpan(0, n));
                offset += n;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        hasher.Finalize(output);
    }
}
