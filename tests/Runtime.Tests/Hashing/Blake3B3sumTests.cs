using Spacedrive.Runtime.TestKit;
using System.Diagnostics;
using System.Text;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Runtime.Tests.Hashing;

/// <summary>Random inputs against Debian's b3sum, an independent implementation (the Rust crate).</summary>
public sealed class Blake3B3sumTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), $"b3-vs-b3sum-{Guid.NewGuid():N}");

    public Blake3B3sumTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static IEnumerable<int> Lengths(Random random)
    {
        int[] fixedLengths = [0, 1, 64, 1023, 1024, 1025, 2048, 3072, 1024 * 1024 + 1];
        var aroundPages = new[] { 1, 2, 3, 5, 8, 16, 31, 64 }.SelectMany(k => new[] { (4096 * k) - 1, (4096 * k) + 1 });
        return fixedLengths.Concat(aroundPages).Concat(Enumerable.Range(0, 30).Select(_ => random.Next(300 * 1024)));
    }

    [RequiresToolFact("b3sum")]
    public void Random_inputs_match_b3sum_in_every_backend_split_and_api()
    {
        var random = new Random(21);
        var files = Lengths(random).Select((length, i) =>
        {
            byte[] data = Blake3TestSupport.RandomBytes(random, length);
            string path = Path.Combine(_dir, $"in{i:D3}-{length}");
            File.WriteAllBytes(path, data);
            return (Path: path, Data: data);
        }).ToArray();

        string[] expected = B3sum(files.Select(f => f.Path), []).ToArray();
        Assert.Equal(files.Length, expected.Length);

        for (int i = 0; i < files.Length; i++)
        {
            var (path, data) = files[i];
            string name = $"length {data.Length}";
            Assert.True(expected[i] == Blake3.ToHex(Blake3.Hash(data)), name);
            Assert.True(expected[i] == Blake3.ToHex(Blake3.HashParallel(data)), name);
            Assert.True(expected[i] == Blake3.ToHex(Blake3.HashFile(path)), name);
            Assert.True(expected[i] == Blake3.ToHex(Blake3.HashFileParallel(path)), name);
            foreach (var backend in Blake3TestSupport.Backends)
            {
                byte[] oneShot = new byte[32];
                Blake3.HashCore(data, Blake3Cv.Iv(), 0, oneShot, backend, parallel: false);
                Assert.True(expected[i] == Blake3.ToHex(oneShot), $"{name} one-shot {backend}");
                var hasher = Blake3Hasher.New(backend);
                Blake3TestSupport.UpdateInRandomSplits(hasher, data, random);
                Assert.True(expected[i] == Blake3.ToHex(hasher.Finalize()), $"{name} splits {backend}");
            }
        }
    }

    [RequiresToolFact("b3sum")]
    public void Keyed_derive_key_and_long_output_match_b3sum()
    {
        var random = new Random(22);
        byte[] key = Blake3TestSupport.RandomBytes(random, 32);
        const string context = "Spacedrive.Actors 2026-11-21 b3sum cross-check";
        foreach (int length in new[] { 0, 1, 1025, 4097, 65537, 200_003 })
        {
            byte[] data = Blake3TestSupport.RandomBytes(random, length);
            string path = Path.Combine(_dir, $"k{length}");
            File.WriteAllBytes(path, data);

            Assert.Equal(B3sum([path], ["--keyed"], key).Single(), Blake3.ToHex(Blake3.KeyedHash(key, data)));
            Assert.Equal(B3sum([path], ["--derive-key", context]).Single(), Blake3.ToHex(Blake3.DeriveKey(context, data)));

            byte[] xof = new byte[1000];
            Blake3.Hash(data, xof);
            Assert.Equal(B3sum([path], ["-l", "1000"]).Single(), Blake3.ToHex(xof));
        }
    }

    private static IEnumerable<string> B3sum(IEnumerable<string> paths, string[] options, byte[]? stdin = null)
    {
        var psi = new ProcessStartInfo("b3sum")
        {
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.ASCII,
        };
        foreach (string option in options.Append("--no-names").Concat(paths))
        {
            psi.ArgumentList.Add(option);
        }
        using var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }
        process.StandardInput.Close();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
