using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Spacedrive.Messages.Jobs;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd job list|info|watch|pause|resume|cancel|retry|clear` (and the hidden diagnostics `start-test`).</summary>
public static class JobCommands
{
    private static readonly TimeSpan WatchRecheck = TimeSpan.FromSeconds(2);

    public static Command Build(ActionFactory actions)
    {
        var job = new Command("job", "List, watch and control the durable jobs of a library");

        Option<string?> LibraryOption() => new("--library", "-l") { Description = "Library id, unique id prefix, or name (default: the only or default library)" };
        Argument<string> JobArgument() => new("job") { Description = "Job id, or a unique prefix of it" };

        var listLibrary = LibraryOption();
        var status = new Option<string?>("--status", "-s") { Description = "Only jobs with this status: queued, running, paused, completed, failed, cancelled, unknown_type" };
        var list = new Command("list", "List jobs, newest first") { listLibrary, status };
        actions.Set(list, async (ctx, ct) =>
        {
            var filter = ParseStatus(ctx.Value(status));
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.JobList, new ListJobs(ctx.Value(listLibrary), filter), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, RenderList);
            return ExitCodes.Ok;
        });

        var infoLibrary = LibraryOption();
        var infoJob = JobArgument();
        var info = new Command("info", "Show a job: state, timing, counts, warnings, errors and its recent log") { infoLibrary, infoJob };
        actions.Set(info, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.JobInfo, new GetJobInfo(ctx.Value(infoLibrary), ctx.Value(infoJob)!), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, RenderInfo);
            return ExitCodes.Ok;
        });

        job.Subcommands.Add(list);
        job.Subcommands.Add(info);
        job.Subcommands.Add(BuildWatch(actions, LibraryOption()));
        job.Subcommands.Add(Control(actions, "pause", "Pause a job at a checkpoint; it stays paused (across restarts too) until resumed", LibraryOption(), JobArgument(),
            (l, j) => new PauseJob(l, j), Operations.JobPause));
        job.Subcommands.Add(Control(actions, "resume", "Resume a paused job from its last checkpoint", LibraryOption(), JobArgument(),
            (l, j) => new ResumeJob(l, j), Operations.JobResume));
        job.Subcommands.Add(Control(actions, "cancel", "Cancel a job that has not finished (it stays in the history)", LibraryOption(), JobArgument(),
            (l, j) => new CancelJob(l, j), Operations.JobCancel));
        job.Subcommands.Add(Control(actions, "retry", "Queue a failed job again; it restarts from its last checkpoint", LibraryOption(), JobArgument(),
            (l, j) => new RetryJob(l, j), Operations.JobRetry));

        var clearLibrary = LibraryOption();
        var clear = new Command("clear", "Remove finished jobs (completed, failed, cancelled) from the history") { clearLibrary };
        actions.Set(clear, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.JobClear, new ClearJobs(ctx.Value(clearLibrary)), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => c.MarkupLine($"Removed {r.Removed} finished job(s) from the history."));
            return ExitCodes.Ok;
        });
        job.Subcommands.Add(clear);
        job.Subcommands.Add(BuildStartTest(actions, LibraryOption()));
        return job;
    }

    private static Command Control<TRequest>(ActionFactory actions, string name, string description, Option<string?> library, Argument<string> target,
        Func<string?, string, TRequest> request, ApiOperation<TRequest, JobControlReply> operation)
    {
        var command = new Command(name, description) { library, target };
        actions.Set(command, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(operation, request(ctx.Value(library), ctx.Value(target)!), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => c.MarkupLine($"Job {ShortId(r.Job.Id)} ({Markup.Escape(r.Job.Type)}) is {StatusMarkup(r.Job)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>Diagnostics, hidden from help: a job that counts into a file with exactly-once output, to try pause/kill -9/resume.</summary>
    private static Command BuildStartTest(ActionFactory actions, Option<string?> library)
    {
        var count = new Option<long>("--count") { Description = "How many items", DefaultValueFactory = _ => 100 };
        var delay = new Option<int>("--delay-ms") { Description = "Wait per item, in milliseconds", DefaultValueFactory = _ => 10 };
        var output = new Option<string?>("--output") { Description = "The file the items are written to (default: <data-dir>/diagnostics/count-<time>.txt)" };
        var failAt = new Option<long?>("--fail-at") { Description = "Fail once (first attempt only) at this item, to try `sd job retry`" };
        var priority = new Option<int?>("--priority") { Description = "Queue priority (higher first)" };
        var command = new Command("start-test", "Diagnostics: start a job that counts into a file (exactly-once across kill -9)")
        {
            library, count, delay, output, failAt, priority,
        };
        command.Hidden = true;
        actions.Set(command, async (ctx, ct) =>
        {
            var path = ctx.Value(output) is { Length: > 0 } given
                ? Path.GetFullPath(given)
                : Path.Combine(ctx.DataDir.Root, "diagnostics", $"count-{DateTime.UtcNow:yyyyMMdd-HHmmssfff}.txt");
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.JobStartTest,
                new StartTestJob(ctx.Value(library), ctx.Value(count), ctx.Value(delay), path, ctx.Value(failAt), ctx.Value(priority)), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => c.MarkupLine($"Queued job {r.Job.Id} ({Markup.Escape(r.Job.Description ?? r.Job.Type)})"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command BuildWatch(ActionFactory actions, Option<string?> library)
    {
        var watch = new Command("watch", "Live progress of the running jobs; ends when none runs (or on Ctrl-C). With --json: JSON lines of events") { library };
        actions.Set(watch, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var events = Channel.CreateUnbounded<NodeEventEnvelope>(new UnboundedChannelOptions { SingleReader = true });
            var pump = Task.Run(async () =>
            {
                try
                {
                    await foreach (var e in node.EventsAsync([.. JobStateChanged.EventTypes], stop.Token).ConfigureAwait(false))
                        await events.Writer.WriteAsync(e, stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
                catch (SdException)
                {
                }
                finally
                {
                    events.Writer.TryComplete();
                }
            }, CancellationToken.None);
            try
            {
                var first = await node.CallAsync(Operations.JobList, new ListJobs(ctx.Value(library), JobStatus.Running), ct).ConfigureAwait(false);
                var running = first.Jobs.ToDictionary(j => j.Id);
                if (running.Count == 0)
                {
                    ctx.Output.Info("No job is running.");
                    return ExitCodes.Ok;
                }
                var watcher = new Watcher(node, ctx, ctx.Value(library), first.LibraryId, running, events.Reader);
                if (ctx.Output.IsJson) await watcher.RunJsonAsync(ct).ConfigureAwait(false);
                else await watcher.RunLiveAsync(ct).ConfigureAwait(false);
                return ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return ExitCodes.Ok; // Ctrl-C ends the watch, not the jobs
            }
            finally
            {
                await stop.CancelAsync().ConfigureAwait(false);
                await pump.ConfigureAwait(false);
            }
        });
        return watch;
    }

    /// <summary>Follows the job events of one library until no job of it runs.</summary>
    private sealed class Watcher(INodeClient node, CommandContext ctx, string? library, Guid libraryId, Dictionary<Guid, JobSummary> running, ChannelReader<NodeEventEnvelope> events)
    {
        public Dictionary<Guid, JobProgress?> Progress { get; } = running.ToDictionary(r => r.Key, r => r.Value.Progress);

        public async Task RunJsonAsync(CancellationToken ct)
        {
            while (running.Count > 0 && await NextAsync(ct).ConfigureAwait(false) is var (e, ended) && !ended)
            {
                if (e is not null)
                    ctx.Output.Json(new { type = e.Type, data = e.Data });
            }
        }

        public async Task RunLiveAsync(CancellationToken ct)
        {
            await ctx.Output.Console.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
                .StartAsync(async progress =>
                {
                    var tasks = new Dictionary<Guid, ProgressTask>();
                    void Sync()
                    {
                        foreach (var (id, summary) in running)
                        {
                            if (!tasks.TryGetValue(id, out var task))
                                tasks[id] = task = progress.AddTask(Markup.Escape($"{ShortId(id)} {summary.Description ?? summary.Type}"), autoStart: true, maxValue: 1);
                            if (Progress.GetValueOrDefault(id) is { } p)
                            {
                                task.IsIndeterminate = p.Total is null;
                                if (p.Total is { } total) task.MaxValue = Math.Max(1, total);
                                task.Value = p.Completed;
                            }
                        }
                        foreach (var (id, task) in tasks)
                        {
                            if (!running.ContainsKey(id) && !task.IsFinished) task.StopTask();
                        }
                    }
                    Sync();
                    while (running.Count > 0 && await NextAsync(ct).ConfigureAwait(false) is var (_, ended) && !ended)
                    {
                        Sync();
                        progress.Refresh();
                    }
                    Sync();
                }).ConfigureAwait(false);
        }

        /// <summary>The next event of this library (applied to the running set), or null after a quiet spell (then the running set is re-read).</summary>
        private async Task<(NodeEventEnvelope? Event, bool Ended)> NextAsync(CancellationToken ct)
        {
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(WatchRecheck);
                NodeEventEnvelope e;
                try
                {
                    e = await events.ReadAsync(quiet.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    var list = await node.CallAsync(Operations.JobList, new ListJobs(library, JobStatus.Running), ct).ConfigureAwait(false);
                    running.Clear();
                    foreach (var j in list.Jobs)
                    {
                        running[j.Id] = j;
                        Progress[j.Id] = j.Progress ?? Progress.GetValueOrDefault(j.Id);
                    }
                    return (null, false);
                }
                catch (ChannelClosedException)
                {
                    return (null, true);
                }
                if (!e.Data.TryGetProperty("library_id", out var lib) || lib.GetGuid() != libraryId) continue;
                if (e.Type == "job_progress")
                {
                    var id = e.Data.GetProperty("job_id").GetGuid();
                    Progress[id] = e.Data.GetProperty("progress").Deserialize<JobProgress>(ApiJson.Options);
                }
                else if (e.Data.GetProperty("job").Deserialize<JobSummary>(ApiJson.Options) is { } job)
                {
                    if (job.Status == JobStatus.Running) running[job.Id] = job;
                    else running.Remove(job.Id);
                    if (job.Progress is not null) Progress[job.Id] = job.Progress;
                }
                return (e, false);
            }
        }
    }

    private static JobStatus? ParseStatus(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var normalized = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return Enum.TryParse<JobStatus>(normalized, ignoreCase: true, out var status)
            ? status
            : throw new ArgumentException($"Unknown status '{text}'. Use queued, running, paused, completed, failed, cancelled or unknown_type.");
    }

    internal static string ShortId(Guid id) => id.ToString("N")[..8];

    private static string StatusText(JobStatus status) => JsonNamingPolicy.SnakeCaseLower.ConvertName(status.ToString());

    private static string StatusMarkup(JobSummary j)
    {
        var text = StatusText(j.Status) + (j.PausedBy is { } by ? $" (by {(by == JobPauseReason.User ? "user" : "shutdown")})" : "");
        return j.Status switch
        {
            JobStatus.Running => $"[blue]{text}[/]",
            JobStatus.Completed => $"[green]{text}[/]",
            JobStatus.Failed or JobStatus.UnknownType => $"[red]{text}[/]",
            JobStatus.Paused or JobStatus.Queued => $"[yellow]{text}[/]",
            _ => text,
        };
    }

    private static string ProgressText(JobProgress? p) => p is null
        ? ""
        : p.Total is { } total
            ? $"{p.Completed.ToString("N0", CultureInfo.InvariantCulture)}/{total.ToString("N0", CultureInfo.InvariantCulture)} {p.Unit} ({p.Fraction:P0})"
            : $"{p.Completed.ToString("N0", CultureInfo.InvariantCulture)} {p.Unit}";

    private static string Duration(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(seconds)).ToString(seconds >= 3600 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);

    private static string When(DateTimeOffset? at) => at?.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "";

    private static void RenderList(IAnsiConsole console, JobListReply reply)
    {
        if (reply.Jobs.Count == 0)
        {
            console.MarkupLine("No jobs.");
            return;
        }
        var table = new Table().AddColumns("Id", "Type", "Status", "Progress", "Created", "Duration", "Warn/Err", "Description");
        foreach (var j in reply.Jobs)
        {
            table.AddRow(ShortId(j.Id), Markup.Escape(j.Type), StatusMarkup(j), Markup.Escape(ProgressText(j.Progress)), When(j.CreatedAt),
                Duration(j.ActiveSeconds), $"{j.Warnings}/{j.Errors}", Markup.Escape(j.Error ?? j.Description ?? ""));
        }
        console.Write(table);
    }

    private static void RenderInfo(IAnsiConsole console, JobInfoReply reply)
    {
        var d = reply.Detail;
        var j = d.Job;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Id[/]", j.Id.ToString());
        grid.AddRow("[bold]Type[/]", Markup.Escape(j.Type));
        if (j.Description is not null) grid.AddRow("[bold]Description[/]", Markup.Escape(j.Description));
        grid.AddRow("[bold]Status[/]", StatusMarkup(j));
        grid.AddRow("[bold]Priority[/]", j.Priority.ToString(CultureInfo.InvariantCulture));
        if (j.ParentId is { } parent) grid.AddRow("[bold]Parent[/]", parent.ToString());
        grid.AddRow("[bold]Created[/]", When(j.CreatedAt));
        if (j.StartedAt is not null) grid.AddRow("[bold]Started[/]", When(j.StartedAt));
        if (j.FinishedAt is not null) grid.AddRow("[bold]Finished[/]", When(j.FinishedAt));
        grid.AddRow("[bold]Running time[/]", Duration(j.ActiveSeconds));
        if (j.Progress is not null) grid.AddRow("[bold]Progress[/]", Markup.Escape(ProgressText(j.Progress)));
        if (j.Attempt > 0) grid.AddRow("[bold]Attempt[/]", (j.Attempt + 1).ToString(CultureInfo.InvariantCulture));
        grid.AddRow("[bold]Warnings / errors[/]", $"{j.Warnings} / {j.Errors}");
        if (j.Error is not null) grid.AddRow("[bold]Error[/]", $"[red]{Markup.Escape(j.Error)}[/]");
        if (d.Children.Count > 0) grid.AddRow("[bold]Children[/]", string.Join(", ", d.Children.Select(ShortId)));
        if (d.Output is { } output) grid.AddRow("[bold]Output[/]", Markup.Escape(output.GetRawText()));
        console.Write(grid);
        foreach (var w in d.WarningMessages.TakeLast(20)) console.MarkupLine($"[yellow]warning:[/] {Markup.Escape(w)}");
        foreach (var e in d.ErrorMessages.TakeLast(20)) console.MarkupLine($"[red]error:[/] {Markup.Escape(e)}");
        if (d.Log.Count > 0)
        {
            console.MarkupLine("[bold]Log[/]");
            foreach (var line in d.Log)
                console.MarkupLine($"  {line.At.ToLocalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)} {Markup.Escape(line.Level),-7} {Markup.Escape(line.Message)}");
        }
    }
}
