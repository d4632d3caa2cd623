using System.Text.Json;
using Spacedrive.Node.Tests.Infrastructure;

namespace Spacedrive.Node.Tests;

/// <summary>`sd file validate` and `sd dup` through the real `sd` binary: findings, JSON shapes, bad input, and a validation killed with -9 that resumes.</summary>
public sealed class ValidateCommandsSpec : IDisposable
{
    private static readonly DateTime Stamp = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private static byte[] Bytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private static string Write(string path, byte[] bytes)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        // Whole seconds: restorable exactly after the test rewrites bytes (the index compares mtimes to the nanosecond).
        File.SetLastWriteTimeUtc(path, Stamp);
        return path;
    }

    private static JsonElement Output(SdResult r) => r.Json.GetProperty("result").GetProperty("output");

    [Fact]
    public void Validate_must_report_findings_with_exit_code_1_and_dup_must_list_groups_by_wasted_bytes()
    {
        var tree = _temp.Combine("tree");
        var big = Bytes(1024 * 1024, 1);
        var original = Write(Path.Combine(tree, "a", "big.bin"), big);
        Write(Path.Combine(tree, "b", "big copy.bin"), big);
        Write(Path.Combine(tree, "a", "note.txt"), "note"u8.ToArray());
        Write(Path.Combine(tree, "b", "note.txt"), "note"u8.ToArray());
        var gone = Write(Path.Combine(tree, "gone.txt"), "gone"u8.ToArray());
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("location", "add", tree, "--json").ShouldSucceed();

        var clean = sd.Run("file", "validate", "--json").ShouldSucceed();
        Assert.Equal("library", clean.Json.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal(5, Output(clean).GetProperty("ok").GetInt64());
        Assert.Equal(3, Output(clean).GetProperty("integrity_recorded").GetInt64());

        var dup = sd.Run("dup", "--json").ShouldSucceed().Json;
        Assert.Equal(2, dup.GetProperty("total_groups").GetInt64());
        Assert.Equal(1024 * 1024 + 4, dup.GetProperty("total_wasted_bytes").GetInt64());
        var first = dup.GetProperty("groups")[0];
        Assert.Equal(1024 * 1024, first.GetProperty("wasted_bytes").GetInt64());
        Assert.True(first.GetProperty("proven").GetBoolean()); // validation recorded the full hash of both copies' content
        Assert.Equal(2, first.GetProperty("paths").GetArrayLength());
        var small = sd.Run("dup", "--min-size", "1KiB", "--json").ShouldSucceed().Json;
        Assert.Equal(1, small.GetProperty("total_groups").GetInt64());
        Assert.Equal(4, sd.Run("dup", "--location", "tree", "--proven", "--json").ShouldSucceed().Json.GetProperty("hashed_files").GetInt64());

        // Bit rot in the middle of the big file (outside the sampled ranges), mtime put back; one file deleted.
        using (var f = new FileStream(original, FileMode.Open, FileAccess.Write))
        {
            f.Position = 150_000;
            f.Write([0xDE, 0xAD]);
        }
        File.SetLastWriteTimeUtc(original, Stamp);
        File.Delete(gone);

        var found = sd.Run("file", "validate", Path.Combine(tree), "--json");
        Assert.Equal(1, found.ExitCode);
        var output = Output(found);
        Assert.Equal("location", found.Json.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal(1, output.GetProperty("corrupt").GetInt64());
        Assert.Equal(original, output.GetProperty("corrupt_files")[0].GetProperty("path").GetString());
        Assert.Equal(gone, output.GetProperty("missing_files")[0].GetString());
        Assert.Equal(3, output.GetProperty("ok").GetInt64());

        var one = sd.Run("file", "validate", Path.Combine(tree, "a", "note.txt"), "--json").ShouldSucceed();
        Assert.Equal("file", one.Json.GetProperty("scope").GetProperty("kind").GetString());
        Assert.Equal(1, Output(one).GetProperty("files").GetInt64());
    }

    [Fact]
    public void Bad_targets_must_fail_with_clear_errors_and_leave_the_library_usable()
    {
        var tree = _temp.Combine("tree");
        Write(Path.Combine(tree, "x.txt"), "x"u8.ToArray());
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("location", "add", tree, "--json").ShouldSucceed();

        static string Code(SdResult r) => r.Json.GetProperty("error").GetProperty("code").GetString()!;
        var unknown = sd.Run("file", "validate", "no-such-location", "--json");
        Assert.Equal((1, "location_not_found"), (unknown.ExitCode, Code(unknown)));
        var outside = sd.Run("file", "validate", _temp.Combine("elsewhere"), "--json");
        Assert.Equal((1, "path_not_in_location"), (outside.ExitCode, Code(outside)));
        Assert.Contains("not inside any location", outside.Stderr, StringComparison.Ordinal);
        var notIndexed = sd.Run("file", "validate", Path.Combine(tree, "new.txt"), "--json");
        Assert.Equal((1, "path_not_indexed"), (notIndexed.ExitCode, Code(notIndexed)));
        var dupLocation = sd.Run("dup", "--location", "nope", "--json");
        Assert.Equal((1, "location_not_found"), (dupLocation.ExitCode, Code(dupLocation)));
        Assert.Equal(2, sd.Run("dup", "--min-size", "lots").ExitCode);

        Assert.Equal(1, Output(sd.Run("file", "validate", "tree", "--json").ShouldSucceed()).GetProperty("ok").GetInt64());
    }

    [Fact]
    public async Task A_validation_killed_with_9_must_resume_after_its_last_checkpoint_and_count_every_file_once()
    {
        var tree = _temp.Combine("tree");
        for (var i = 0; i < 400; i++) Write(Path.Combine(tree, $"d{i % 10}", $"f{i}.bin"), Bytes(2000 + i, i));
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("location", "add", tree, "--json").ShouldSucceed();
        File.Delete(Path.Combine(tree, "d3", "f13.bin"));
        sd.Run("config", "set", "spacedrive.validate.batch-size", "20").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.validate.batch-pause", "150ms").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.jobs.checkpoint.every-items", "20").ShouldSucceed();
        // The node's watcher would catch the deleted file up on start and drop it from the index before validation
        // reads it; this spec is about validation's own resume, so the index stays as `location add` left it.
        sd.Run("config", "set", "spacedrive.watcher.enabled", "off").ShouldSucceed();

        string id;
        {
            var node = await sd.StartNodeAsync();
            var queued = sd.Run("file", "validate", "--json").ShouldSucceed().Json;
            id = queued.GetProperty("job").GetProperty("id").GetString()!;
            await WaitFor(sd, id, d => d.GetProperty("job").TryGetProperty("progress", out var p) && p.GetProperty("completed").GetInt64() >= 80, "80 files");
            node.Kill();
            await node.Process.WaitForExitAsync();
            await node.DisposeAsync();
        }
        await using (var node = await sd.StartNodeAsync())
        {
            var done = await WaitFor(sd, id, d => d.GetProperty("job").GetProperty("status").GetString() is "completed" or "failed", "the end");
            Assert.Equal("completed", done.GetProperty("job").GetProperty("status").GetString());
            Assert.Contains(done.GetProperty("log").EnumerateArray(), l => l.GetProperty("message").GetString()!.StartsWith("Resuming after entry", StringComparison.Ordinal));
            var output = done.GetProperty("output");
            Assert.Equal(400, output.GetProperty("files").GetInt64());
            Assert.Equal(399, output.GetProperty("ok").GetInt64());
            Assert.Equal(1, output.GetProperty("missing").GetInt64());
            Assert.Equal(399, output.GetProperty("ok").GetInt64() + output.GetProperty("changed").GetInt64() + output.GetProperty("corrupt").GetInt64());
        }
    }

    private static JsonElement Job(SdRunner sd, string id) => sd.Run("job", "info", id, "--json").ShouldSucceed().Json.GetProperty("detail");

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
}
