using System.Globalization;
using System.Text.Json;
using Spacedrive.Node.Tests.Infrastructure;

namespace Spacedrive.Node.Tests;

/// <summary>`sd job ...` against real node processes: kill -9 mid-job, graceful stop, pause, retry, clear.</summary>
public sealed class JobCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private SdRunner Runner()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        // Checkpoints every 20 items, so a kill lands between checkpoints and the redo is visible.
        sd.Run("config", "set", "spacedrive.jobs.checkpoint.every-items", "20").ShouldSucceed();
        return sd;
    }

    private static string[] Expected(int count) => [.. Enumerable.Range(0, count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    private static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    private static JsonElement Job(SdRunner sd, string id) =>
        sd.Run("job", "info", id, "--json").ShouldSucceed().Json.GetProperty("detail").GetProperty("job");

    /// <summary>Polls the other process through the CLI until the job's status is one of <paramref name="statuses"/>.</summary>
    private static async Task<JsonElement> WaitForStatus(SdRunner sd, string id, params string[] statuses)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(200));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        JsonElement job = default;
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            job = Job(sd, id);
            if (statuses.Contains(job.GetProperty("status").GetString())) return job;
        }
        throw new TimeoutException($"job {id} did not reach {string.Join("/", statuses)}: {job}");
    }

    private static async Task WaitForProgress(SdRunner sd, string id, long atLeast)
    {
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            if (Job(sd, id).TryGetProperty("progress", out var p) && p.GetProperty("completed").GetInt64() >= atLeast) return;
        }
        throw new TimeoutException($"job {id} did not reach {atLeast} items");
    }

    [Fact]
    public async Task A_job_must_resume_from_its_checkpoint_after_kill_9_with_exactly_once_output()
    {
        var sd = Runner();
        var output = _temp.Combine("count.txt");
        string id;
        {
            var node = await sd.StartNodeAsync();
            var started = sd.Run("job", "start-test", "--count", "1000", "--delay-ms", "10", "--output", output, "--json").ShouldSucceed().Json;
            id = started.GetProperty("job").GetProperty("id").GetString()!;
            await WaitForProgress(sd, id, 50);
            node.Kill();
            await node.Process.WaitForExitAsync();
            await node.DisposeAsync();
        }
        Assert.True(Lines(output).Length < 1000, "the job finished before the kill");

        await using (var node = await sd.StartNodeAsync())
        {
            var done = await WaitForStatus(sd, id[..8], "completed");
            Assert.Equal(1000, done.GetProperty("progress").GetProperty("completed").GetInt64());
            var info = sd.Run("job", "info", id[..8]).ShouldSucceed();
            Assert.Contains("Resumed from the last checkpoint", info.Stdout, StringComparison.Ordinal);
        }
        Assert.Equal(Expected(1000), Lines(output));
    }

    [Fact]
    public async Task A_graceful_stop_must_pause_running_jobs_which_resume_on_start_while_user_paused_jobs_stay_paused()
    {
        var sd = Runner();
        var kept = _temp.Combine("kept.txt");
        var resumed = _temp.Combine("resumed.txt");
        string keptId, resumedId;
        await using (var node = await sd.StartNodeAsync())
        {
            // Both jobs are long (10 s, 15 s) so that slow CLI round trips on a loaded machine cannot let them finish early.
            keptId = sd.Run("job", "start-test", "--count", "1000", "--delay-ms", "10", "--output", kept, "--json").ShouldSucceed()
                .Json.GetProperty("job").GetProperty("id").GetString()!;
            // Long enough (10 s) to still run when the node stops, however slow this machine's CLI round trips are.
            resumedId = sd.Run("job", "start-test", "--count", "1500", "--delay-ms", "10", "--output", resumed, "--json").ShouldSucceed()
                .Json.GetProperty("job").GetProperty("id").GetString()!;
            await WaitForProgress(sd, keptId, 5);
            var paused = sd.Run("job", "pause", keptId, "--json").ShouldSucceed().Json.GetProperty("job");
            Assert.Equal("paused", paused.GetProperty("status").GetString());
            Assert.Equal("user", paused.GetProperty("paused_by").GetString());
            await WaitForProgress(sd, resumedId, 5);

            var list = sd.Run("job", "list", "--status", "running", "--json").ShouldSucceed().Json.GetProperty("jobs");
            Assert.Equal(resumedId, Assert.Single(list.EnumerateArray()).GetProperty("id").GetString());
        }

        await using (var node = await sd.StartNodeAsync())
        {
            await WaitForStatus(sd, resumedId, "completed");
            var stillPaused = Job(sd, keptId);
            Assert.Equal("paused", stillPaused.GetProperty("status").GetString());
            Assert.Equal("user", stillPaused.GetProperty("paused_by").GetString());

            sd.Run("job", "resume", keptId[..8]).ShouldSucceed();
            await WaitForStatus(sd, keptId, "completed");

            var cleared = sd.Run("job", "clear", "--json").ShouldSucceed().Json;
            Assert.Equal(2, cleared.GetProperty("removed").GetInt32());
            Assert.Empty(sd.Run("job", "list", "--json").ShouldSucceed().Json.GetProperty("jobs").EnumerateArray());
        }
        Assert.Equal(Expected(1000), Lines(kept));
        Assert.Equal(Expected(1500), Lines(resumed));
    }

    [Fact]
    public async Task A_failed_job_must_retry_from_its_checkpoint_in_process()
    {
        // No node running: each command hosts one for its duration.
        var sd = Runner();
        var output = _temp.Combine("retry.txt");
        var id = sd.Run("job", "start-test", "--count", "60", "--delay-ms", "0", "--fail-at", "45", "--output", output, "--json").ShouldSucceed()
            .Json.GetProperty("job").GetProperty("id").GetString()!;
        // Each command's short-lived node runs the job a little (a shutdown pauses it, the next start resumes it).
        var failed = await WaitForStatus(sd, id, "failed");
        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.Contains("item 45", failed.GetProperty("error").GetString(), StringComparison.Ordinal);

        var missing = sd.Run("job", "retry", "ffffffff", "--json");
        Assert.Equal("job_not_found", missing.Json.GetProperty("error").GetProperty("code").GetString());

        sd.Run("job", "retry", id[..6]).ShouldSucceed();
        var done = await WaitForStatus(sd, id, "completed");
        Assert.Equal(1, done.GetProperty("attempt").GetInt32());
        Assert.Equal(Expected(60), Lines(output));
        Assert.Contains("Resuming at item 40", sd.Run("job", "info", id).ShouldSucceed().Stdout, StringComparison.Ordinal);
    }
}
