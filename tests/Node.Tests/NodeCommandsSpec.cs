using Spacedrive.Node.Tests.Infrastructure;

namespace Spacedrive.Node.Tests;

/// <summary>`sd node ...`: one node per data directory, named instances side by side, clean stops.</summary>
public sealed class NodeCommandsSpec : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task A_second_node_on_the_same_data_dir_must_be_refused_naming_the_pid()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        await using var node = await sd.StartNodeAsync();

        var second = sd.Run("node", "start", "--json");
        Assert.Equal(1, second.ExitCode);
        Assert.Equal("node_already_running", second.Json.GetProperty("error").GetProperty("code").GetString());
        Assert.Contains($"pid {node.Pid}", second.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Named_instances_must_run_side_by_side()
    {
        var root = _temp.Combine("data");
        var a = new SdRunner(root, "alpha");
        var b = new SdRunner(root, "beta");
        await using var nodeA = await a.StartNodeAsync();
        await using var nodeB = await b.StartNodeAsync();

        var statusA = a.Run("node", "status", "--json").ShouldSucceed().Json.GetProperty("node");
        var statusB = b.Run("node", "status", "--json").ShouldSucceed().Json.GetProperty("node");
        Assert.Equal(Path.Combine(root, "instances", "alpha"), statusA.GetProperty("data_dir").GetString());
        Assert.Equal(Path.Combine(root, "instances", "beta"), statusB.GetProperty("data_dir").GetString());
        Assert.NotEqual(statusA.GetProperty("device").GetProperty("id").GetGuid(), statusB.GetProperty("device").GetProperty("id").GetGuid());

        a.Run("library", "create", "OnlyInAlpha").ShouldSucceed();
        Assert.DoesNotContain("OnlyInAlpha", b.Run("library", "list", "--json").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_device_identity_must_be_stable_across_restarts()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        Guid first;
        await using (var node = await sd.StartNodeAsync())
            first = sd.Run("node", "status", "--json").ShouldSucceed().Json.GetProperty("node").GetProperty("device").GetProperty("id").GetGuid();
        await using (var node = await sd.StartNodeAsync())
            Assert.Equal(first, sd.Run("node", "status", "--json").ShouldSucceed().Json.GetProperty("node").GetProperty("device").GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task A_killed_node_must_leave_a_data_dir_that_starts_again()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        await using (var node = await sd.StartNodeAsync())
        {
            sd.Run("library", "create", "Survivor").ShouldSucceed();
            node.Kill();
            await node.Process.WaitForExitAsync();
        }
        // Stale socket and pid file are left behind; the lock died with the process.
        Assert.Contains("Survivor", sd.Run("library", "list", "--json").ShouldSucceed().Stdout, StringComparison.Ordinal);
        await using var again = await sd.StartNodeAsync();
        Assert.Contains("Survivor", sd.Run("library", "list", "--json").ShouldSucceed().Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Daemon_mode_must_detach_and_stop_on_request()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        var started = sd.Run("node", "start", "--daemon", "--json").ShouldSucceed().Json;
        var pid = started.GetProperty("pid").GetInt32();
        try
        {
            Assert.Equal(pid, sd.Run("node", "status", "--json").ShouldSucceed().Json.GetProperty("node").GetProperty("pid").GetInt32());
        }
        finally
        {
            sd.Run("node", "stop").ShouldSucceed();
        }
        Assert.Equal(3, sd.Run("node", "status").ExitCode);
        // `node stop` returns once the lock is free; the process is then gone or a zombie awaiting its reaper.
        var stat = $"/proc/{pid}/stat";
        Assert.True(!File.Exists(stat) || File.ReadAllText(stat).Split(' ')[2] is "Z" or "X", File.Exists(stat) ? File.ReadAllText(stat) : "");
    }

    [Fact]
    public async Task Logs_must_show_what_the_node_wrote()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        await using (await sd.StartNodeAsync())
        {
        }
        var logs = sd.Run("logs", "show", "--json").ShouldSucceed();
        var lines = logs.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l.Contains("Node stopped", StringComparison.Ordinal));
        Assert.All(lines, l => System.Text.Json.JsonDocument.Parse(l).Dispose());
        var human = sd.Run("logs", "show", "--level", "info", "--component", "Spacedrive.Node").ShouldSucceed();
        Assert.Contains("started on", human.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_set_must_write_node_conf_and_get_must_read_it_back()
    {
        var sd = new SdRunner(_temp.Combine("data"));
        sd.Run("config", "set", "spacedrive.api.request-timeout", "7s").ShouldSucceed();
        Assert.Equal("7s", sd.Run("config", "get", "spacedrive.api.request-timeout").ShouldSucceed().Stdout.Trim());
        Assert.Contains("request-timeout", File.ReadAllText(Path.Combine(sd.DataDir, "node.conf")), StringComparison.Ordinal);

        var unknown = sd.Run("config", "set", "spacedrive.no-such-thing", "1");
        Assert.Equal(1, unknown.ExitCode);

        var show = sd.Run("config", "show", "--json").ShouldSucceed().Json;
        Assert.Equal("7s", show.GetProperty("value").GetProperty("api").GetProperty("request-timeout").GetString());
    }

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task A_foreground_node_must_stop_cleanly_on_a_signal(string signal)
    {
        var sd = new SdRunner(_temp.Combine("data"));
        await using var node = await sd.StartNodeAsync();
        using (var kill = System.Diagnostics.Process.Start("kill", ["-" + signal, node.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await node.Process.WaitForExitAsync(timeout.Token);
        Assert.Equal(0, node.Process.ExitCode);
        Assert.Contains("Node stopped", sd.Run("logs", "show").ShouldSucceed().Stdout, StringComparison.Ordinal);
        // The actor tree was logged at start.
        Assert.Contains("libraries", node.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(sd.DataDir, "node.pid")));
    }
}
