using System.CommandLine;
using System.Globalization;
using Spacedrive.Messages.Content;
using Spacedrive.Messages.Search;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd dup`: duplicate files from the index (content identity), biggest wasted bytes first; `--proven` confirms each group with full hashes.</summary>
public static class DupCommands
{
    public static Command Build(ActionFactory actions)
    {
        var library = SearchCommands.LibraryOption();
        var location = new Option<string?>("--location") { Description = "Only copies inside this location (id, name, uuid or path)", HelpName = "LOCATION" };
        var minSize = new Option<string?>("--min-size") { Description = "Only files of at least this size: bytes, 10MB, 1.5GiB, 4K", HelpName = "SIZE" };
        var proven = new Option<bool>("--proven")
        {
            Description = "Confirm every group with full-file hashes: reads every byte of every duplicate not yet validated (slow on big sets; "
                + "`sd file validate` records them in the background), stores the hashes, and splits groups whose copies differ",
        };
        var limit = new Option<int>("--limit") { Description = "Groups to show (default 100; the totals count all)", DefaultValueFactory = _ => 100 };
        var dup = new Command("dup", "Find duplicate files by content: groups of copies, wasted bytes, biggest first (no file is read unless --proven)")
        {
            library, location, minSize, proven, limit,
        };
        actions.Set(dup, async (ctx, ct) =>
        {
            long min = 0;
            if (ctx.Value(minSize) is { } text && !QueryValues.TryParseSize(text, out min))
                return ctx.Output.Error(ErrorCodes.BadRequest, $"'{text}' is not a size: use bytes or a unit, e.g. 4096, 10MB, 1.5GiB.", ExitCodes.UsageError);
            if (ctx.Value(limit) < 0) return ctx.Output.Error(ErrorCodes.BadRequest, "--limit must not be negative.", ExitCodes.UsageError);
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.FilesDuplicates,
                new FindDuplicates(ctx.Value(library), ctx.Value(location), min, ctx.Value(proven), ctx.Value(limit)), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, Render);
            return ExitCodes.Ok;
        });
        return dup;
    }

    private static void Render(IAnsiConsole c, DuplicatesReply r)
    {
        c.MarkupLine(r.TotalGroups == 0
            ? "No duplicates."
            : $"[bold]{HumanFormat.Count(r.TotalGroups)}[/] groups of copies, {HumanFormat.Count(r.TotalFiles)} files: [bold]{HumanFormat.Bytes(r.TotalWastedBytes)}[/] wasted" +
              (r.ProvenRequested ? $" (proven with full hashes; {HumanFormat.Count(r.HashedFiles)} files read)" : ""));
        if (r.NotCopies > 0)
            c.MarkupLine($"[yellow]{HumanFormat.Count(r.NotCopies)}[/] content ids group files that are not copies (same samples, different bytes): listed as [red]not copies[/].");
        foreach (var g in r.Groups)
        {
            var proof = g.Proven switch
            {
                true => g.Split ? "[green]proven[/] (split: other copies of this id differ)" : "[green]proven[/]",
                false => "[red]not copies[/]: same sampled id, different bytes",
                null => "[grey]sampled[/]",
            };
            c.MarkupLine($"{HumanFormat.Bytes(g.WastedBytes)} wasted · {g.Count} × {HumanFormat.Bytes(g.Size)} · {g.ContentHash} · {proof}");
            foreach (var p in g.Paths) c.MarkupLine("  " + Markup.Escape(p));
        }
        if (r.Groups.Count < r.TotalGroups)
            c.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"… {r.TotalGroups - r.Groups.Count} more groups (--limit)"));
    }
}
