using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Spacedrive.Messages.Files;
using Spacedrive.Messages.Jobs;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// `sd file copy SRC... DEST`, `sd file move SRC... DEST`: each a resumable files.transfer job. `--dry-run` prints the
/// preview (files, bytes, free space, conflicts, strategy per item); `--wait` (implied when no node runs) follows the
/// job and exits with its outcome (1 when any file failed). A move, or a copy that overwrites, asks on a terminal
/// and needs `--yes` elsewhere.
/// </summary>
public static class FileTransferCommands
{
    public static void AddTo(Command file, ActionFactory actions)
    {
        ArgumentNullException.ThrowIfNull(file);
        file.Subcommands.Add(Build(actions, TransferMode.Copy));
        file.Subcommands.Add(Build(actions, TransferMode.Move));
    }

    private static Command Build(ActionFactory actions, TransferMode mode)
    {
        var verb = mode == TransferMode.Copy ? "copy" : "move";
        var paths = new Argument<string[]>("paths") { Description = "SRC... DEST: files and folders, then where they go (into DEST when it is a folder or ends with /)", Arity = new ArgumentArity(2, 100_000) };
        var conflict = new Option<string>("--conflict") { Description = "When a name is taken: abort (default: nothing starts), skip, overwrite or keep-both (\"name (1).ext\")", DefaultValueFactory = _ => "abort", HelpName = "POLICY" };
        conflict.AcceptOnlyFromAmong("abort", "skip", "overwrite", "keep-both");
        var verify = new Option<bool>("--verify") { Description = "Read each copy back and compare its BLAKE3 with the source's" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Show progress and return when the job ends (implied when no node runs)" };
        var dryRun = new Option<bool>("--dry-run", "-n") { Description = "Only show what would happen (files, bytes, free space, conflicts, strategies)" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var library = SearchCommands.LibraryOption();
        var command = new Command(verb, mode == TransferMode.Copy
            ? "Copy files and folders (a resumable job; reflink where possible, never a partial file under the final name)"
            : "Move files and folders (a rename on one file system; across volumes: copy, make durable, then remove the source)")
        { paths, conflict, verify, wait, dryRun, yes, library };

        actions.Set(command, async (ctx, ct) =>
        {
            var all = ctx.Value(paths)!;
            var request = new TransferRequest(
                [.. all[..^1].Select(Absolute)], Absolute(all[^1]), mode, ParsePolicy(ctx.Value(conflict)), ctx.Value(verify));
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var lib = ctx.Value(library);
            if (ctx.Value(dryRun))
            {
                var preview = await node.CallAsync(Operations.FilesTransferPreview, new PreviewTransfer(lib, request), ct).ConfigureAwait(false);
                ctx.Output.Result(preview, RenderPreview);
                return ExitCodes.Ok;
            }

            var destructive = mode == TransferMode.Move || request.Conflict == ConflictPolicy.Overwrite;
            if (destructive && !ctx.Value(yes))
            {
                var question = mode == TransferMode.Move
                    ? $"Move {all.Length - 1} item(s) to {request.Destination}? Each source is removed once its copy is safe."
                    : $"Copy {all.Length - 1} item(s) to {request.Destination}, replacing files that have the same names?";
                if (!LibraryCommands.Confirm(ctx, question))
                    return ctx.Output.Error("not_confirmed", $"Nothing {(mode == TransferMode.Move ? "moved" : "copied")}: confirm on a terminal, or pass --yes.", ExitCodes.OperationFailed);
            }

            var started = await node.CallAsync(mode == TransferMode.Copy ? Operations.FilesCopy : Operations.FilesMove, new StartTransfer(lib, request), ct).ConfigureAwait(false);
            if (!(ctx.Value(wait) || node.IsInProcess))
            {
                ctx.Output.Result(started, (c, s) => c.MarkupLine(Markup.Escape(
                    $"{Cap(verb)} of {Count(s.Preview.Files)} files ({HumanFormat.Bytes(s.Preview.Bytes)}) queued as job {s.Job.Id}. Follow it with `sd job watch`.")));
                return ExitCodes.Ok;
            }
            if (!ctx.Output.IsJson)
                ctx.Output.Console.MarkupLine(Markup.Escape($"{Cap(verb)} {Count(started.Preview.Files)} files ({HumanFormat.Bytes(started.Preview.Bytes)}) to {started.Preview.Destination}, job {started.Job.Id}"));
            var final = await JobWait.WaitAsync(ctx, node, lib, started.Job, ct).ConfigureAwait(false);
            if (final.Job.IsTerminal && started.AuditId is { } audit)
                await UntilAuditedAsync(node, lib, verb, audit, ct).ConfigureAwait(false);
            ctx.Output.Result(new { job = started.Job, preview = started.Preview, result = final, audit_id = started.AuditId }, (c, _) => RenderResult(c, final));
            var failed = final.Output is { } o && o.TryGetProperty("failed", out var f) ? f.GetInt64() : 0;
            return final.Job.Status == JobStatus.Completed && failed == 0 ? ExitCodes.Ok : ExitCodes.OperationFailed;
        });
        return command;
    }

    /// <summary>
    /// The action's audit record completes once the index has followed the job (reconcile of the destinations): waiting
    /// for it means the index is up to date when the command returns (and an in-process node is not stopped midway).
    /// </summary>
    private static async Task UntilAuditedAsync(INodeClient node, string? library, string verb, Guid audit, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromMinutes(10));
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        try
        {
            do
            {
                var records = await node.CallAsync(Operations.AuditList, new Spacedrive.Messages.Actions.ListAuditLog(library, 200, "file." + verb), deadline.Token).ConfigureAwait(false);
                if (records.Records.FirstOrDefault(r => r.Id == audit) is not { Result: "pending" }) return;
            }
            while (await timer.WaitForNextTickAsync(deadline.Token).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // The index update takes very long: the job's result stands, the record completes on its own.
        }
    }

    /// <summary>Absolute, keeping a trailing '/' (it means "into a folder").</summary>
    private static string Absolute(string path)
    {
        var full = Path.GetFullPath(path);
        return path.EndsWith('/') && !full.EndsWith('/') ? full + "/" : full;
    }

    private static ConflictPolicy ParsePolicy(string? value) => value switch
    {
        "skip" => ConflictPolicy.Skip,
        "overwrite" => ConflictPolicy.Overwrite,
        "keep-both" => ConflictPolicy.KeepBoth,
        _ => ConflictPolicy.Abort,
    };

    private static string Cap(string s) => char.ToUpperInvariant(s[0]) + s[1..];

    private static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static void RenderPreview(IAnsiConsole c, TransferPreview p)
    {
        var verb = p.Mode == TransferMode.Copy ? "copy" : "move";
        c.MarkupLine(Markup.Escape($"Would {verb} {Count(p.Files)} files, {Count(p.Directories)} folders, {Count(p.Symlinks)} symlinks ({HumanFormat.Bytes(p.Bytes)}) to {p.Destination}"));
        c.MarkupLine(Markup.Escape($"  to write: {HumanFormat.Bytes(p.BytesToWrite)}; free there: {HumanFormat.Bytes(p.FreeBytes)}") + (p.Fits ? " [green]fits[/]" : " [red]does not fit[/]"));
        c.MarkupLine(Markup.Escape("  strategies: " + string.Join(", ", p.Strategies.Select(s => $"{s.Key} {Count(s.Value)}"))));
        if (p.ConflictCount > 0)
        {
            c.MarkupLine(Markup.Escape($"  {Count(p.ConflictCount)} name(s) already taken (policy {(p.Conflict == ConflictPolicy.KeepBoth ? "keep-both" : p.Conflict.ToString().ToLowerInvariant())}):"));
            foreach (var x in p.Conflicts.Take(20)) c.MarkupLine(Markup.Escape($"    {x.Destination}: {x.Resolution.Replace('_', ' ')}"));
        }
        var table = new Table().AddColumns("Source", "Destination", "Strategy", "Size");
        table.Columns[3].RightAligned();
        foreach (var i in p.Items.Take(50)) table.AddRow(new Text(i.Source), new Text(i.Destination), new Text(i.Strategy + (i.Conflict is null ? "" : $" ({i.Conflict})")), new Text(HumanFormat.Bytes(i.Size)));
        if (p.Items.Count > 0) c.Write(table);
        if (p.Items.Count > 50 || p.ItemsTruncated) c.MarkupLine("  … more items (--json lists up to spacedrive.files.transfer.preview-items)");
        foreach (var w in p.Warnings) c.MarkupLine($"  [yellow]warning[/] {Markup.Escape(w)}");
    }

    private static void RenderResult(IAnsiConsole c, JobDetail d)
    {
        var j = d.Job;
        var color = j.Status == JobStatus.Completed ? "green" : j.Status == JobStatus.Failed ? "red" : "yellow";
        c.MarkupLine($"Job {j.Id} [{color}]{j.Status.ToString().ToLowerInvariant()}[/] after {HumanFormat.Duration(TimeSpan.FromSeconds(j.ActiveSeconds))}" +
            (j.Error is { } e ? $": {Markup.Escape(e)}" : ""));
        if (d.Output is { } o)
        {
            long L(string name) => o.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
            c.MarkupLine(Markup.Escape($"  {Count(L("files"))} files, {Count(L("directories"))} folders, {HumanFormat.Bytes(L("bytes"))}; " +
                $"{Count(L("skipped"))} skipped, {Count(L("failed"))} failed, {Count(L("verified"))} verified"));
            if (o.TryGetProperty("failures", out var failures))
                foreach (var f in failures.EnumerateArray().Take(10))
                    c.MarkupLine($"  [red]failed[/] {Markup.Escape(f.GetProperty("source").GetString() ?? "")}: {Markup.Escape(f.GetProperty("error").GetString() ?? "")}");
        }
        foreach (var w in d.WarningMessages.Take(5)) c.MarkupLine($"  [yellow]warning[/] {Markup.Escape(w)}");
    }
}
