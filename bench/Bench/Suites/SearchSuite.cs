using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Search;
using Spacedrive.Messages.Search;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;

namespace Spacedrive.Bench.Suites;

/// <summary>
/// Search over a synthetic library of N entries (default 1,000,000; names modeled on make-corpus.sh), generated
/// straight into library.db with EntryClosure and cached in /tmp. Queries go through the SearchActor (Ask), as
/// the API does, minus HTTP and process start. Targets: substring p50 ≤ 10 ms, p99 ≤ 50 ms; faceted ≤ 100 ms (p50).
/// With plocate installed, the same names are written as empty files and `plocate` answers the same substrings
/// (process start included: that is how plocate is used).
/// Usage: bench/run.sh search [N=1000000] [--no-plocate] [--phases] [--sql]
/// </summary>
public sealed class SearchSuite : IBenchSuite
{
    private static readonly string[] Queries =
    [
        "foo", "report", "IMG_2019", "Service", "résumé", "screenshot 2021", "invoice", "holiday", "config", "test_",
        "Copy of", "(1)", "node_mod", "2016", "zzzz-none", "main.rs", "Budget", "Vacation", "Helper", "notes",
    ];

    /// <summary>The start of a word, as a user types it (matched as substrings like every text; ranked word prefix first).</summary>
    private static readonly string[] WordPrefixes = ["Budg", "vaca", "Scree", "contr", "Servi", "holi", "meet", "trav", "Pay", "summ"];

    public string Name => "search";

