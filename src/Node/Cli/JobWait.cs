using Spacedrive.Messages.Jobs;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// Waits for a job the command started (`--wait`): a live progress bar on a terminal, quiet polling otherwise.
/// Every command that starts a job uses it, so they all show progress and exit with the job's outcome alike.
/// </summary>
internal static class JobWait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(250);

    internal static int ExitCode(JobSummary job) => job.Status == JobStatus.Completed ? ExitCodes.Ok : ExitCodes.OperationFailed;

    /// <summary>Polls the job until it ends (or is paused); a live progress bar on a terminal.</summary>
    internal static async Task<JobDetail> WaitAsync(CommandContext ctx, INodeClient node, string? library, JobSummary job, CancellationToken ct)
    {
        var id = job.Id.ToString("D");
        async Task<JobDetail> Read() => (await node.CallAsync(Operations.JobInfo, new GetJobInfo(library, id), ct).ConfigureAwait(false)).Detail;
        static bool Done(JobSummary s) => s.IsTerminal || s.Status is JobStatus.Paused or JobStatus.UnknownType;
        using var timer = new PeriodicTimer(Poll);
        if (ctx.Output.IsJson || !ctx.Output.Console.Profile.Capabilities.Interactive)
        {
            var detail = await Read().ConfigureAwait(false);
            while (!Done(detail.Job) && await timer.WaitForNextTickAsync(ct).ConfigureAwait(false)) detail = await Read().ConfigureAwait(false);
            return detail;
        }
        JobDetail last = await Read().ConfigureAwait(false);
        await ctx.Output.Console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new SpinnerColumn())
            .StartAsync(async progress =>
            {
                var task = progress.AddTask("queued", autoStart: true, maxValue: 1);
                while (true)
                {
                    if (last.Job.Progress is { } p)
                    {
                        task.Description = Markup.Escape(Shorten(p.Message ?? "", 90));
                        task.IsIndeterminate = p.Total is null;
                        task.MaxValue = Math.Max(1, p.Total ?? 1);
                        task.Value = p.Total is null ? 0 : p.Completed;
                    }
                    if (Done(last.Job) || !await timer.WaitForNextTickAsync(ct).ConfigureAwait(false)) break;
                    last = await Read().ConfigureAwait(false);
                }
                task.StopTask();
            }).ConfigureAwait(false);
        return last;
    }

    internal static string Shorten(string s, int max) => s.Length <= max ? s : "…" + s[^(max - 1)..];

}
