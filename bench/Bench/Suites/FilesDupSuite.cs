using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Content;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Validation;
using Spacedrive.Messages.Content;
using Spacedrive.Storage.Library;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// Duplicates and validation on an indexed corpus, against the peer tools in the same run: `sd dup` (the duplicate query
/// of the node, in process: no process start) vs `jdupes -r` on the same tree (target: under 0.1× its time), and the
/// validator's throughput (every byte read, sampled + full BLAKE3, integrity hashes written) vs `b3sum` over the same
/// files. Usage: bench/run.sh files-dup [CORPUS_DIR=/tmp/corpus100k] [N_FILES=100000].
/// </summary>
public sealed class FilesDupSuite : IBenchSuite
{
    public string Name => "files-dup";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        var corpus = Path.GetFullPath(args.Length > 0 ? args[0] : "/tmp/corpus100k");
        var files = args.Length > 1 ? args[1] : "100000";
        if (!Directory.Exists(corpus))
        {
            var script = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../shared/bench/make-corpus.sh"));
            if (!File.Exists(script)) script = "/work/shared/bench/make-corpus.sh";
            report.Note($"making corpus {corpus} ({files} files) with {script}");
            await Run(script, [corpus, files]);
        }
        report.Note($"cpu: {Environment.ProcessorCount} cores; corpus {corpus}; load average before: {Load()}");

        var work = Path.Combine(Path.GetTempPath(), $"sd-bench-dup-{Environment.ProcessId}");
        Directory.CreateDirectory(work);
        try
        {
            var dbPath = Path.Combine(work, "library.db");
            using (var db = LibraryDatabase.Create(dbPath))
            {
                Exec(db, "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 'bench', 'bench', 1, 0, 0)");
                Exec(db, "INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('" + Guid.NewGuid().ToString("D") + "', 1, 'corpus', '" + corpus.Replace("'", "''", StringComparison.Ordinal) + "', 0, 0)");
                var watch = Stopwatch.StartNew();
                var indexed = await IndexerEngine.RunAsync(db, new IndexerRequest { LocationId = 1, Path = corpus, Mode = IndexMode.Content, Rules = new RuleToggles { NoDefaultRules = true } });
                report.Note($"indexed (content): {indexed.Stats.Files} files, {indexed.Stats.ContentHashed} hashed in {watch.Elapsed.TotalSeconds:F1} s");
            }

            // sd dup: the query the node runs for files.duplicates, on its own read connection (opened once, as the actor keeps it).
            using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
            reader.Open();
            var request = new FindDuplicates(null);
            var reply = DuplicateFinder.Find(reader, Guid.Empty, request, null); // warm-up
            var runs = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var w = Stopwatch.StartNew();
                reply = DuplicateFinder.Find(reader, Guid.Empty, request, null);
                runs.Add(w.Elapsed.TotalSeconds);
            }
            runs.Sort();
            var dup = runs[runs.Count / 2];
            report.Note($"sd dup: {reply.TotalGroups} groups, {reply.TotalFiles} files, {reply.TotalWastedBytes} wasted bytes (median of 5: {string.Join(", ", runs.Select(r => (r * 1000).ToString("F0", System.Globalization.CultureInfo.InvariantCulture)))} ms)");
            report.Figure("files.dup.query", dup * 1000, "ms");

            // --proven: every byte of every duplicate read, groups split by full hash; must agree with jdupes (which compares bytes).
            var pw = Stopwatch.StartNew();
            var proven = DuplicateFinder.Find(reader, Guid.Empty, request with { Proven = true }, null,
                () => LibraryDatabase.Open(dbPath, new LibraryOpenOptions { BusyTimeout = TimeSpan.FromSeconds(60) }));
            report.Note($"sd dup --proven: {proven.TotalGroups} groups, {proven.TotalFiles} files, {proven.TotalWastedBytes} wasted bytes, {proven.NotCopies} sampled-id collisions set apart, {proven.HashedFiles} files read in {pw.Elapsed.TotalSeconds:F2} s");
            report.Figure("files.dup.proven", pw.Elapsed.TotalSeconds * 1000, "ms");

            await Run("jdupes", ["-r", "-q", corpus], discard: true); // warm the cache as the index run did for us
            var jw = Stopwatch.StartNew();
            var groups = await Run("jdupes", ["-r", "-q", corpus], discard: true, countBlankLines: true);
            var jdupes = jw.Elapsed.TotalSeconds;
            report.Note($"jdupes -r: {groups} groups; load average: {Load()}");
            report.Figure("files.dup.jdupes", jdupes * 1000, "ms");
            report.Ratio("files.dup_vs_jdupes", dup, jdupes, higherIsBetter: false);
            report.Target("files.dup_vs_jdupes.ratio", dup / jdupes, 0.1, higherIsBetter: false);

            // Validation: every byte of every file, integrity hashes written, vs b3sum over the same files.
            var settings = new ValidationSettings();
            var vw = Stopwatch.StartNew();
            var validated = await new Validator(dbPath, ValidationScope.Library, settings).RunAsync(new ValidationProgress());
            var validate = vw.Elapsed.TotalSeconds;
            report.Note($"validate: {validated.Files} files, {validated.Ok} ok, {validated.Changed} changed, {validated.Corrupt} corrupt, {validated.BytesHashed} bytes in {validate:F2} s; parallelism {settings.Parallelism}; load average: {Load()}");
            report.Figure("files.validate", validated.Files / validate, "files/s");
            report.Figure("files.validate.bytes", validated.BytesHashed / validate / 1e6, "MB/s");

            var bw = Stopwatch.StartNew();
            await Run("sh", ["-c", $"find '{corpus}' -type f -print0 | xargs -0 -P {Environment.ProcessorCount} -n 1000 b3sum > /dev/null"]);
            var b3 = bw.Elapsed.TotalSeconds;
            report.Figure("files.b3sum", validated.Files / b3, "files/s");
            report.Figure("files.b3sum.bytes", validated.BytesHashed / b3 / 1e6, "MB/s");
            report.Ratio("files.validate_vs_b3sum", validated.Files / validate, validated.Files / b3, higherIsBetter: true);
            report.Note($"load average after: {Load()}");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static string Load() => File.ReadAllText("/proc/loadavg").Trim();

    private static void Exec(LibraryDatabase db, string sql)
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    /// <summary>Runs a process to its end; with <paramref name="countBlankLines"/>, returns how many blank lines it printed (jdupes separates groups by one).</summary>
    private static async Task<long> Run(string file, string[] args, bool discard = false, bool countBlankLines = false)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = discard, UseShellExecute = false };
        foreach (var arg in args) info.ArgumentList.Add(arg);
        using var process = Process.Start(info)!;
        long blank = 0;
        if (discard)
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (countBlankLines && line.Length == 0) blank++;
            }
        }
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} exited with {process.ExitCode}");
        return blank;
    }
}