    public async Task RunAsync(BenchReporter report, string[] args)
    {
        int n = args.FirstOrDefault(a => !a.StartsWith('-')) is { } count ? int.Parse(count, CultureInfo.InvariantCulture) : 1_000_000;
        bool withPlocate = !args.Contains("--no-plocate");
        var dbPath = Path.Combine(Path.GetTempPath(), $"sd-bench-search-{n}.db");
        var names = Synthetic.Build(n);
        if (!File.Exists(dbPath))
        {
            var watch = Stopwatch.StartNew();
            Synthetic.Write(dbPath, names);
            report.Note($"generated {names.Count:N0} entries into {dbPath} in {watch.Elapsed.TotalSeconds:0.0} s");
        }
        using var database = LibraryDatabase.Open(dbPath);
        report.Note($"{names.Count:N0} entries, database {new FileInfo(dbPath).Length / (1024 * 1024)} MiB; load average {LoadAverage()}");

        var system = ActorSystem.Create("bench-search", ConfigurationFactory.Empty);
        try
        {
            var search = system.ActorOf(SearchActor.Props(database), "search");
            var timeout = TimeSpan.FromSeconds(30);
            // Wall time is what the targets are about; the process's CPU time per query is printed too, as the 2-core
            // machine is shared and wall time swings with the load average.
            var perQuery = Queries.Concat(WordPrefixes).ToDictionary(q => q, _ => (Times: new List<double>(), Total: 0L), StringComparer.Ordinal);
            var plans = new Dictionary<string, int>(StringComparer.Ordinal);
            async Task<(double[] Ms, long Matches, double[] CpuMs)> Run(Func<string, SearchQuery> make, int rounds, string[]? texts = null)
            {
                var times = new List<double>();
                var cpu = new List<double>();
                long matches = 0;
                plans.Clear();
                for (int r = 0; r < rounds; r++)
                {
                    foreach (var q in texts ?? Queries)
                    {
                        var cpuBefore = Environment.CpuUsage.TotalTime;
                        var watch = Stopwatch.StartNew();
                        var reply = await search.Ask<object>(new SearchEntries(null, make(q)), timeout).ConfigureAwait(false);
                        times.Add(watch.Elapsed.TotalMilliseconds);
                        cpu.Add((Environment.CpuUsage.TotalTime - cpuBefore).TotalMilliseconds);
                        perQuery[q].Times.Add(watch.Elapsed.TotalMilliseconds);
                        if (reply is SearchReply s)
                        {
                            plans[s.Plan ?? "?"] = plans.GetValueOrDefault(s.Plan ?? "?") + 1;
                            matches += s.Total;
                            perQuery[q] = (perQuery[q].Times, s.Total);
                        }
                        else throw new InvalidOperationException(reply.ToString());
                    }
                }
                return ([.. times.Order()], matches / rounds, [.. cpu.Order()]);
            }

            // The actor starts building its in-memory name index when it starts; until the index is current, SQL answers.
            var ready = Stopwatch.StartNew();
            using (var poll = new PeriodicTimer(TimeSpan.FromMilliseconds(100)))
            {
                while ((await search.Ask<SearchReply>(new SearchEntries(null, new SearchQuery { Text = "warm" }), timeout).ConfigureAwait(false)).Plan != SearchPlans.Memory
                       && ready.Elapsed < TimeSpan.FromMinutes(3))
                    await poll.WaitForNextTickAsync().ConfigureAwait(false);
            }
            report.Figure("search.name_index_ready", ready.Elapsed.TotalMilliseconds, "ms");
            string Plans() => string.Join(", ", plans.Select(p => $"{p.Key} {p.Value}"));
            await Run(q => new SearchQuery { Text = q }, 1).ConfigureAwait(false); // warm up
            foreach (var q in Queries) perQuery[q].Times.Clear();
            var plain = await Run(q => new SearchQuery { Text = q, Facets = false }, 10).ConfigureAwait(false);
            report.Note($"substring queries: {Queries.Length} texts x 10, {plain.Matches:N0} matches per round in total, page of 50, relevance order, total count; answered by: {Plans()}");
            report.Figure("search.substring.p50", Percentile(plain.Ms, 50), "ms");
            report.Figure("search.substring.p99", Percentile(plain.Ms, 99), "ms");
            report.Figure("search.substring.cpu.p50", Percentile(plain.CpuMs, 50), "ms");
            report.Figure("search.substring.cpu.p99", Percentile(plain.CpuMs, 99), "ms");
            report.Note("per text (median ms / matches): " + string.Join(", ", Queries.Select(q =>
                string.Create(CultureInfo.InvariantCulture, $"'{q}' {Percentile([.. perQuery[q].Times.Order()], 50):0.0}/{perQuery[q].Total}"))));
            report.Target("search.substring.p50", Percentile(plain.Ms, 50), 10, higherIsBetter: false);
            report.Target("search.substring.p99", Percentile(plain.Ms, 99), 50, higherIsBetter: false);

            var words = await Run(q => new SearchQuery { Text = q, Facets = false }, 10, WordPrefixes).ConfigureAwait(false);
            report.Note($"word-prefix queries: {WordPrefixes.Length} texts x 10, {words.Matches:N0} matches per round; answered by: {Plans()}");
            report.Figure("search.word_prefix.p50", Percentile(words.Ms, 50), "ms");
            report.Figure("search.word_prefix.p99", Percentile(words.Ms, 99), "ms");
            report.Target("search.word_prefix.p50", Percentile(words.Ms, 50), 10, higherIsBetter: false);
            report.Target("search.word_prefix.p99", Percentile(words.Ms, 99), 50, higherIsBetter: false);

            var faceted = await Run(q => new SearchQuery { Text = q }, 5).ConfigureAwait(false);
            report.Note($"faceted queries: answered by: {Plans()}");
            report.Figure("search.faceted.p50", Percentile(faceted.Ms, 50), "ms");
            report.Figure("search.faceted.p99", Percentile(faceted.Ms, 99), "ms");
            report.Figure("search.faceted.cpu.p50", Percentile(faceted.CpuMs, 50), "ms");
            report.Target("search.faceted.p50", Percentile(faceted.Ms, 50), 100, higherIsBetter: false);

            var scoped = await Run(q => new SearchQuery { Text = q, Path = "/corpus/Documents" }, 2).ConfigureAwait(false);
            report.Note($"path-scoped queries (SQL path): answered by: {Plans()}");
            report.Figure("search.path_scoped.p50", Percentile(scoped.Ms, 50), "ms");

            var filtered = await Run(q => new SearchQuery { Text = q, Kinds = ["image"], MinSize = 1024, Sort = SearchSort.Modified, Descending = true }, 3).ConfigureAwait(false);
            report.Note($"filtered faceted queries: answered by: {Plans()}");
            report.Figure("search.filtered_faceted.p50", Percentile(filtered.Ms, 50), "ms");

            var shortQueries = new List<double>();
            foreach (var q in new[] { "a", "z", "IM", "fo", "x1" })
            {
                var watch = Stopwatch.StartNew();
                await search.Ask<SearchReply>(new SearchEntries(null, new SearchQuery { Text = q, Facets = false }), timeout).ConfigureAwait(false);
                shortQueries.Add(watch.Elapsed.TotalMilliseconds);
            }
            report.Figure("search.short_query.p50", Percentile([.. shortQueries.Order()], 50), "ms");

            var browse = Stopwatch.StartNew();
            await search.Ask<SearchReply>(new SearchEntries(null, new SearchQuery { Kinds = ["video"], Sort = SearchSort.Size, Descending = true }), timeout).ConfigureAwait(false);
            report.Figure("search.filter_only_faceted", browse.Elapsed.TotalMilliseconds, "ms");

            if (args.Contains("--phases")) Phases(report, database);
            if (args.Contains("--sql")) SqlPath(report, database);
            if (withPlocate) await PlocateAsync(report, names, Percentile(plain.Ms, 50)).ConfigureAwait(false);
            InsertRate(report, names);
            report.Note($"load average at the end {LoadAverage()}");
        }
        finally
        {
            await system.Terminate().ConfigureAwait(false);
            SqliteConnection.ClearAllPools();
        }
    }

