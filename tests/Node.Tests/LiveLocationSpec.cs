using System.Diagnostics;
using System.Text.Json;
using Spacedrive.Node.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Spacedrive.Node.Tests;

/// <summary>Live locations through real node processes: changes reach `sd search` while the node runs, and after kill -9 the library heals on start.</summary>
public sealed class LiveLocationSpec(ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string MakeTree()
    {
        var root = _temp.Combine("tree");
        for (var a = 0; a < 5; a++)
        {
            for (var f = 0; f < 20; f++)
            {
                var dir = Path.Combine(root, $"dir{a}");
                Directory.CreateDirectory(dir);
                File.WriteAllText(Path.Combine(dir, $"file{f}.txt"), $"item {a}-{f}\n");
            }
        }
        return root;
    }

    private static async Task<T> PollAsync<T>(Func<T> read, Func<T, bool> done, string what, TimeSpan? within = null)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        var deadline = Stopwatch.StartNew();
        var value = read();
        while (!done(value))
        {
            if (deadline.Elapsed > (within ?? TimeSpan.FromSeconds(60)))
            {
                throw new TimeoutException($"{what} did not happen; last: {value}");
            }
            await tick.WaitForNextTickAsync();
            value = read();
        }
        return value;
    }

    private static long Found(SdRunner sd, string text) =>
        sd.Run("search", "files", text, "--json").ShouldSucceed().Json.GetProperty("total").GetInt64();

    /// <summary>The library's entries as text (path, kind, size, mtime, aggregates, content hash), sorted, with closure and path counts.</summary>
    private static string Contents(SdRunner sd) => string.Join('\n', LibraryContents.Read(sd,
        "e.kind, e.size, e.modified_at, e.aggregate_size, e.file_count, e.child_count, ci.content_hash",
        ["SELECT COUNT(*) FROM entry_closure", "SELECT COUNT(*) FROM directory_paths", "SELECT total_file_count || ' ' || total_byte_size FROM locations"]));

    [Fact]
    public async Task Changes_reach_search_while_the_node_runs_and_after_kill_9_the_library_heals_on_start()
    {
        var tree = MakeTree();
        var sd = new SdRunner(_temp.Combine("data"));
        var node = await sd.StartNodeAsync();
        try
        {
            var added = sd.Run("location", "add", tree, "--wait", "--json").ShouldSucceed().Json;
            Assert.Equal("completed", added.GetProperty("result").GetProperty("job").GetProperty("status").GetString());

            await PollAsync(() => sd.Run("location", "list", "--json").ShouldSucceed().Json.GetProperty("locations")[0].TryGetProperty("watch", out var w) ? w.ToString() : "",
                state => state == "watching", "the location being watched");

            // A file created in the watched folder is found by search, without a rescan.
            var created = Stopwatch.StartNew();
            File.WriteAllText(Path.Combine(tree, "dir1", "quarterly-budget.txt"), "numbers");
            await PollAsync(() => Found(sd, "quarterly"), n => n == 1, "the new file in search");
            created.Stop();
            output.WriteLine($"created → searchable through the CLI (a process per poll): {created.ElapsedMilliseconds} ms");

            // Renamed: found under its new name only.
            File.Move(Path.Combine(tree, "dir1", "quarterly-budget.txt"), Path.Combine(tree, "dir2", "annual-budget.txt"));
            await PollAsync(() => (Found(sd, "quarterly"), Found(sd, "annual")), n => n == (0, 1), "the rename in search");

            node.Kill();
            await node.Process.WaitForExitAsync();
        }
        finally
        {
            await node.DisposeAsync();
        }

        // Changed while the node is down.
        File.WriteAllText(Path.Combine(tree, "dir0", "file0.txt"), "changed while the node was down, and longer");
        File.Delete(Path.Combine(tree, "dir0", "file1.txt"));
        Directory.Move(Path.Combine(tree, "dir3"), Path.Combine(tree, "dir3-renamed"));
        Directory.Delete(Path.Combine(tree, "dir4"), recursive: true);
        Directory.CreateDirectory(Path.Combine(tree, "dir5"));
        File.WriteAllText(Path.Combine(tree, "dir5", "offline-note.txt"), "new");

        // The reference: a fresh index of the tree as it is now (in-process, another data directory).
        var reference = new SdRunner(_temp.Combine("reference"));
        reference.Run("location", "add", tree, "--mode", "content", "--wait", "--json").ShouldSucceed();
        var expected = Contents(reference);

        await using (await sd.StartNodeAsync())
        {
            await PollAsync(() => Contents(sd), c => c == expected, "the library converging on a fresh index after the restart");
            Assert.Equal(1, Found(sd, "offline-note"));
        }
    }
}
