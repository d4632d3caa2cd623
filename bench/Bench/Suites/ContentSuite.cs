using System.Diagnostics;
using System.Globalization;
using Spacedrive.Actors.Content;
using Spacedrive.Actors.FileTypes;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// Content identity and file type identification over a directory tree, warm cache, one worker per core:
/// content ids/s (target 30,000 files/s), identification by reading headers, identification from the header
/// the content hasher already read (what the indexer does), identification by name only, and b3sum over the
/// same files for a ratio (b3sum hashes whole files, we sample: the ratio shows what sampling buys).
/// Usage: bench/run.sh content [DIR=/tmp/corpus-content (made with make-corpus.sh, 20,000 files)] [WORKERS=cores].
/// </summary>
public sealed class ContentSuite : IBenchSuite
{
    private const double TargetFilesPerSecond = 30_000;
    private const string DefaultCorpus = "/tmp/corpus-content";
    private const string CorpusScript = "/work/shared/bench/make-corpus.sh";

    public string Name => "content";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        string dir = args.Length > 0 ? args[0] : DefaultCorpus;
        int workers = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : Environment.ProcessorCount;
        if (!Directory.Exists(dir))
        {
            if (args.Length > 0) throw new DirectoryNotFoundException(dir);
            report.Note($"making the corpus: {CorpusScript} {dir} 20000");
            await RunAsync("bash", [CorpusScript, dir, "20000"]);
        }

        var files = Directory.EnumerateFiles(dir, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = true })
            .Where(f => !new FileInfo(f).Attributes.HasFlag(FileAttributes.ReparsePoint))
            .ToArray();
        long bytes = files.Sum(f => new FileInfo(f).Length);
        report.Note($"{files.Length} files, {bytes / (1024.0 * 1024):F0} MiB in {dir}; {workers} workers; {Environment.ProcessorCount} cores");
        var registry = FileTypeRegistry.Default;

        // Warm the page cache and the JIT.
        Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = workers }, f => ContentHasher.ComputeFile(f));

        int hashed = 0, empty = 0, failed = 0;
        double contentRate = Best(3, () =>
        {
            hashed = empty = failed = 0;
            return Time(() => Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = workers }, f =>
            {
                var r = ContentHasher.ComputeFile(f);
                if (r.IsHashed) Interlocked.Increment(ref hashed);
                else if (r.Outcome == ContentHashOutcome.Empty) Interlocked.Increment(ref empty);
                else Interlocked.Increment(ref failed);
            }));
        }, files.Length);
        report.Note($"content ids: {hashed} hashed, {empty} empty, {failed} failed");
        report.Figure("content.identity", contentRate, "files/s");
        report.Target("content.identity", contentRate, TargetFilesPerSecond, higherIsBetter: true);

        int unknown = 0, mismatches = 0;
        double identifyRate = Best(3, () =>
        {
            unknown = mismatches = 0;
            return Time(() => Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = workers }, f =>
            {
                var m = registry.IdentifyFile(f);
                if (m.Type is null) Interlocked.Increment(ref unknown);
                if (m.IsMismatch) Interlocked.Increment(ref mismatches);
            }));
        }, files.Length);
        report.Note($"identification: {unknown} unknown, {mismatches} extension/content mismatches");
        report.Figure("content.identify_file", identifyRate, "files/s");

        double combinedRate = Best(3, () => Time(() => Parallel.ForEach(files, new ParallelOptions { MaxDegreeOfParallelism = workers }, f =>
        {
            var hasher = ContentHasher.ForCurrentThread;
            var r = hasher.Compute(f);
            _ = r.IsHashed
                ? registry.Identify(Path.GetFileName(f.AsSpan()), hasher.Header, r.Size <= FileTypeRegistry.HeaderLength)
                : registry.IdentifyByExtension(f);
        })), files.Length);
        report.Figure("content.identity_and_type", combinedRate, "files/s");

        double byNameRate = Best(3, () => Time(() =>
        {
            foreach (var f in files) _ = registry.IdentifyByExtension(f);
        }), files.Length);
        report.Figure("content.identify_by_name_1_thread", byNameRate, "files/s");

        if (FindOnPath("b3sum") is null)
        {
            report.Note("b3sum not installed (apt-get install b3sum): no ratio");
            return;
        }
        string list = Path.Combine(Path.GetTempPath(), $"sd-bench-content-{Environment.ProcessId}.list");
        await File.WriteAllTextAsync(list, string.Join('\0', files) + "\0");
        try
        {
            // As many b3sum processes as workers, each over a share of the list, so both sides use every core.
            string command = $"xargs -0 -P {workers} -n 1000 b3sum --no-names < '{list}' > /dev/null";
            await RunAsync("bash", ["-c", command]); // warm-up
            double b3Rate = files.Length / Math.Min(await TimeAsync(() => RunAsync("bash", ["-c", command])), await TimeAsync(() => RunAsync("bash", ["-c", command])));
            report.Figure("content.b3sum_full_files", b3Rate, "files/s");
            report.Ratio("content.identity_vs_b3sum", contentRate, b3Rate, higherIsBetter: true);
        }
        finally
        {
            File.Delete(list);
        }
    }

    private static double Best(int runs, Func<double> seconds, int count) =>
        count / Enumerable.Range(0, runs).Select(_ => seconds()).Min();

    private static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalSeconds;
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var sw = Stopwatch.StartNew();
        await action();
        return sw.Elapsed.TotalSeconds;
    }

    private static async Task RunAsync(string file, string[] arguments)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        string stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {stderr}");
    }

    private static string? FindOnPath(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);
}
