using System.Diagnostics;
using System.Security.Cryptography;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// BLAKE3 throughput against Debian's b3sum, in the same run on the same warm files:
/// one big file single-threaded and multi-threaded, a set of small files, and in-memory sizes.
/// Usage: bench/run.sh hash [BIG_FILE_MIB=512] [REPEATS=7].
/// </summary>
public sealed class HashSuite : IBenchSuite
{
    private const double SingleTarget = 0.7;
    private const double MultiTarget = 0.8;

    public string Name => "hash";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        int bigMiB = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 512;
        int repeats = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 7;
        string dir = Path.Combine(Path.GetTempPath(), $"sd-bench-hash-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        try
        {
            await RunInAsync(report, dir, bigMiB, repeats);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task RunInAsync(BenchReporter report, string dir, int bigMiB, int repeats)
    {
        string b3sum = FindOnPath("b3sum") ?? "";
        report.Note($"cpu: {Environment.ProcessorCount} cores; ours uses the {BackendName()} kernels");
        if (b3sum.Length == 0)
        {
            report.Note("b3sum not installed (apt-get install b3sum): absolute figures only, no ratios");
        }

        // Files: one big file of random bytes, 2,000 small ones (1 B to 64 KiB), one tiny to time b3sum's start-up.
        string big = Path.Combine(dir, "big.bin");
        long bigLength = (long)bigMiB * 1024 * 1024;
        await WriteRandomFileAsync(big, bigLength, 1);
        var random = new Random(2);
        var small = new List<string>();
        long smallBytes = 0;
        for (int i = 0; i < 2000; i++)
        {
            string path = Path.Combine(dir, $"s{i:D4}.bin");
            int length = 1 + random.Next(64 * 1024);
            await WriteRandomFileAsync(path, length, 1000 + i);
            small.Add(path);
            smallBytes += length;
        }
        string tiny = Path.Combine(dir, "tiny.bin");
        await File.WriteAllBytesAsync(tiny, [1, 2, 3]);

        // Warm the page cache so that both sides hash from memory.
        foreach (string path in small.Append(big))
        {
            Blake3.HashFile(path);
        }

        // Same digest as b3sum, or the figures mean nothing.
        if (b3sum.Length > 0)
        {
            string theirs = Run(b3sum, ["--no-names", big]).Trim();
            string ours = Blake3.ToHex(Blake3.HashFileParallel(big));
            if (theirs != ours)
            {
                report.Note($"DIGEST MISMATCH ours {ours} b3sum {theirs}");
            }
        }

        double startup = b3sum.Length > 0 ? Best(repeats, () => Run(b3sum, ["--num-threads", "1", tiny])) : 0;
        report.Figure("hash.b3sum.startup", startup * 1000, "ms");

        // Single thread.
        double oursSingle = bigLength / Best(repeats, () => Blake3.HashFile(big)) / 1e9;
        report.Figure("hash.single.ours", oursSingle, "GB/s");
        if (b3sum.Length > 0)
        {
            double t = Best(repeats, () => Run(b3sum, ["--num-threads", "1", big])) - startup;
            double theirs = bigLength / t / 1e9;
            report.Figure("hash.single.b3sum", theirs, "GB/s");
            report.Ratio("hash.single", oursSingle, theirs, higherIsBetter: true);
            report.Target("hash.single", oursSingle / theirs, SingleTarget, higherIsBetter: true);
        }

        // All cores.
        double oursMulti = bigLength / Best(repeats, () => Blake3.HashFileParallel(big)) / 1e9;
        report.Figure("hash.multi.ours", oursMulti, "GB/s");
        if (b3sum.Length > 0)
        {
            double t = Best(repeats, () => Run(b3sum, [big])) - startup;
            double theirs = bigLength / t / 1e9;
            report.Figure("hash.multi.b3sum", theirs, "GB/s");
            report.Ratio("hash.multi", oursMulti, theirs, higherIsBetter: true);
            report.Target("hash.multi", oursMulti / theirs, MultiTarget, higherIsBetter: true);
        }

        // Small files, one thread each side: per-file cost dominates.
        double oursSmall = small.Count / Best(Math.Max(3, repeats / 2), () => { foreach (string p in small) { Blake3.HashFile(p); } });
        report.Figure("hash.small_files.ours", oursSmall, "files/s");
        report.Note($"small files: {small.Count} files, {smallBytes / 1e6:F1} MB");
        if (b3sum.Length > 0)
        {
            string[] argv = ["--num-threads", "1", .. small];
            double theirsSmall = small.Count / Math.Max(1e-9, Best(Math.Max(3, repeats / 2), () => Run(b3sum, argv)) - startup);
            report.Figure("hash.small_files.b3sum", theirsSmall, "files/s");
            report.Ratio("hash.small_files", oursSmall, theirsSmall, higherIsBetter: true);
        }

        // In memory, one thread.
        foreach (int size in new[] { 1024, 64 * 1024, 1024 * 1024 })
        {
            byte[] input = RandomNumberGenerator.GetBytes(size);
            byte[] output = new byte[32];
            int iterations = Math.Max(1, (int)(256L * 1024 * 1024 / size));
            double t = Best(5, () =>
            {
                for (int i = 0; i < iterations; i++)
                {
                    Blake3.Hash(input, output);
                }
            });
            report.Figure($"hash.memory.{Label(size)}", (double)size * iterations / t / 1e9, "GB/s");
        }
        {
            byte[] input = RandomNumberGenerator.GetBytes(64 * 1024 * 1024);
            double t = Best(5, () => Blake3.HashParallel(input));
            report.Figure("hash.memory.64MiB.parallel", input.Length / t / 1e9, "GB/s");
        }
    }

    private static string BackendName() => Blake3Backends.Best.ToString();

    private static string Label(int size) => size >= 1024 * 1024 ? $"{size / (1024 * 1024)}MiB" : $"{size / 1024}KiB";

    private static async Task WriteRandomFileAsync(string path, long length, int seed)
    {
        var random = new Random(seed);
        byte[] buffer = new byte[Math.Min(length, 4 * 1024 * 1024)];
        await using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        for (long left = length; left > 0;)
        {
            int n = (int)Math.Min(left, buffer.Length);
            random.NextBytes(buffer.AsSpan(0, n));
            await stream.WriteAsync(buffer.AsMemory(0, n));
            left -= n;
        }
    }

    /// <summary>Best of <paramref name="repeats"/> timings, after one warm-up: the least-disturbed run on a shared machine.</summary>
    private static double Best(int repeats, Action action)
    {
        action();
        double best = double.MaxValue;
        for (int i = 0; i < repeats; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalSeconds);
        }
        return best;
    }

    private static string Run(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (string a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi)!;
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}");
        }
        return output;
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
