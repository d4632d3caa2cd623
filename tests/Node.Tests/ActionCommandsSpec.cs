using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Node.Tests.Infrastructure;

namespace Spacedrive.Node.Tests;

/// <summary>
/// The action system through the real `sd`: --dry-run changes nothing, `sd audit list|verify` (a tampered log exits 1
/// naming the record), `sd file delete` confirmation, and a delete job killed with -9 that finishes after a restart
/// without trashing anything twice.
/// </summary>
public sealed class ActionCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private SdRunner NewSd(string name = "data")
    {
        var sd = new SdRunner(_temp.Combine(name));
        sd.Run("config", "set", "spacedrive.files.trash-dir", _temp.Combine("trash")).ShouldSucceed();
        return sd;
    }

    private string LibraryDb(SdRunner sd) =>
        Directory.GetFiles(Path.Combine(sd.ResolvedDataDir, "libraries"), "library.db", SearchOption.AllDirectories).Single();

    private string MakeFiles(string name, int count)
    {
        var dir = _temp.Combine(name);
        Directory.CreateDirectory(dir);
        for (var i = 0; i < count; i++) File.WriteAllText(Path.Combine(dir, $"f{i:D4}.txt"), $"file {i}");
        return dir;
    }

    private static JsonElement Records(SdRunner sd) => sd.Run("audit", "list", "--limit", "1000", "--json").ShouldSucceed().Json.GetProperty("records");

    [Fact]
    public void Dry_run_must_show_the_preview_and_change_nothing()
    {
        var sd = NewSd();
        var dir = MakeFiles("files", 3);
        sd.Run("location", "add", dir, "--json").ShouldSucceed();
        var audited = Records(sd).GetArrayLength();

        var create = sd.Run("tag", "create", "red", "--dry-run", "--json").ShouldSucceed().Json.GetProperty("preview");
        Assert.Equal("tag.create", create.GetProperty("action").GetString());
        Assert.Equal(0, sd.Run("tag", "list", "--json").ShouldSucceed().Json.GetProperty("tags").GetArrayLength());

        sd.Run("tag", "create", "red").ShouldSucceed();
        var apply = sd.Run("tag", "apply", "red", Path.Combine(dir, "f0000.txt"), "--dry-run", "--json").ShouldSucceed().Json.GetProperty("preview");
        Assert.Equal("apply", apply.GetProperty("changes")[0].GetProperty("change").GetString());
        Assert.Equal(0, sd.Run("tag", "list", "--json").ShouldSucceed().Json.GetProperty("tags")[0].GetProperty("applications").GetInt64());

        var delete = sd.Run("file", "delete", dir, "--dry-run", "--json");
        Assert.Equal(1, delete.ExitCode); // a location's root: refused, shown as a conflict
        Assert.Equal("invalid_action", delete.Json.GetProperty("preview").GetProperty("conflicts")[0].GetProperty("code").GetString());
        var preview = sd.Run("file", "delete", Path.Combine(dir, "f0001.txt"), Path.Combine(dir, "f0002.txt"), "--dry-run", "--json").ShouldSucceed().Json.GetProperty("preview");
        Assert.Equal(2, preview.GetProperty("files").GetInt64());
        Assert.True(preview.GetProperty("starts_job").GetBoolean());
        sd.Run("tag", "delete", "red", "--dry-run").ShouldSucceed();
        sd.Run("location", "remove", dir, "--dry-run").ShouldSucceed();
        sd.Run("location", "rescan", dir, "--dry-run").ShouldSucceed();
        sd.Run("file", "rename", Path.Combine(dir, "f0000.txt"), "x.txt", "--dry-run").ShouldSucceed();
        sd.Run("file", "mkdir", Path.Combine(dir, "new"), "--dry-run").ShouldSucceed();

        Assert.Equal(3, Directory.GetFiles(dir).Length);
        Assert.False(Directory.Exists(Path.Combine(dir, "new")));
        Assert.Single(sd.Run("tag", "list", "--json").ShouldSucceed().Json.GetProperty("tags").EnumerateArray());
        Assert.Single(sd.Run("location", "list", "--json").ShouldSucceed().Json.GetProperty("locations").EnumerateArray());
        Assert.Equal(audited + 1, Records(sd).GetArrayLength()); // only the real tag create
    }

    [Fact]
    public void Audit_verify_must_exit_1_and_name_the_first_bad_record_of_a_tampered_log()
    {
        var sd = NewSd();
        sd.Run("tag", "create", "one").ShouldSucceed();
        sd.Run("tag", "create", "two").ShouldSucceed();
        sd.Run("tag", "rename", "two", "deux").ShouldSucceed();
        var records = Records(sd);
        Assert.Equal(["tag.update", "tag.create", "tag.create"], records.EnumerateArray().Select(r => r.GetProperty("action").GetString()));
        Assert.Equal("tag.create", sd.Run("audit", "list", "--action", "tag.create", "--limit", "1", "--json").ShouldSucceed().Json
            .GetProperty("records").EnumerateArray().Single().GetProperty("action").GetString());
        var ok = sd.Run("audit", "verify", "--json").ShouldSucceed().Json;
        Assert.True(ok.GetProperty("ok").GetBoolean());
        Assert.Equal(3, ok.GetProperty("records").GetInt64());

        using (var connection = new SqliteConnection($"Data Source={LibraryDb(sd)};Pooling=False"))
        {
            connection.Open();
            using var cmd = connection.CreateCommand();
            cmd.CommandText = "UPDATE audit_log SET targets = '[\"three\"]' WHERE id = 2";
            Assert.Equal(1, cmd.ExecuteNonQuery());
        }
        var broken = sd.Run("audit", "verify");
        Assert.Equal(1, broken.ExitCode);
        Assert.Contains("record 2", broken.Stderr, StringComparison.Ordinal);
        var json = sd.Run("audit", "verify", "--json");
        Assert.Equal(1, json.ExitCode);
        Assert.Equal(2, json.Json.GetProperty("first_bad_seq").GetInt64());
    }

    [Fact]
    public void Records_after_a_lagging_head_must_be_adopted_when_they_chain_on_and_reported_when_they_do_not()
    {
        var sd = NewSd();
        sd.Run("tag", "create", "one").ShouldSucceed();
        sd.Run("tag", "create", "two").ShouldSucceed();
        var first = Records(sd).EnumerateArray().Single(r => r.GetProperty("seq").GetInt64() == 1).GetProperty("hash").GetString();
        var head = Path.Combine(Path.GetDirectoryName(LibraryDb(sd))!, "audit-head.json");

        // A crash between the audit commit and the head's write leaves the head one record behind: adopted at the next start.
        File.WriteAllText(head, $"{{\"Count\":1,\"Hash\":\"{first}\"}}");
        var adopted = sd.Run("audit", "verify", "--json").ShouldSucceed().Json;
        Assert.Equal(2, adopted.GetProperty("records").GetInt64());
        Assert.Contains("\"Count\":2", File.ReadAllText(head), StringComparison.Ordinal);

        // A head that the chain does not pass through is not a crash window.
        File.WriteAllText(head, "{\"Count\":1,\"Hash\":\"" + new string('0', 64) + "\"}");
        var broken = sd.Run("audit", "verify", "--json");
        Assert.Equal(1, broken.ExitCode);
        Assert.Equal(2, broken.Json.GetProperty("first_bad_seq").GetInt64());
    }

    [Fact]
    public void Delete_must_refuse_without_yes_when_not_interactive_and_trash_with_yes()
    {
        var sd = NewSd();
        var dir = MakeFiles("files", 2);
        var target = Path.Combine(dir, "f0000.txt");

        var refused = sd.Run("file", "delete", target);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("--yes", refused.Stderr, StringComparison.Ordinal);
        Assert.True(File.Exists(target));

        var done = sd.Run("file", "delete", target, "--yes", "--json").ShouldSucceed().Json;
        Assert.Equal("completed", done.GetProperty("job").GetProperty("status").GetString());
        Assert.False(File.Exists(target));
        Assert.Equal("file 0", File.ReadAllText(_temp.Combine("trash/files/f0000.txt")));
        Assert.StartsWith("[Trash Info]\nPath=", File.ReadAllText(_temp.Combine("trash/info/f0000.txt.trashinfo")), StringComparison.Ordinal);

        sd.Run("file", "mkdir", Path.Combine(dir, "made")).ShouldSucceed();
        Assert.True(Directory.Exists(Path.Combine(dir, "made")));
        Assert.Equal(1, sd.Run("file", "rename", Path.Combine(dir, "f0001.txt"), "made").ExitCode);
        Assert.Equal(1, sd.Run("file", "rename", Path.Combine(dir, "f0001.txt"), "a/b").ExitCode);
        sd.Run("file", "rename", Path.Combine(dir, "f0001.txt"), "renamed.txt").ShouldSucceed();
        Assert.Equal("file 1", File.ReadAllText(Path.Combine(dir, "renamed.txt")));
        Assert.True(sd.Run("audit", "verify", "--json").ShouldSucceed().Json.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task A_delete_job_killed_with_9_must_finish_after_a_restart_without_trashing_twice()
    {
        const int Count = 300;
        var sd = NewSd();
        var dir = MakeFiles("big", Count);
        sd.Run("location", "add", dir, "--json").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.files.delete-item-pause", "40ms").ShouldSucceed();
        sd.Run("config", "set", "spacedrive.jobs.checkpoint.every-items", "10").ShouldSucceed();
        var paths = Directory.GetFiles(dir).Order(StringComparer.Ordinal).ToArray();

        string id;
        {
            var node = await sd.StartNodeAsync();
            var started = sd.Run(["file", "delete", .. paths, "--yes", "--json"]).ShouldSucceed().Json;
            id = started.GetProperty("job").GetProperty("id").GetString()!;
            await WaitFor(sd, id, d => d.GetProperty("job").TryGetProperty("progress", out var p) && p.ValueKind == JsonValueKind.Object
                && p.GetProperty("completed").GetInt64() >= 40, "40 items");
            node.Kill();
            await node.Process.WaitForExitAsync();
            await node.DisposeAsync();
        }
        Assert.True(Directory.GetFiles(dir).Length is > 0 and < Count, "the kill landed mid-run");

        await using (var node = await sd.StartNodeAsync())
        {
            var done = await WaitFor(sd, id, d => d.GetProperty("job").GetProperty("status").GetString() is "completed" or "failed", "the end");
            Assert.Equal("completed", done.GetProperty("job").GetProperty("status").GetString());
            var output = done.GetProperty("output");
            Assert.Equal(Count, output.GetProperty("deleted").GetInt64() + output.GetProperty("missing").GetInt64());

            // The outcome reaches the audit log once the resumed job ends.
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            string? result = null;
            while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
            {
                result = Records(sd).EnumerateArray().First(r => r.GetProperty("action").GetString() == "file.delete").GetProperty("result").GetString();
                if (result != "pending") break;
            }
            Assert.Equal("succeeded", result);
            Assert.True(sd.Run("audit", "verify", "--json").ShouldSucceed().Json.GetProperty("ok").GetBoolean());
        }

        Assert.Empty(Directory.GetFiles(dir));
        var trashed = Directory.GetFiles(_temp.Combine("trash/files")).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(paths.Select(Path.GetFileName), trashed); // each exactly once: no "name.2" copies
        Assert.Equal(Count, Directory.GetFiles(_temp.Combine("trash/info"), "*.trashinfo").Length);
        using var connection = new SqliteConnection($"Data Source={LibraryDb(sd)};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = "SELECT COUNT(*) FROM entries WHERE kind = 0";
        Assert.Equal(0L, (long)cmd.ExecuteScalar()!);
    }

    private static async Task<JsonElement> WaitFor(SdRunner sd, string id, Func<JsonElement, bool> done, string what)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(120);
        JsonElement detail = default;
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            var result = await sd.RunAsync("job", "info", id, "--json");
            if (result.ExitCode != 0) continue;
            detail = result.Json.GetProperty("detail");
            if (done(detail)) return detail;
        }
        throw new TimeoutException($"job {id} did not reach {what}: {detail}");
    }

}
