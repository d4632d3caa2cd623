using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace Spacedrive.Node.Tests.Infrastructure;

/// <summary>Runs the real `sd` binary (built beside the tests) against one data directory.</summary>
public sealed class SdRunner(string dataDir, string? instance = null)
{
    public static string Executable { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "sd");

    public string DataDir { get; } = dataDir;

    /// <summary>The data directory the node really uses (named instances live below the root).</summary>
    public string ResolvedDataDir => instance is null ? DataDir : System.IO.Path.Combine(DataDir, "instances", instance);

    public SdResult Run(params string[] args) => RunAsync(args).GetAwaiter().GetResult();

    public async Task<SdResult> RunAsync(params string[] args)
    {
        using var process = Process.Start(StartInfo(args)) ?? throw new InvalidOperationException("could not start sd");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"sd {string.Join(' ', args)} did not finish within 90 s");
        }
        return new SdResult(process.ExitCode, await stdout, await stderr, args);
    }

    /// <summary>Starts `sd node start` in the background and waits until its API answers.</summary>
    public async Task<NodeProcess> StartNodeAsync(params string[] extraArgs)
    {
        var process = Process.Start(StartInfo(["node", "start", .. extraArgs])) ?? throw new InvalidOperationException("could not start sd");
        process.StandardInput.Close();
        var node = new NodeProcess(this, process);
        await node.WaitUntilAnsweringAsync();
        return node;
    }

    public ProcessStartInfo StartInfo(IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(Executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(DataDir);
        if (instance is not null)
        {
            psi.ArgumentList.Add("--instance");
            psi.ArgumentList.Add(instance);
        }
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment.Remove("SD_DATA_DIR");
        return psi;
    }
}

public sealed record SdResult(int ExitCode, string Stdout, string Stderr, string[] Args)
{
    public JsonElement Json
    {
        get
        {
            try
            {
                using var doc = JsonDocument.Parse(Stdout);
                return doc.RootElement.Clone();
            }
            catch (JsonException e)
            {
                throw new InvalidOperationException($"sd {string.Join(' ', Args)} printed no JSON (exit {ExitCode}):\n{Stdout}\n{Stderr}", e);
            }
        }
    }

    public SdResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"sd {string.Join(' ', Args)} exited {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}");
        return this;
    }

    public override string ToString() => $"sd {string.Join(' ', Args)} -> {ExitCode}\n{Stdout}\n{Stderr}";
}

/// <summary>A node running as its own process; stopped (gracefully, else killed) on dispose.</summary>
public sealed class NodeProcess(SdRunner runner, Process process) : IAsyncDisposable
{
    private readonly StringBuilder _stderr = new();

    public Process Process { get; } = process;
    public int Pid => Process.Id;
    public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

    internal async Task WaitUntilAnsweringAsync()
    {
        _ = Task.Run(async () =>
        {
            while (await Process.StandardError.ReadLineAsync() is { } line)
                lock (_stderr) _stderr.AppendLine(line);
        });
        _ = Process.StandardOutput.ReadToEndAsync();
        // Another process: no probe can watch it, so poll its API until it answers.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (DateTime.UtcNow < deadline && await tick.WaitForNextTickAsync())
        {
            if (Process.HasExited) throw new InvalidOperationException($"node exited with {Process.ExitCode}:\n{Stderr}");
            if (File.Exists(System.IO.Path.Combine(runner.ResolvedDataDir, "run", "api.sock")) &&
                (await runner.RunAsync("node", "status", "--json")).ExitCode == 0)
                return;
        }
        throw new TimeoutException("node did not answer within 60 s:\n" + Stderr);
    }

    public void Kill() => Process.Kill(entireProcessTree: true);

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            await runner.RunAsync("node", "stop");
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await Process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                Process.Kill(entireProcessTree: true);
            }
        }
        Process.Dispose();
    }
}
