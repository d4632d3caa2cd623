using System.Globalization;
using System.Text;
using System.Text.Json;
using Spacedrive.Node.Tests.Infrastructure;

namespace Spacedrive.Node.Tests;

/// <summary>`sd location ...` and `sd index` against real node processes: an indexer job killed with -9 resumes and ends as an uninterrupted run.</summary>
public sealed class LocationCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    /// <summary>3,000 files in 10 × 10 folders; every 7th file repeats an earlier one's content (duplicates).</summary>
    private string MakeTree()
    {
        var root = _temp.Combine("tree");
        var n = 0;
        for (var a = 0; a < 10; a++)
        {
            for (var b = 0; b < 10; b++)
            {
                var dir = Path.Combine(root, $"dir{a}", $"sub{b}");
                Directory.CreateDirectory(dir);
                for (var f = 0; f < 30; f++, n++)
                {
                    var seed = n % 7 == 0 ? n / 2 : n;
                    var text = new StringBuilder();
                    for (var i = 0; i < 1 + seed % 40; i++) text.Append(CultureInfo.InvariantCulture, $"line {i} of item {seed}\n");
                    File.WriteAllText(Path.Combine(dir, $"file{f}.txt"), text.ToString());
                }
            }
        }
        return root;
    }

    private static JsonElement Job(SdRunner sd, string id) =>
        sd.Run("job", "info", id, "--json").ShouldSucceed().Json.GetProperty("detail");

    private static async Task<JsonElement> WaitFor(SdRunner sd, string id, Func<JsonElement, bool> done, string what)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        JsonElement detail = default;
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            detail = Job(sd, id);
            if (done(detail)) return detail;
        }
        throw new TimeoutException($"job {id} did not reach {what}: {detail}");
    }

    private static string Status(JsonElement detail) => detail.GetProperty("job").GetProperty("status").GetString()!;

    /// <summary>Every entry of the library as text (path from the location root, kind, sizes, counts, content hash), sorted; plus table counts.</summary>
    private static List<string> Contents(SdRunner sd) => LibraryContents.Read(sd,
        "e.kind, e.size, e.aggregate_size, e.file_count, e.child_count, ci.content_hash, ci.entry_count",
        [.. new[] { "entries", "content_identities", "entry_closure", "directory_paths", "locations" }.Select(t => $"SELECT COUNT(*) FROM {t}"),
            "SELECT total_file_count || ' ' || total_byte_size FROM locations"]);

    [Fact]
    public async Task An_indexer_job_killed_with_9_must_resume_and_leave_the_library_as_an_uninterrupted_run_and_a_rescan_must_change_nothing()
    {
        var tree = MakeTree();

        // Reference: an uninterrupted run, in-process (no node: --wait is implied).
        var reference = new SdRunner(_temp.Combine("reference"));
        var straight = reference.Run("location", "add", tree, "--mode", "content", "--json").ShouldSucceed().Json;
        Assert.Equal("completed", straight.GetProperty("result").GetProperty("job").GetProperty("status").GetString());
        var stats = straight.GetProperty("result").GetProperty("output").GetProperty("stats");
        Assert.Equal(3000, stats.GetProperty("files").GetInt64());
        Assert.Equal(3000, stats.GetProperty("content_hashed").GetInt64());

        // Interrupted: a real node, small batches and a pause after each checkpoint so the kill lands mid-run.
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("config", "set", "spacedrive.indexer.batch-size", "200").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.indexer.content-batch-size", "100").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.indexer.checkpoint-items", "100").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.indexer.job-checkpoint-pause", "300ms").ShouldSucceed();
        string id;
        {
            var node = await sd.StartNodeAsync();
            var added = sd.Run("location", "add", tree, "--mode", "content", "--json").ShouldSucceed().Json;
            Assert.Equal(tree, added.GetProperty("location").GetProperty("path").GetString());
            id = added.GetProperty("job").GetProperty("id").GetString()!;
            await WaitFor(sd, id, d => d.GetProperty("job").TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object
                && p.GetProperty("message").GetString() is { } m && m.StartsWith("content", StringComparison.Ordinal), "the content phase");
            node.Kill();
            await node.Process.WaitForExitAsync();
            await node.DisposeAsync();
        }

        await using (var node = await sd.StartNodeAsync())
        {
            var done = await WaitFor(sd, id, d => Status(d) is "completed" or "failed", "the end");
            Assert.Equal("completed", Status(done));
            Assert.Contains(done.GetProperty("log").EnumerateArray(), l => l.GetProperty("message").GetString()!.StartsWith("Resuming at phase Content", StringComparison.Ordinal));
            Assert.Equal(3000, done.GetProperty("output").GetProperty("stats").GetProperty("files").GetInt64());

            var list = sd.Run("location", "list", "--json").ShouldSucceed().Json.GetProperty("locations");
            Assert.Equal(3000, Assert.Single(list.EnumerateArray()).GetProperty("files").GetInt64());
        }

        Assert.Equal(Contents(reference), Contents(sd));

        // A rescan of an unchanged tree changes nothing.
        var rescan = reference.Run("location", "rescan", "tree", "--wait", "--json").ShouldSucceed().Json.GetProperty("result");
        Assert.Equal("completed", rescan.GetProperty("job").GetProperty("status").GetString());
        Assert.Equal(0, rescan.GetProperty("output").GetProperty("changes").GetInt64());
        Assert.Equal(3110, rescan.GetProperty("output").GetProperty("stats").GetProperty("unchanged").GetInt64());
    }

    [Fact]
    public void Index_must_add_the_folder_and_summarize_it_and_remove_must_leave_the_files()
    {
        var tree = MakeTree();
        var sd = new SdRunner(_temp.Combine("data"));
        var report = sd.Run("index", tree, "--json").ShouldSucceed().Json.GetProperty("report");
        Assert.Equal(3000, report.GetProperty("files").GetInt64());
        Assert.Equal(111, report.GetProperty("directories").GetInt64());
        Assert.True(report.GetProperty("duplicate_files").GetInt64() > 0);
        Assert.Equal(5, report.GetProperty("biggest_folders").GetArrayLength());

        var again = sd.Run("location", "add", tree, "--json");
        Assert.Equal(1, again.ExitCode);
        Assert.Equal("invalid_location", again.Json.GetProperty("error").GetProperty("code").GetString());

        sd.Run("location", "remove", "tree", "--yes").ShouldSucceed();
        Assert.Empty(sd.Run("location", "list", "--json").ShouldSucceed().Json.GetProperty("locations").EnumerateArray());
        Assert.Equal(0, sd.Run("library", "info", "--json").ShouldSucceed().Json.GetProperty("statistics").GetProperty("entries").GetInt64());
        Assert.Equal(3000, Directory.GetFiles(tree, "*", SearchOption.AllDirectories).Length);
    }
}
