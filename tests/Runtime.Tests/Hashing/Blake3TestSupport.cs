using System.Runtime.CompilerServices;
using System.Text.Json;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Runtime.Tests.Hashing;

internal static class Blake3TestSupport
{
    /// <summary>Every backend this machine can run, so each SIMD path is checked, not just the fastest.</summary>
    public static IReadOnlyList<Blake3Backend> Backends { get; } =
        Enum.GetValues<Blake3Backend>().Where(Blake3Backends.IsSupported).ToArray();

    /// <summary>The test input of the official vectors: bytes 0, 1, …, 250, 0, 1, …</summary>
    public static byte[] VectorInput(int length)
    {
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++)
        {
            input[i] = (byte)(i % 251);
        }
        return input;
    }

    public static byte[] RandomBytes(Random random, int length)
    {
        byte[] bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Feeds <paramref name="input"/> in random pieces, from empty to a few chunks long.</summary>
    public static void UpdateInRandomSplits(Blake3Hasher hasher, ReadOnlySpan<byte> input, Random random)
    {
        while (!input.IsEmpty)
        {
            int max = random.Next(4) switch { 0 => 70, 1 => 1100, 2 => 5000, _ => 70_000 };
            int n = Math.Min(input.Length, random.Next(max + 1));
            hasher.Update(input[..n]);
            input = input[n..];
        }
    }

    public static VectorFile LoadVectors([CallerFilePath] string sourceFile = "")
    {
        string path = Path.Combine(Path.GetDirectoryName(sourceFile)!, "test_vectors.json");
        using var stream = File.OpenRead(path);
        using var doc = JsonDocument.Parse(stream);
        var root = doc.RootElement;
        var cases = root.GetProperty("cases").EnumerateArray().Select(c => new VectorCase(
            c.GetProperty("input_len").GetInt32(),
            c.GetProperty("hash").GetString()!,
            c.GetProperty("keyed_hash").GetString()!,
            c.GetProperty("derive_key").GetString()!)).ToArray();
        return new VectorFile(root.GetProperty("key").GetString()!, root.GetProperty("context_string").GetString()!, cases);
    }
}

internal sealed record VectorCase(int InputLength, string Hash, string KeyedHash, string DeriveKey);

internal sealed record VectorFile(string Key, string Context, IReadOnlyList<VectorCase> Cases);
