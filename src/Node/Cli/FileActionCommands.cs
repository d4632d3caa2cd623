using System.CommandLine;
using Spacedrive.Messages.Actions;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// `sd file mkdir|rename|delete`: file operations as audited actions. The index follows by itself (a renamed entry
/// keeps its id, tags and metadata); paths outside every location work too. Delete goes to the freedesktop.org trash
/// unless --permanent, runs as a resumable job, and asks for confirmation (or --yes).
/// </summary>
public static class FileActionCommands
{
    public static void Attach(Command file, ActionFactory actions)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(actions);
        file.Subcommands.Add(BuildMkdir(actions));
        file.Subcommands.Add(BuildRename(actions));
        file.Subcommands.Add(BuildDelete(actions));
    }

    private static Command BuildMkdir(ActionFactory actions)
    {
        var library = SearchCommands.LibraryOption();
        var path = new Argument<string>("path") { Description = "The folder to create (its parent must exist)" };
        var dry = DryRun.Option();
        var mkdir = new Command("mkdir", "Create a folder (indexed at once when its parent is)") { path, library, dry };
        actions.Set(mkdir, async (ctx, ct) =>
        {
            var request = new MakeDirectory(ctx.Value(library), Path.GetFullPath(ctx.Value(path)!));
            if (ctx.Value(dry)) return await DryRun.PreviewAsync(ctx, request.Library, "file.mkdir", request, ct).ConfigureAwait(false);
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.FileMkdir, request, ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => c.MarkupLine(Markup.Escape($"Created {r.Path}{(r.Indexed ? " (indexed)" : "")}")));
            return ExitCodes.Ok;
        });
        return mkdir;
    }

    private static Command BuildRename(ActionFactory actions)
    {
        var library = SearchCommands.LibraryOption();
        var path = new Argument<string>("path") { Description = "The file or folder to rename" };
        var newName = new Argument<string>("new-name") { Description = "Its new name (a name, not a path)" };
        var dry = DryRun.Option();
        var rename = new Command("rename", "Rename a file or folder in place (its index entry keeps its id, tags and metadata)") { path, newName, library, dry };
        actions.Set(rename, async (ctx, ct) =>
        {
            var request = new RenameFile(ctx.Value(library), Path.GetFullPath(ctx.Value(path)!), ctx.Value(newName)!);
            if (ctx.Value(dry)) return await DryRun.PreviewAsync(ctx, request.Library, "file.rename", request, ct).ConfigureAwait(false);
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.FileRename, request, ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => c.MarkupLine(Markup.Escape($"Renamed to {r.Path}{(r.Indexed ? " (index updated)" : "")}")));
            return ExitCodes.Ok;
        });
        return rename;
    }

    private static Command BuildDelete(ActionFactory actions)
    {
        var library = SearchCommands.LibraryOption();
        var paths = new Argument<string[]>("paths") { Description = "Files or folders to delete", Arity = ArgumentArity.OneOrMore };
        var permanent = new Option<bool>("--permanent") { Description = "Delete for good instead of moving to the trash" };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (needed when not on a terminal)" };
        var wait = new Option<bool>("--wait", "-w") { Description = "Show progress and return when the job ends (implied when no node runs)" };
        var dry = DryRun.Option();
        var delete = new Command("delete", "Move files or folders to the trash (or delete them for good with --permanent)") { paths, library, permanent, yes, wait, dry };
        actions.Set(delete, async (ctx, ct) =>
        {
            var request = new DeleteFiles(ctx.Value(library), [.. ctx.Value(paths)!.Select(Path.GetFullPath)], ctx.Value(permanent));
            if (ctx.Value(dry)) return await DryRun.PreviewAsync(ctx, request.Library, "file.delete", request, ct).ConfigureAwait(false);
            if (!ctx.Value(yes))
            {
                if (Console.IsInputRedirected || ctx.Output.IsJson || !ctx.Output.Console.Profile.Capabilities.Interactive)
                    return ctx.Output.Error("confirmation_required", "Refusing to delete without confirmation: not on an interactive terminal. Pass --yes (or --dry-run to see what would go).", ExitCodes.UsageError);
                var what = request.Paths.Count == 1 ? $"'{request.Paths[0]}'" : $"{request.Paths.Count} items";
                if (!LibraryCommands.Confirm(ctx, request.Permanent ? $"Permanently delete {what}? This cannot be undone." : $"Move {what} to the trash?"))
                    return ctx.Output.Error("not_confirmed", "Nothing deleted.", ExitCodes.OperationFailed);
            }
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.FileDelete, request, ct).ConfigureAwait(false);
            if (!(ctx.Value(wait) || node.IsInProcess))
            {
                ctx.Output.Result(reply, (c, r) => c.MarkupLine(Markup.Escape($"Deleting {request.Paths.Count} item(s): job {r.Job.Id} queued. Follow it with `sd job watch`.")));
                return ExitCodes.Ok;
            }
            var final = await JobWait.WaitAsync(ctx, node, request.Library, reply.Job, ct).ConfigureAwait(false);
            ctx.Output.Result(reply with { Job = final.Job }, (c, r) => c.MarkupLine(Markup.Escape(
                $"{(request.Permanent ? "Deleted" : "Moved to the trash")}: {request.Paths.Count} item(s); job {r.Job.Id} {r.Job.Status.ToString().ToLowerInvariant()}{(r.Job.Error is { } e ? ": " + e : "")}")));
            return JobWait.ExitCode(final.Job);
        });
        return delete;
    }
}
