using System.CommandLine;
using Spacedrive.Messages.Libraries;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd library create|list|info|rename|delete`.</summary>
public static class LibraryCommands
{
    public static Command Build(ActionFactory actions)
    {
        var library = new Command("library", "Create, inspect, rename and delete libraries");

        var createName = new Argument<string>("name") { Description = "The new library's name" };
        var create = new Command("create", "Create a library") { createName };
        actions.Set(create, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var created = await node.CallAsync(Operations.LibraryCreate, new CreateLibrary(ctx.Value(createName)!), ct).ConfigureAwait(false);
            ctx.Output.Result(created, (c, l) => c.MarkupLine($"Created library [bold]{Markup.Escape(l.Name)}[/] ({l.Id})"));
            return ExitCodes.Ok;
        });

        var list = new Command("list", "List the libraries of this node");
        actions.Set(list, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.LibraryList, EmptyRequest.Instance, ct).ConfigureAwait(false);
            ctx.Output.Result(reply, RenderList);
            return ExitCodes.Ok;
        });

        var infoTarget = new Argument<string?>("library") { Description = "Id, unique id prefix, or name (default: the only or default library)", Arity = ArgumentArity.ZeroOrOne };
        var info = new Command("info", "Show a library's counts, sizes and locations") { infoTarget };
        actions.Set(info, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.LibraryInfo, new GetLibraryInfo(ctx.Value(infoTarget)), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, RenderInfo);
            return reply.Library.State == LibraryState.Open ? ExitCodes.Ok : ExitCodes.OperationFailed;
        });

        var renameTarget = new Argument<string>("library") { Description = "Id, unique id prefix, or name" };
        var renameTo = new Argument<string>("new-name") { Description = "The new name" };
        var rename = new Command("rename", "Rename a library") { renameTarget, renameTo };
        actions.Set(rename, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var renamed = await node.CallAsync(Operations.LibraryRename, new RenameLibrary(ctx.Value(renameTarget)!, ctx.Value(renameTo)!), ct).ConfigureAwait(false);
            ctx.Output.Result(renamed, (c, l) => c.MarkupLine($"Renamed library {l.Id} to [bold]{Markup.Escape(l.Name)}[/]"));
            return ExitCodes.Ok;
        });

        var deleteTarget = new Argument<string>("library") { Description = "Id, unique id prefix, or name" };
        var deleteData = new Option<bool>("--delete-data") { Description = "Also delete the library's folder (its database and sidecars); your files are never touched" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var force = new Option<bool>("--force") { Description = "Delete even while jobs run (they are cancelled)" };
        var delete = new Command("delete", "Remove a library from this node") { deleteTarget, deleteData, yes, force };
        actions.Set(delete, async (ctx, ct) =>
        {
            var target = ctx.Value(deleteTarget)!;
            if (!ctx.Value(yes) && !Confirm(ctx, $"Delete library '{target}'{(ctx.Value(deleteData) ? " and its data folder" : "")}?"))
                return ctx.Output.Error("not_confirmed", "Not deleted: confirm on a terminal, or pass --yes.", ExitCodes.OperationFailed);
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var deleted = await node.CallAsync(Operations.LibraryDelete, new DeleteLibrary(target, ctx.Value(deleteData), ctx.Value(force)), ct).ConfigureAwait(false);
            ctx.Output.Result(deleted, (c, d) => c.MarkupLine($"Deleted library [bold]{Markup.Escape(d.Name)}[/] ({d.Id}){(d.DataDeleted ? " and its data" : "; its folder was kept")}"));
            return ExitCodes.Ok;
        });

        library.Subcommands.Add(create);
        library.Subcommands.Add(list);
        library.Subcommands.Add(info);
        library.Subcommands.Add(rename);
        library.Subcommands.Add(delete);
        return library;
    }

    /// <summary>Destructive commands ask on a terminal; without one they require --yes.</summary>
    internal static bool Confirm(CommandContext ctx, string question)
    {
        if (Console.IsInputRedirected || ctx.Output.IsJson) return false;
        return ctx.Output.Console.Confirm(Markup.Escape(question), defaultValue: false);
    }

    private static void RenderList(IAnsiConsole console, LibraryListReply reply)
    {
        if (reply.Libraries.Count == 0)
        {
            console.MarkupLine("No libraries. Create one with [bold]sd library create NAME[/].");
            return;
        }
        var table = new Table().AddColumns("Name", "Id", "State", "Created", "Path");
        foreach (var l in reply.Libraries)
        {
            var state = l.State == LibraryState.Open ? "[green]open[/]" : $"[red]unavailable[/]: {Markup.Escape(l.Reason ?? "")}";
            table.AddRow(Markup.Escape(l.Name), l.Id.ToString(), state, l.CreatedAt.ToLocalTime().ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture), Markup.Escape(l.Path));
        }
        console.Write(table);
    }

    private static void RenderInfo(IAnsiConsole console, LibraryInfoReply reply)
    {
        var l = reply.Library;
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Name[/]", Markup.Escape(l.Name));
        grid.AddRow("[bold]Id[/]", l.Id.ToString());
        grid.AddRow("[bold]State[/]", l.State == LibraryState.Open ? "[green]open[/]" : $"[red]unavailable[/]: {Markup.Escape(l.Reason ?? "")}");
        grid.AddRow("[bold]Path[/]", Markup.Escape(l.Path));
        if (reply.Statistics is { } s)
        {
            grid.AddRow("[bold]Entries[/]", $"{s.Entries:N0} ({s.Files:N0} files, {s.Directories:N0} folders)");
            grid.AddRow("[bold]Total size[/]", HumanFormat.Bytes(s.TotalBytes));
            grid.AddRow("[bold]Unique contents[/]", s.ContentIdentities.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("[bold]Locations[/]", s.Locations.ToString(System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("[bold]Tags[/]", s.Tags.ToString(System.Globalization.CultureInfo.InvariantCulture));
            grid.AddRow("[bold]Database[/]", $"{HumanFormat.Bytes(s.DatabaseBytes)} (journal {HumanFormat.Bytes(s.JournalBytes)})");
        }
        console.Write(grid);
        if (reply.Locations.Count > 0)
        {
            var table = new Table().AddColumns("Location", "Path", "Mode", "Files", "Size", "Online");
            foreach (var loc in reply.Locations)
                table.AddRow(Markup.Escape(loc.Name), Markup.Escape(loc.Path), loc.Mode, loc.Files.ToString("N0", System.Globalization.CultureInfo.InvariantCulture), HumanFormat.Bytes(loc.Bytes), loc.Online ? "yes" : "[yellow]offline[/]");
            console.Write(table);
        }
    }
}
