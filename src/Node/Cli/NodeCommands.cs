using System.CommandLine;
using System.Diagnostics;
using Spacedrive.Messages.Nodes;
using Spacedrive.Node.Api;
using Spacedrive.Node.Hosting;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd node start|status|stop`.</summary>
public static class NodeCommands
{
    public static Command Build(ActionFactory actions)
    {
        var node = new Command("node", "Run, inspect and stop the node of this device");

        var daemon = new Option<bool>("--daemon") { Description = "Detach: run the node in the background and return once it answers" };
        var name = new Option<string?>("--device-name") { Description = "Name this device (default: the host name); kept for later starts" };
        var start = new Command("start", "Run the node in the foreground (logs to stderr and to the data directory) until Ctrl-C or `sd node stop`") { daemon, name };
        actions.Set(start, (ctx, ct) => ctx.Value(daemon) ? StartDaemonAsync(ctx, ct) : RunForegroundAsync(ctx, ctx.Value(name), ct));

        var status = new Command("status", "Show whether a node runs on this data directory, and its device and libraries");
        actions.Set(status, async (ctx, ct) =>
        {
            await using var client = await ctx.ConnectRunningAsync(ct).ConfigureAwait(false);
            if (client is null)
            {
                var stopped = new { running = false, data_dir = ctx.DataDir.Root };
                if (ctx.Output.IsJson) ctx.Output.Json(stopped);
                else ctx.Output.Console.MarkupLine($"No node is running on [bold]{Markup.Escape(ctx.DataDir.Root)}[/]. Start one with [bold]sd node start[/].");
                return ExitCodes.NodeUnavailable;
            }
            var reply = await client.CallAsync(Operations.NodeStatus, EmptyRequest.Instance, ct).ConfigureAwait(false);
            ctx.Output.Result(new RunningNodeStatus(true, reply), (c, s) => RenderStatus(c, s.Node));
            return ExitCodes.Ok;
        });

        var stop = new Command("stop", "Stop the running node gracefully: jobs are checkpointed, databases closed");
        actions.Set(stop, async (ctx, ct) =>
        {
            var pid = NodeLock.ReadPid(ctx.DataDir);
            await using (var client = await ctx.ConnectRunningAsync(ct).ConfigureAwait(false))
            {
                if (client is null)
                    return ctx.Output.Error(ErrorCodes.NodeUnavailable, $"No node is running on {ctx.DataDir.Root}.", ExitCodes.NodeUnavailable);
                await client.CallAsync(Operations.NodeStop, EmptyRequest.Instance, ct).ConfigureAwait(false);
            }
            // The reply comes before the shutdown; wait until the lock is free so that callers can start a new node at once.
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            while (NodeLock.IsHeld(ctx.DataDir) && await tick.WaitForNextTickAsync(timeout.Token).ConfigureAwait(false)) { }
            ctx.Output.Result(new { stopped = true, pid }, (c, _) => c.MarkupLine($"Node stopped{(pid is null ? "" : $" (pid {pid})")}."));
            return ExitCodes.Ok;
        });

        node.Subcommands.Add(start);
        node.Subcommands.Add(status);
        node.Subcommands.Add(stop);
        return node;
    }

    private sealed record RunningNodeStatus(bool Running, NodeStatusReply Node);

    private static async Task<int> RunForegroundAsync(CommandContext ctx, string? deviceName, CancellationToken ct)
    {
        await using var host = await NodeHost.StartAsync(ctx.DataDir, new NodeHostOptions { LogToStderr = Environment.GetEnvironmentVariable("SD_DAEMONIZED") != "1", DeviceName = deviceName, InProcess = false }, ct).ConfigureAwait(false);
        // Ctrl-C and SIGTERM reach us as the cancellation of ct (System.CommandLine's handler).
        var stopped = await Task.WhenAny(host.WhenStopRequested, Task.Delay(Timeout.Infinite, ct)).ConfigureAwait(false);
        _ = stopped;
        return ExitCodes.Ok;
    }

    private static async Task<int> StartDaemonAsync(CommandContext ctx, CancellationToken ct)
    {
        if (NodeLock.IsHeld(ctx.DataDir))
            throw new NodeAlreadyRunningException(ctx.DataDir.Root, NodeLock.ReadPid(ctx.DataDir));

        var self = SelfCommand();
        var psi = new ProcessStartInfo(File.Exists("/usr/bin/setsid") ? "/usr/bin/setsid" : self.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.Environment["SD_DAEMONIZED"] = "1";
        if (psi.FileName == "/usr/bin/setsid") psi.ArgumentList.Add(self.FileName);
        foreach (var a in self.Arguments) psi.ArgumentList.Add(a);
        foreach (var a in new[] { "node", "start", "--data-dir", ctx.DataDir.Root }) psi.ArgumentList.Add(a);
        var deviceName = ctx.Parse.GetValue<string?>("--device-name");
        if (deviceName is not null) { psi.ArgumentList.Add("--device-name"); psi.ArgumentList.Add(deviceName); }

        using var process = Process.Start(psi) ?? throw new SdException(ErrorCodes.Internal, "Could not start the node process.");
        process.StandardInput.Close();
        // Its output goes to the log file; drain the pipes so the child never blocks on them.
        _ = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);
        _ = process.StandardError.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (await tick.WaitForNextTickAsync(timeout.Token).ConfigureAwait(false))
        {
            if (await HttpNodeClient.IsAliveAsync(ctx.DataDir.SocketPath, timeout.Token).ConfigureAwait(false))
            {
                var pid = NodeLock.ReadPid(ctx.DataDir);
                ctx.Output.Result(new { started = true, pid, data_dir = ctx.DataDir.Root, socket = ctx.DataDir.SocketPath },
                    (c, _) => c.MarkupLine($"Node started in the background (pid {pid}). Stop it with [bold]sd node stop[/]."));
                return ExitCodes.Ok;
            }
            if (process.HasExited)
                return ctx.Output.Error(ErrorCodes.Internal, $"The node exited at start with code {process.ExitCode}; see `sd logs show`.", ExitCodes.OperationFailed);
        }
        return ctx.Output.Error(ErrorCodes.Timeout, "The node did not answer within 30 s; see `sd logs show`.", ExitCodes.OperationFailed);
    }

    /// <summary>How to run this same program again: the apphost, or `dotnet sd.dll`.</summary>
    private static (string FileName, string[] Arguments) SelfCommand()
    {
        var processPath = Environment.ProcessPath ?? "dotnet";
        var entry = typeof(NodeCommands).Assembly.Location;
        return Path.GetFileNameWithoutExtension(processPath) == "dotnet" ? (processPath, [entry]) : (processPath, []);
    }

    private static void RenderStatus(IAnsiConsole console, NodeStatusReply s)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Node[/]", $"[green]running[/] (pid {s.Pid}, up {HumanFormat.Duration(TimeSpan.FromSeconds(s.UptimeSeconds))})");
        grid.AddRow("[bold]Device[/]", $"{Markup.Escape(s.Device.Name)} ({s.Device.Id}), slug {Markup.Escape(s.Device.Slug)}");
        grid.AddRow("[bold]System[/]", Markup.Escape($"{s.Device.Os} {s.Device.OsVersion} {s.Device.Architecture}, {s.Device.CpuCores} cores, {HumanFormat.Bytes(s.Device.MemoryBytes)}"));
        grid.AddRow("[bold]Data dir[/]", Markup.Escape(s.DataDir));
        grid.AddRow("[bold]API[/]", Markup.Escape(s.ApiSocket));
        grid.AddRow("[bold]Libraries[/]", s.Libraries.ToString(System.Globalization.CultureInfo.InvariantCulture));
        grid.AddRow("[bold]Version[/]", Markup.Escape(s.Version));
        console.Write(grid);
    }
}