    /// <summary>
    /// The writer's cost of the search schema (FTS triggers and whatever search adds): the first 100,000 entries of
    /// the synthetic tree inserted in one transaction through EntryClosure (as InsertBatch does) into a new library.
    /// </summary>
    private static void InsertRate(BenchReporter report, Synthetic.Tree tree)
    {
        const int Count = 100_000;
        var dir = Path.Combine(Path.GetTempPath(), "sd-bench-insert-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var best = double.MaxValue;
            for (int round = 0; round < 3; round++)
            {
                var dbPath = Path.Combine(dir, $"library-{round}.db");
                using var db = LibraryDatabase.Create(dbPath);
                var seconds = Synthetic.Insert(db.Writer, tree, Math.Min(Count, tree.Count), batch: Count);
                best = Math.Min(best, seconds);
            }
            report.Figure("search.insert_rate_100k", Math.Min(Count, tree.Count) / best, "entries/s");
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>
    /// The SQL path alone (the in-memory name index off): what answers while that index is built and after every
    /// write to a large library. Same texts as the substring figures, in process, warm.
    /// </summary>
    private static void SqlPath(BenchReporter report, LibraryDatabase database)
    {
        using var reader = database.OpenReader();
        using var source = new SqliteSearchSource(reader, ContentKindNames.Instance, nameIndex: false);
        foreach (var facets in new[] { false, true })
        {
            var times = new List<double>();
            var perText = Queries.ToDictionary(q => q, _ => new List<double>(), StringComparer.Ordinal);
            for (int round = 0; round < 6; round++)
            {
                foreach (var q in Queries)
                {
                    var watch = Stopwatch.StartNew();
                    source.Search(new SearchQuery { Text = q, Facets = facets });
                    if (round == 0) continue; // warm-up
                    times.Add(watch.Elapsed.TotalMilliseconds);
                    perText[q].Add(watch.Elapsed.TotalMilliseconds);
                }
            }
            var name = facets ? "search.sql_faceted" : "search.sql_substring";
            report.Figure(name + ".p50", Percentile([.. times.Order()], 50), "ms");
            report.Figure(name + ".p99", Percentile([.. times.Order()], 99), "ms");
            report.Note($"{name} per text (median ms): " + string.Join(", ", Queries.Select(q =>
                string.Create(CultureInfo.InvariantCulture, $"'{q}' {Percentile([.. perText[q].Order()], 50):0.0}"))));
        }
    }

    /// <summary>Where a memory-path query spends its time: the scan and filters alone, plus the page's order, plus facets (no SQL).</summary>
    private static void Phases(BenchReporter report, LibraryDatabase database)
    {
        using var reader = database.OpenReader();
        var index = NameIndex.Build(reader, CancellationToken.None);
        (string Name, Func<string, SearchQuery> Make)[] modes =
        [
            ("scan", q => new SearchQuery { Text = q, Facets = false, Limit = 0 }),
            ("scan+page", q => new SearchQuery { Text = q, Facets = false }),
            ("scan+page+facets", q => new SearchQuery { Text = q }),
        ];
        foreach (var (name, make) in modes)
        {
            var times = new List<double>();
            for (int round = 0; round < 5; round++)
            {
                foreach (var q in Queries)
                {
                    var cpu = Environment.CpuUsage.TotalTime;
                    index.Search(make(q), [], null);
                    times.Add((Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
                }
            }
            report.Figure($"search.phase.{name}.cpu.p50", Percentile([.. times.Order()], 50), "ms");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    private static double Percentile(double[] sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task PlocateAsync(BenchReporter report, Synthetic.Tree tree, double oursP50)
    {
        if (Which("plocate") is null || Which("updatedb") is null)
        {
            report.Note("plocate not installed (apt-get install -y plocate): no comparison");
            return;
        }
        var root = Path.Combine(Path.GetTempPath(), $"sd-bench-search-tree-{tree.Count}");
        var db = root + ".plocate.db";
        if (!File.Exists(db))
        {
            var watch = Stopwatch.StartNew();
            tree.Materialize(root);
            await Exec("updatedb", ["-l", "0", "-U", root, "-o", db]).ConfigureAwait(false);
            report.Note($"plocate: wrote {tree.Count:N0} entries as empty files and ran updatedb in {watch.Elapsed.TotalSeconds:0.0} s");
        }
        // Starting plocate and opening its database, with a query no trigram of which is in the tree: the part of each
        // run that is not the search; subtracted from each query's time for "without process start".
        var start = new List<double>();
        for (int i = 0; i < 10; i++)
        {
            var watch = Stopwatch.StartNew();
            await Exec("plocate", ["-d", db, "-i", "-c", "qqjjqqxx"]).ConfigureAwait(false);
            start.Add(watch.Elapsed.TotalMilliseconds);
        }
        var startP50 = Percentile([.. start.Order()], 50);
        var times = new List<double>();
        foreach (var q in Queries)
        {
            await Exec("plocate", ["-d", db, "-i", "-c", q]).ConfigureAwait(false); // warm
            for (int i = 0; i < 3; i++)
            {
                var watch = Stopwatch.StartNew();
                await Exec("plocate", ["-d", db, "-i", "-c", q]).ConfigureAwait(false);
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        var sorted = times.Order().ToArray();
        var p50 = Percentile(sorted, 50);
        report.Figure("search.plocate.p50", p50, "ms");
        report.Figure("search.plocate.p99", Percentile(sorted, 99), "ms");
        report.Figure("search.plocate.process_start.p50", startP50, "ms");
        report.Figure("search.plocate.without_start.p50", Math.Max(0, p50 - startP50), "ms");
        report.Figure("search.plocate.without_start.p99", Math.Max(0, Percentile(sorted, 99) - startP50), "ms");
        report.Note("plocate -i -c counts case-insensitive matches of the whole path (ours: names, folded); 'without start' subtracts the median run of a query that matches no trigram");
        report.Ratio("search.substring_vs_plocate", oursP50, p50, higherIsBetter: false);
        report.Ratio("search.substring_vs_plocate_without_start", oursP50, Math.Max(0.001, p50 - startP50), higherIsBetter: false);
    }

    private static string? Which(string tool) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists);

    private static async Task<string> Exec(string file, string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var process = Process.Start(psi)!;
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return output;
    }

    /// <summary>A deterministic tree shaped like make-corpus.sh's: ~1/8 directories, themed names, hidden dirs, duplicates' names.</summary>
    internal static class Synthetic
    {
        private static readonly string[] Top = ["Documents", "Pictures", "Music", "Videos", "Downloads", "Projects", "Desktop", "Archive", ".cache", ".config"];
        private static readonly string[] Words = ["Budget", "Vacation", "Holiday", "Invoice", "Report", "Notes", "Family", "Project", "Draft", "Final", "Meeting", "Summary", "Plan", "Résumé", "Photo", "Backup", "Letter", "Contract", "Travel", "Design", "Old", "New", "Foo", "Bar"];
        private static readonly string[] CodeWords = ["User", "Order", "Payment", "Config", "Search", "Index", "File", "Tag", "Job", "Sync", "Helper", "Main", "Test"];
        private static readonly string[] DirWords = ["src", "lib", "docs", "assets", "2019", "2020", "2021", "2022", "2023", "misc", "node_modules", ".git", "build", "photos", "scans", "old", "work", "personal", "foo-bar"];

        public sealed record Item(int Parent, string Name, bool IsDir, long Size, long Modified, int Category, bool Hidden);

        public sealed class Tree(List<Item> items)
        {
            public List<Item> Items { get; } = items;

            public int Count => Items.Count;

            public void Materialize(string root)
            {
                var paths = new string[Items.Count];
                for (int i = 0; i < Items.Count; i++)
                {
                    var item = Items[i];
                    paths[i] = item.Parent < 0 ? root : Path.Combine(paths[item.Parent], item.Name);
                    if (item.IsDir) Directory.CreateDirectory(paths[i]);
                    else File.Create(paths[i]).Dispose();
                }
            }
        }

        public static Tree Build(int n)
        {
            var random = new Random(1);
            var items = new List<Item>(n) { new(-1, "corpus", true, 0, 0, 0, false) };
            var dirs = new List<(int Index, int Depth)> { (0, 0) };
            var names = new HashSet<(int, string)>();
            long baseTime = 1_325_376_000L * 1_000_000_000; // 2012
            long span = 13L * 365 * 86_400 * 1_000_000_000;
            foreach (var t in Top) Add(0, t, true, 1);

            int Add(int parent, string name, bool isDir, int depth)
            {
                if (!names.Add((parent, name))) return -1;
                var ext = Path.GetExtension(name).TrimStart('.').ToLowerInvariant();
                int category = isDir ? 0 : ext switch
                {
                    "jpg" or "png" or "heic" => 1, "mp4" or "mov" or "mkv" => 2, "mp3" or "flac" => 3, "pdf" or "docx" => 4,
                    "zip" or "gz" => 5, "cs" or "rs" or "js" or "py" => 6, "txt" or "md" => 7, "json" or "toml" => 12, _ => 0,
                };
                long size = isDir ? 0 : (long)Math.Exp(random.NextDouble() * 14 + 3);
                items.Add(new Item(parent, name, isDir, size, baseTime + (long)(random.NextDouble() * span), category, name.StartsWith('.')));
                if (isDir) dirs.Add((items.Count - 1, depth));
                return items.Count - 1;
            }

            while (items.Count < n)
            {
                bool makeDir = random.Next(8) == 0;
                // Skewed: recent and shallow directories get more children.
                var (parentIndex, depth) = dirs[random.Next(2) == 0 ? random.Next(dirs.Count) : Math.Max(0, dirs.Count - 1 - random.Next(Math.Min(dirs.Count, 200)))];
                if (makeDir && depth < 8)
                {
                    var name = DirWords[random.Next(DirWords.Length)] + (random.Next(3) == 0 ? "" : "-" + random.Next(1000).ToString(CultureInfo.InvariantCulture));
                    Add(parentIndex, name, true, depth + 1);
                }
                else
                {
                    Add(parentIndex, FileName(random), false, depth + 1);
                }
            }
            return new Tree(items);
        }

        private static string FileName(Random r)
        {
            string W() => Words[r.Next(Words.Length)];
            int y = r.Next(2012, 2025), mo = r.Next(1, 13), d = r.Next(1, 29), h = r.Next(24), mi = r.Next(60), s = r.Next(60);
            var name = r.Next(12) switch
            {
                0 or 1 => string.Create(CultureInfo.InvariantCulture, $"IMG_{y}{mo:00}{d:00}_{h:00}{mi:00}{s:00}.{(r.Next(5) == 0 ? "JPG" : "jpg")}"),
                2 => string.Create(CultureInfo.InvariantCulture, $"Screenshot {y}-{mo:00}-{d:00} at {h:00}.{mi:00}.{s:00}.png"),
                3 => string.Create(CultureInfo.InvariantCulture, $"{r.Next(1, 20):00} - {W()} {W()}.mp3"),
                4 => CodeWords[r.Next(CodeWords.Length)] + (r.Next(2) == 0 ? "Service" : "Controller") + new[] { ".cs", ".rs", ".js", ".py" }[r.Next(4)],
                5 => $"{W()} {y}.{new[] { "pdf", "docx", "txt", "md" }[r.Next(4)]}",
                6 => $"{W().ToLowerInvariant()}_{W().ToLowerInvariant()}_{r.Next(100)}.{new[] { "json", "toml", "txt" }[r.Next(3)]}",
                7 => new[] { "Makefile", "LICENSE", "README.md", ".gitignore", "main.rs", "index.js" }[r.Next(6)],
                8 => $"{r.NextInt64():x16}",
                9 => $"VID_{y}{mo:00}{d:00}.{new[] { "mp4", "mov", "mkv" }[r.Next(3)]}",
                10 => $"Copy of {W()} {W()}.{new[] { "pdf", "zip", "gz" }[r.Next(3)]}",
                _ => $"{W()} {W()} ({r.Next(1, 4)}).{new[] { "pdf", "jpg", "txt" }[r.Next(3)]}",
            };
            return name;
        }

        /// <summary>Inserts the first <paramref name="count"/> items (with a device and a location) in transactions of <paramref name="batch"/>; returns the seconds spent inserting entries.</summary>
        public static double Insert(SqliteConnection c, Tree tree, int count, int batch)
        {
            long Scalar(string sql)
            {
                using var cmd = c.CreateCommand();
                cmd.CommandText = sql;
                return (long)cmd.ExecuteScalar()!;
            }
            var device = Scalar($"INSERT INTO devices (uuid, name, slug, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', 'bench', 'bench', 1, 1) RETURNING id");
            var location = Scalar($"INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', {device}, 'corpus', '/corpus', 1, 1) RETURNING id");
            var ids = new long[count];
            var watch = Stopwatch.StartNew();
            for (int start = 0; start < count; start += batch)
            {
                using var tx = c.BeginTransaction();
                using var closure = new EntryClosure(c, tx);
                for (int i = start; i < Math.Min(count, start + batch); i++)
                {
                    var item = tree.Items[i];
                    ids[i] = closure.Insert(new NewEntry
                    {
                        Uuid = Guid.CreateVersion7(), DeviceId = device, LocationId = location, ParentId = item.Parent < 0 ? null : ids[item.Parent],
                        Name = item.Name, Kind = item.IsDir ? EntryKind.Directory : EntryKind.File, RootPath = item.Parent < 0 ? "/corpus" : null,
                        Size = item.Size, ModifiedAt = item.Modified, CreatedAt = item.Modified, IndexedAt = item.Modified,
                        Category = item.IsDir ? null : item.Category, Hidden = item.Hidden,
                    });
                }
                tx.Commit();
            }
            return watch.Elapsed.TotalSeconds;
        }

        public static void Write(string dbPath, Tree tree)
        {
            var tmp = dbPath + ".tmp";
            if (File.Exists(tmp)) File.Delete(tmp);
            using (var db = LibraryDatabase.Create(tmp))
            {
                var c = db.Writer;
                Insert(c, tree, tree.Count, batch: 50_000);
                using var analyze = c.CreateCommand();
                analyze.CommandText = "PRAGMA wal_checkpoint(TRUNCATE);";
                analyze.ExecuteNonQuery();
            }
            SqliteConnection.ClearAllPools();
            File.Move(tmp, dbPath);
            foreach (var suffix in new[] { "-wal", "-shm" })
                if (File.Exists(tmp + suffix)) File.Delete(tmp + suffix);
        }
    }
}
