using System.CommandLine;
using Spacedrive.Messages.Actions;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// `--dry-run` of every mutating command: asks the node for the action's preview (API <c>actions.preview</c>) and shows
/// it; nothing changes. Exit code 1 when a conflict would stop the action.
/// </summary>
internal static class DryRun
{
    internal static Option<bool> Option() => new("--dry-run") { Description = "Show what would change (files, bytes, conflicts) and change nothing" };

    internal static async Task<int> PreviewAsync<T>(CommandContext ctx, string? library, string action, T request, CancellationToken ct)
    {
        await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
        var reply = await node.CallAsync(Operations.ActionPreview, ActionPreviews.For(library, action, request), ct).ConfigureAwait(false);
        ctx.Output.Result(reply, Render);
        return reply.Preview.Allowed ? ExitCodes.Ok : ExitCodes.OperationFailed;
    }

    internal static void Render(IAnsiConsole console, ActionPreviewReply reply)
    {
        var p = reply.Preview;
        console.MarkupLine($"[bold]Dry run[/] ({Markup.Escape(p.Action)}): {Markup.Escape(p.Summary)}");
        if (p.Changes.Count > 0)
        {
            var table = new Table().AddColumns("Change", "Target", "Detail");
            foreach (var c in p.Changes) table.AddRow(Markup.Escape(c.Change), Markup.Escape(c.Target), Markup.Escape(c.Detail ?? ""));
            console.Write(table);
        }
        if (p.Files > 0 || p.Bytes > 0) console.MarkupLine(Markup.Escape($"{p.Files:N0} file(s), {p.Bytes:N0} byte(s)"));
        if (p.FreeBytes is { } free) console.MarkupLine(Markup.Escape($"{free:N0} byte(s) free"));
        if (p.StartsJob) console.MarkupLine("Would start a background job.");
        foreach (var c in p.Conflicts) console.MarkupLine($"[red]conflict[/] {Markup.Escape(c.Code)}: {Markup.Escape(c.Message)}");
        console.MarkupLine("Nothing was changed.");
    }
}
