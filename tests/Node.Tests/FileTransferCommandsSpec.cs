using System.Text.Json;
using Spacedrive.Node.Tests.Infrastructure;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Node.Tests;

/// <summary>`sd file copy|move` through the real binary: results, previews, bad input, and a kill -9 in the middle of a move.</summary>
public sealed class FileTransferCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private string Write(string relative, byte[] content)
    {
        var path = _temp.Combine(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    private static byte[] Bytes(int length, int seed)
    {
        var b = new byte[length];
        new Random(seed).NextBytes(b);
        return b;
    }

    private static string Hash(string path)
    {
        var h = Blake3Hasher.New();
        h.Update(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(h.Finalize());
    }

    [Fact]
    public void Copy_must_wait_when_no_node_runs_and_report_the_files_done()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        Write("src/a/x.bin", Bytes(10_000, 1));
        Write("src/b.txt", "b"u8.ToArray());
        Directory.CreateDirectory(_temp.Combine("dst"));

        var result = sd.Run("file", "copy", _temp.Combine("src/a"), _temp.Combine("src/b.txt"), _temp.Combine("dst"), "--verify", "--json").ShouldSucceed().Json;

        Assert.Equal("completed", result.GetProperty("result").GetProperty("job").GetProperty("status").GetString());
        var output = result.GetProperty("result").GetProperty("output");
        Assert.Equal(2, output.GetProperty("files").GetInt64());
        Assert.Equal(2, output.GetProperty("verified").GetInt64());
        Assert.Equal(Hash(_temp.Combine("src/a/x.bin")), Hash(_temp.Combine("dst/a/x.bin")));
        Assert.Equal("b", File.ReadAllText(_temp.Combine("dst/b.txt")));
        Assert.Contains(output.GetProperty("pairs").EnumerateArray(), p => p.GetProperty("destination").GetString() == _temp.Combine("dst/b.txt"));
    }

    [Fact]
    public void Dry_run_must_show_the_preview_and_write_nothing()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        Write("src/n.txt", "new"u8.ToArray());
        Write("dst/n.txt", "old"u8.ToArray());

        var preview = sd.Run("file", "copy", _temp.Combine("src/n.txt"), _temp.Combine("dst/"), "--conflict", "keep-both", "--dry-run", "--json").ShouldSucceed().Json;

        Assert.Equal(1, preview.GetProperty("files").GetInt64());
        Assert.Equal(1, preview.GetProperty("conflict_count").GetInt64());
        Assert.Equal("keep_both", preview.GetProperty("conflicts")[0].GetProperty("resolution").GetString());
        Assert.Equal(_temp.Combine("dst/n (1).txt"), preview.GetProperty("items")[0].GetProperty("destination").GetString());
        Assert.True(preview.GetProperty("free_bytes").GetInt64() > 0);
        Assert.True(preview.GetProperty("fits").GetBoolean());
        Assert.Single(Directory.GetFiles(_temp.Combine("dst")));
    }

    [Fact]
    public void Bad_input_must_fail_with_a_clear_error_and_touch_nothing()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        Write("src/a.txt", "a"u8.ToArray());
        Write("dst/a.txt", "old"u8.ToArray());

        static string Code(SdResult r) => r.Json.GetProperty("error").GetProperty("code").GetString()!;

        var missing = sd.Run("file", "copy", _temp.Combine("nope"), _temp.Combine("dst/"), "--json");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("source_not_found", Code(missing));

        var inside = sd.Run("file", "copy", _temp.Combine("src"), _temp.Combine("src/deeper/"), "--json");
        Assert.Equal("destination_inside_source", Code(inside));
        Assert.False(Directory.Exists(_temp.Combine("src/deeper")));

        var taken = sd.Run("file", "copy", _temp.Combine("src/a.txt"), _temp.Combine("dst/"), "--json");
        Assert.Equal("transfer_conflict", Code(taken));
        Assert.Equal("old", File.ReadAllText(_temp.Combine("dst/a.txt")));

        var unconfirmed = sd.Run("file", "move", _temp.Combine("src/a.txt"), _temp.Combine("elsewhere"), "--json");
        Assert.Equal(1, unconfirmed.ExitCode);
        Assert.Equal("not_confirmed", Code(unconfirmed));
        Assert.True(File.Exists(_temp.Combine("src/a.txt")));

        var usage = sd.Run("file", "copy", _temp.Combine("src/a.txt"));
        Assert.Equal(2, usage.ExitCode);
    }

    [Fact]
    public void Copy_and_move_must_be_audited_actions_and_bring_the_index_up_to_date()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        var lib = _temp.Combine("lib");
        Write("lib/alpha.txt", "alpha"u8.ToArray());
        Write("lib/sub/bravo.txt", "bravo"u8.ToArray());
        Directory.CreateDirectory(_temp.Combine("lib/dst"));
        sd.Run("location", "add", lib, "--json").ShouldSucceed();
        sd.Run("tag", "create", "red").ShouldSucceed();
        sd.Run("tag", "apply", "red", Path.Combine(lib, "sub/bravo.txt")).ShouldSucceed();
        JsonElement Find(string text) => sd.Run("search", "files", text, "--json").ShouldSucceed().Json.GetProperty("items");
        var bravo = Find("bravo")[0].GetProperty("id").GetString();

        var dry = sd.Run("file", "copy", Path.Combine(lib, "alpha.txt"), Path.Combine(lib, "dst/"), "--dry-run", "--json").ShouldSucceed().Json;
        Assert.Equal(1, dry.GetProperty("files").GetInt64());
        Assert.Equal(0, sd.Run("audit", "list", "--action", "file.", "--json").ShouldSucceed().Json.GetProperty("records").GetArrayLength());

        var copy = sd.Run("file", "copy", Path.Combine(lib, "alpha.txt"), Path.Combine(lib, "dst/"), "--json").ShouldSucceed().Json;
        var move = sd.Run("file", "move", Path.Combine(lib, "sub"), Path.Combine(lib, "dst/"), "--yes", "--json").ShouldSucceed().Json;

        var records = sd.Run("audit", "list", "--action", "file.", "--json").ShouldSucceed().Json.GetProperty("records").EnumerateArray().ToList();
        Assert.Equal(["file.move", "file.copy"], records.Select(r => r.GetProperty("action").GetString()));
        Assert.All(records, r => Assert.Equal("succeeded", r.GetProperty("result").GetString()));
        Assert.Equal(copy.GetProperty("audit_id").GetString(), records[1].GetProperty("id").GetString());
        Assert.Equal(move.GetProperty("audit_id").GetString(), records[0].GetProperty("id").GetString());
        Assert.True(sd.Run("audit", "verify", "--json").ShouldSucceed().Json.GetProperty("ok").GetBoolean());

        var alphas = Find("alpha").EnumerateArray().ToList();
        Assert.Equal([Path.Combine(lib, "alpha.txt"), Path.Combine(lib, "dst/alpha.txt")], alphas.Select(a => a.GetProperty("path").GetString()).Order(StringComparer.Ordinal));
        Assert.NotNull(alphas[0].GetProperty("content_hash").GetString());
        Assert.Equal(alphas[0].GetProperty("content_hash").GetString(), alphas[1].GetProperty("content_hash").GetString());
        var moved = Assert.Single(Find("bravo").EnumerateArray());
        Assert.Equal(Path.Combine(lib, "dst/sub/bravo.txt"), moved.GetProperty("path").GetString());
        Assert.Equal(bravo, moved.GetProperty("id").GetString());
        Assert.Equal("red", Assert.Single(moved.GetProperty("tags").EnumerateArray()).GetString());
    }

    [Fact]
    public async Task A_forced_cross_volume_move_under_a_running_node_must_keep_uuids_and_tags()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("config", "set", "spacedrive.files.transfer.force-cross-volume", "on").ShouldSucceed();
        var lib = _temp.Combine("lib");
        Write("lib/sub/charlie.txt", "charlie"u8.ToArray());
        Write("lib/delta.txt", "delta"u8.ToArray());
        Directory.CreateDirectory(_temp.Combine("lib/dst"));
        await using var node = await sd.StartNodeAsync();
        sd.Run("location", "add", lib, "--wait", "--json").ShouldSucceed();
        sd.Run("tag", "create", "red").ShouldSucceed();
        sd.Run("tag", "apply", "red", Path.Combine(lib, "sub/charlie.txt"), Path.Combine(lib, "delta.txt")).ShouldSucceed();
        JsonElement Find(string text) => sd.Run("search", "files", text, "--json").ShouldSucceed().Json.GetProperty("items");
        var charlie = Find("charlie")[0].GetProperty("id").GetString();
        var delta = Find("delta")[0].GetProperty("id").GetString();

        var move = sd.Run("file", "move", Path.Combine(lib, "sub"), Path.Combine(lib, "delta.txt"), Path.Combine(lib, "dst/"), "--yes", "--wait", "--json").ShouldSucceed().Json;

        Assert.False(move.GetProperty("preview").GetProperty("same_volume").GetBoolean());
        var record = sd.Run("audit", "list", "--action", "file.move", "--json").ShouldSucceed().Json.GetProperty("records")[0];
        Assert.Equal("succeeded", record.GetProperty("result").GetString());
        var movedCharlie = Assert.Single(Find("charlie").EnumerateArray());
        Assert.Equal(Path.Combine(lib, "dst/sub/charlie.txt"), movedCharlie.GetProperty("path").GetString());
        Assert.Equal(charlie, movedCharlie.GetProperty("id").GetString());
        Assert.Equal("red", Assert.Single(movedCharlie.GetProperty("tags").EnumerateArray()).GetString());
        var movedDelta = Assert.Single(Find("delta").EnumerateArray());
        Assert.Equal(delta, movedDelta.GetProperty("id").GetString());
        Assert.True(sd.Run("audit", "verify", "--json").ShouldSucceed().Json.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_move_across_volumes_killed_with_kill_9_must_lose_and_duplicate_nothing_and_finish_after_a_restart()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("config", "set", "spacedrive.files.transfer.force-cross-volume", "on").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.files.transfer.diagnostic-file-delay", "15ms").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.files.transfer.batch-files", "16").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.jobs.checkpoint.every-items", "40").ShouldSucceed();
        var originals = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < 400; i++)
        {
            var name = $"d{i % 7}/f{i:D3}.bin";
            originals[name] = Hash(Write("src/" + name, Bytes(500 + (i * 37 % 5000), i)));
        }
        var src = _temp.Combine("src");
        var dst = _temp.Combine("dst");

        string id;
        {
            var node = await sd.StartNodeAsync();
            var started = sd.Run("file", "move", src, dst, "--yes", "--json").ShouldSucceed().Json;
            id = started.GetProperty("job").GetProperty("id").GetString()!;
            await WaitForFiles(sd, id, 60);
            node.Kill();
            await node.Process.WaitForExitAsync();
            await node.DisposeAsync();
        }

        // Right after the kill: every file whole at the source or at the destination (possibly both), none lost, none half.
        var moved = 0;
        foreach (var (name, hash) in originals)
        {
            var at = new[] { Path.Combine(src, name), Path.Combine(dst, name) }.Where(File.Exists).ToList();
            Assert.True(at.Count > 0, $"{name} is lost after the kill");
            foreach (var p in at) Assert.Equal(hash, Hash(p));
            if (!File.Exists(Path.Combine(src, name))) moved++;
        }
        Assert.True(moved > 0 && moved < originals.Count, $"the kill must land mid-move ({moved} of {originals.Count} moved)");

        await using (var node = await sd.StartNodeAsync())
        {
            await WaitForStatus(sd, id, "completed");
        }

        foreach (var (name, hash) in originals) Assert.Equal(hash, Hash(Path.Combine(dst, name)));
        Assert.Equal(originals.Count, Directory.GetFiles(dst, "*", SearchOption.AllDirectories).Length);
        Assert.False(Directory.Exists(src), "the emptied source folders are removed");
    }

    private static JsonElement Job(SdRunner sd, string id) =>
        sd.Run("job", "info", id, "--json").ShouldSucceed().Json.GetProperty("detail").GetProperty("job");

    private static async Task WaitForFiles(SdRunner sd, string id, long kilobytes)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            var job = Job(sd, id);
            if (job.TryGetProperty("progress", out var p) && p.GetProperty("completed").GetInt64() >= kilobytes * 1000) return;
            if (job.GetProperty("status").GetString() is "completed" or "failed") return;
        }
        throw new TimeoutException($"job {id} made no progress");
    }

    private static async Task WaitForStatus(SdRunner sd, string id, string status)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        JsonElement job = default;
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            job = Job(sd, id);
            if (job.GetProperty("status").GetString() == status) return;
        }
        throw new TimeoutException($"job {id} did not reach {status}: {job}");
    }
}
