using System.CommandLine;
using System.Globalization;
using Spacedrive.Messages.Actions;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd audit list|verify`: the library's audit log of committed actions, and the check of its hash chain.</summary>
public static class AuditCommands
{
    public static Command Build(ActionFactory actions)
    {
        var audit = new Command("audit", "The library's tamper-evident log of every committed action");
        {
            var library = SearchCommands.LibraryOption();
            var limit = new Option<int>("--limit") { Description = "Records to show, newest first (default 50)", DefaultValueFactory = _ => 50 };
            var action = new Option<string?>("--action") { Description = "Only this action (e.g. file.delete), or a prefix ending in '.' (e.g. tag.)" };
            var list = new Command("list", "List audit records, newest first") { library, limit, action };
            actions.Set(list, async (ctx, ct) =>
            {
                await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
                var reply = await node.CallAsync(Operations.AuditList, new ListAuditLog(ctx.Value(library), ctx.Value(limit), ctx.Value(action)), ct).ConfigureAwait(false);
                ctx.Output.Result(reply, RenderList);
                return ExitCodes.Ok;
            });
            audit.Subcommands.Add(list);
        }
        {
            var library = SearchCommands.LibraryOption();
            var verify = new Command("verify", "Check every record against the hash chain and its head; exit 1 naming the first bad record") { library };
            actions.Set(verify, async (ctx, ct) =>
            {
                await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
                var reply = await node.CallAsync(Operations.AuditVerify, new VerifyAuditLog(ctx.Value(library)), ct).ConfigureAwait(false);
                if (ctx.Output.IsJson) ctx.Output.Json(reply);
                else if (reply.Ok)
                    ctx.Output.Console.MarkupLine(Markup.Escape($"Audit log intact: {reply.Records} record(s), head {Short(reply.HeadHash)}."));
                else
                    ctx.Output.Stderr.WriteLine($"error: audit log broken at record {reply.FirstBadSeq}{(reply.FirstBadId is { } id ? $" ({id})" : "")}: {reply.Problem}");
                return reply.Ok ? ExitCodes.Ok : ExitCodes.OperationFailed;
            });
            audit.Subcommands.Add(verify);
        }
        return audit;
    }

    private static string Short(string? hash) => hash is null ? "(empty)" : hash[..Math.Min(16, hash.Length)];

    private static void RenderList(IAnsiConsole console, AuditListReply reply)
    {
        if (reply.Records.Count == 0)
        {
            console.MarkupLine("No audit records.");
            return;
        }
        var table = new Table().AddColumns("#", "When", "Action", "Targets", "Result", "Job", "Hash");
        foreach (var r in reply.Records)
        {
            table.AddRow(r.Seq.ToString(CultureInfo.InvariantCulture), r.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                Markup.Escape(r.Action), Markup.Escape(JobWait.Shorten(string.Join(", ", r.Targets), 60)),
                Markup.Escape(r.Result + (r.Error is null ? "" : ": " + JobWait.Shorten(r.Error, 40))),
                r.JobId?.ToString("D")[..8] ?? "", Short(r.Hash));
        }
        console.Write(table);
    }
}
