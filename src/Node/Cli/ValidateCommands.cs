using System.CommandLine;
using System.Text.Json;
using Spacedrive.Messages.Content;
using Spacedrive.Messages.Jobs;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// `sd file validate [LOCATION|PATH]`: queues a validation job that reads every indexed file of the target whole, compares
/// it with the index (changed, missing, corrupt) and records its full-file hash; `--wait` shows progress and the findings.
/// </summary>
public static class ValidateCommands
{
    public static Command Build(ActionFactory actions)
    {
        var target = new Argument<string?>("target")
        {
            Description = "A location (id, name, uuid or path), an indexed file or folder under one, or nothing for the whole library",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var library = SearchCommands.LibraryOption();
        var wait = new Option<bool>("--wait", "-w") { Description = "Show progress and return when the job ends, with its findings (implied when no node runs)" };
        var validate = new Command("validate",
            "Check indexed files against the disk: reads every byte, reports changed (index stale), missing and corrupt files (same size and mtime, other bytes), and records full-file hashes")
        { target, library, wait };
        actions.Set(validate, async (ctx, ct) =>
        {
            var raw = ctx.Value(target);
            // A path as typed (relative, ~-less) becomes absolute; a location name stays as is.
            var resolved = raw is null ? null
                : raw.Contains('/', StringComparison.Ordinal) || raw is "." or ".." || File.Exists(raw) || Directory.Exists(raw) ? Path.GetFullPath(raw) : raw;
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var lib = ctx.Value(library);
            var queued = await node.CallAsync(Operations.FilesValidate, new ValidateFiles(lib, resolved), ct).ConfigureAwait(false);
            var what = queued.Scope.Path is null ? "the whole library" : $"{queued.Scope.Kind} {queued.Scope.Path}";
            if (!(ctx.Value(wait) || node.IsInProcess))
            {
                ctx.Output.Result(new { scope = queued.Scope, job = queued.Job }, (c, _) =>
                    c.MarkupLine($"Validating {Markup.Escape(what)}: job {queued.Job.Id} queued. Follow it with `sd job watch`, results in `sd job info {queued.Job.Id}`."));
                return ExitCodes.Ok;
            }
            ctx.Output.Info($"Validating {what}…");
            var final = await JobWait.WaitAsync(ctx, node, lib, queued.Job, ct).ConfigureAwait(false);
            ctx.Output.Result(new { scope = queued.Scope, job = queued.Job, result = final }, (c, _) => Render(c, final));
            if (final.Job.Status != JobStatus.Completed) return ExitCodes.OperationFailed;
            // Findings are a failed check: scripts see them in the exit code.
            return final.Output is { } o && (Count(o, "corrupt") > 0 || Count(o, "missing") > 0 || Count(o, "changed") > 0 || Count(o, "unreadable") > 0)
                ? ExitCodes.OperationFailed : ExitCodes.Ok;
        });
        return validate;
    }

    private static long Count(JsonElement output, string name) => output.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;

    private static void Render(IAnsiConsole c, JobDetail d)
    {
        var j = d.Job;
        var color = j.Status == JobStatus.Completed ? "green" : j.Status == JobStatus.Failed ? "red" : "yellow";
        c.MarkupLine($"Job {j.Id} [{color}]{j.Status.ToString().ToLowerInvariant()}[/] after {HumanFormat.Duration(TimeSpan.FromSeconds(j.ActiveSeconds))}" +
            (j.Error is { } e ? $": {Markup.Escape(e)}" : ""));
        if (d.Output is not { } o) return;
        c.MarkupLine($"  {HumanFormat.Count(Count(o, "files"))} files, {HumanFormat.Bytes(Count(o, "bytes_hashed"))} read: " +
            $"[green]{HumanFormat.Count(Count(o, "ok"))} ok[/], {HumanFormat.Count(Count(o, "changed"))} changed, {HumanFormat.Count(Count(o, "missing"))} missing, " +
            $"{(Count(o, "corrupt") > 0 ? "[red]" : "")}{HumanFormat.Count(Count(o, "corrupt"))} corrupt{(Count(o, "corrupt") > 0 ? "[/]" : "")}, " +
            $"{HumanFormat.Count(Count(o, "unreadable"))} unreadable, {HumanFormat.Count(Count(o, "unverified"))} not identified");
        void List(string property, string label, string color)
        {
            if (!o.TryGetProperty(property, out var items) || items.GetArrayLength() == 0) return;
            var shown = 0;
            foreach (var item in items.EnumerateArray())
            {
                if (shown++ == 20) break;
                var line = item.ValueKind == JsonValueKind.String ? item.GetString()! : $"{item.GetProperty("path").GetString()}: {item.GetProperty("reason").GetString()}";
                c.MarkupLine($"  [{color}]{label}[/] {Markup.Escape(line)}");
            }
            if (items.GetArrayLength() > 20) c.MarkupLine($"  … {items.GetArrayLength() - 20} more (`sd job info {d.Job.Id} --json`)");
        }
        List("corrupt_files", "corrupt", "red");
        List("missing_files", "missing", "yellow");
        List("changed_files", "changed", "yellow");
        List("unreadable_files", "unreadable", "yellow");
    }
}
