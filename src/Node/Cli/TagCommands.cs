using System.CommandLine;
using System.Globalization;
using Spacedrive.Messages.Tags;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd tag create|list|tree|show|apply|remove|rename|link|unlink|delete`.</summary>
public static class TagCommands
{
    public static Command Build(ActionFactory actions)
    {
        var tag = new Command("tag", "Create tags, arrange them in a hierarchy and apply them to files");

        {
            var library = SearchCommands.LibraryOption();
            var name = new Argument<string>("name") { Description = "The tag's name" };
            var ns = new Option<string?>("--namespace") { Description = "A namespace, e.g. project (then named project:NAME)" };
            var display = new Option<string?>("--display-name") { Description = "Name to show instead" };
            var alias = new Option<string[]>("--alias") { Description = "Another name it answers to (repeatable)" };
            var color = new Option<string?>("--color") { Description = "Color, e.g. #3b82f6" };
            var description = new Option<string?>("--description") { Description = "What the tag means" };
            var privacy = new Option<TagPrivacy>("--privacy") { Description = "normal, archive (its files leave search unless --include-archived) or hidden", DefaultValueFactory = _ => TagPrivacy.Normal };
            var parent = new Option<string[]>("--parent") { Description = "A parent tag (repeatable: a tag may have several)" };
            var dry = DryRun.Option();
            var create = new Command("create", "Create a tag") { name, library, ns, display, alias, color, description, privacy, parent, dry };
            actions.Set(create, (ctx, ct) => Call(ctx, Operations.TagCreate, new CreateTag(ctx.Value(library), ctx.Value(name)!, ctx.Value(ns), ctx.Value(display),
                ctx.Value(alias), ctx.Value(color), ctx.Value(description), ctx.Value(privacy), ctx.Value(parent)), (c, r) => c.MarkupLine($"Created tag [bold]{Markup.Escape(Label(r.Tag))}[/] ({r.Tag.Id})"), ct,
                ctx.Value(dry) ? "tag.create" : null));
            tag.Subcommands.Add(create);
        }
        {
            var library = SearchCommands.LibraryOption();
            var ns = new Option<string?>("--namespace") { Description = "Only this namespace" };
            var all = new Option<bool>("--all") { Description = "Include hidden-privacy tags" };
            var list = new Command("list", "List tags with how often each is applied") { library, ns, all };
            actions.Set(list, (ctx, ct) => Call(ctx, Operations.TagList, new ListTags(ctx.Value(library), ctx.Value(ns), ctx.Value(all)), RenderList, ct));
            tag.Subcommands.Add(list);
        }
        {
            var library = SearchCommands.LibraryOption();
            var all = new Option<bool>("--all") { Description = "Include hidden-privacy tags" };
            var tree = new Command("tree", "Show the tag hierarchy") { library, all };
            actions.Set(tree, (ctx, ct) => Call(ctx, Operations.TagTree, new GetTagTree(ctx.Value(library), ctx.Value(all)), RenderTree, ct));
            tag.Subcommands.Add(tree);
        }
        {
            var library = SearchCommands.LibraryOption();
            var which = new Argument<string>("tag") { Description = "Name, namespace:name, alias or id" };
            var limit = new Option<int>("--limit") { Description = "Tagged entries to show (default 50)", DefaultValueFactory = _ => 50 };
            var show = new Command("show", "Show a tag, its parents and children and the entries carrying it") { which, library, limit };
            actions.Set(show, (ctx, ct) => Call(ctx, Operations.TagShow, new ShowTag(ctx.Value(library), ctx.Value(which)!, ctx.Value(limit)), RenderDetails, ct));
            tag.Subcommands.Add(show);
        }
        tag.Subcommands.Add(BuildApply(actions, "apply", "Apply a tag to files or folders (by path or entry id)", remove: false));
        tag.Subcommands.Add(BuildApply(actions, "remove", "Remove a tag from files or folders", remove: true));
        {
            var library = SearchCommands.LibraryOption();
            var which = new Argument<string>("tag") { Description = "Name, namespace:name, alias or id" };
            var newName = new Argument<string>("new-name") { Description = "The new name" };
            var dry = DryRun.Option();
            var rename = new Command("rename", "Rename a tag (its applications stay)") { which, newName, library, dry };
            actions.Set(rename, (ctx, ct) => Call(ctx, Operations.TagUpdate, new UpdateTag(ctx.Value(library), ctx.Value(which)!, NewName: ctx.Value(newName)),
                (c, r) => c.MarkupLine($"Renamed to [bold]{Markup.Escape(Label(r.Tag))}[/]"), ct, ctx.Value(dry) ? "tag.update" : null));
            tag.Subcommands.Add(rename);
        }
        foreach (var (verb, add) in new[] { ("link", true), ("unlink", false) })
        {
            var library = SearchCommands.LibraryOption();
            var child = new Argument<string>("tag") { Description = "The child tag" };
            var parent = new Argument<string>("parent") { Description = "The parent tag" };
            var dry = DryRun.Option();
            var command = new Command(verb, add ? "Put a tag under a parent (cycles are refused)" : "Take a tag out from under a parent") { child, parent, library, dry };
            actions.Set(command, (ctx, ct) => Call(ctx, Operations.TagUpdate,
                new UpdateTag(ctx.Value(library), ctx.Value(child)!, AddParents: add ? [ctx.Value(parent)!] : null, RemoveParents: add ? null : [ctx.Value(parent)!]),
                (c, r) => c.MarkupLine($"[bold]{Markup.Escape(Label(r.Tag))}[/] has {r.Tag.Parents.Count} parent(s)"), ct, ctx.Value(dry) ? "tag.update" : null));
            tag.Subcommands.Add(command);
        }
        {
            var library = SearchCommands.LibraryOption();
            var which = new Argument<string>("tag") { Description = "Name, namespace:name, alias or id" };
            var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
            var dry = DryRun.Option();
            var delete = new Command("delete", "Delete a tag and its applications (its child tags stay)") { which, library, yes, dry };
            actions.Set(delete, async (ctx, ct) =>
            {
                if (ctx.Value(dry))
                    return await DryRun.PreviewAsync(ctx, ctx.Value(library), "tag.delete", new DeleteTag(ctx.Value(library), ctx.Value(which)!), ct).ConfigureAwait(false);
                if (!ctx.Value(yes) && !LibraryCommands.Confirm(ctx, $"Delete tag '{ctx.Value(which)}' and remove it from every file?"))
                    return ctx.Output.Error("not_confirmed", "Not deleted: confirm on a terminal, or pass --yes.", ExitCodes.OperationFailed);
                return await Call(ctx, Operations.TagDelete, new DeleteTag(ctx.Value(library), ctx.Value(which)!),
                    (c, d) => c.MarkupLine($"Deleted tag [bold]{Markup.Escape(d.Name)}[/] ({d.Applications} application(s))"), ct).ConfigureAwait(false);
            });
            tag.Subcommands.Add(delete);
        }
        return tag;
    }

    private static Command BuildApply(ActionFactory actions, string verb, string description, bool remove)
    {
        var library = SearchCommands.LibraryOption();
        var which = new Argument<string>("tag") { Description = "Name, namespace:name, alias or id" };
        var targets = new Argument<string[]>("targets") { Description = "Paths of indexed files or folders, or entry ids", Arity = ArgumentArity.OneOrMore };
        var content = new Option<bool>("--content") { Description = "Tag the content: every copy of the file, including copies indexed later" };
        var dry = DryRun.Option();
        var command = new Command(verb, description) { which, targets, library, content, dry };
        actions.Set(command, (ctx, ct) =>
        {
            var list = ctx.Value(targets)!.Select(t => Guid.TryParse(t, out _) ? t : Path.GetFullPath(t)).ToList();
            var scope = ctx.Value(content) ? TagScope.Content : TagScope.Entry;
            void Done(IAnsiConsole c, TagsApplied r) =>
                c.MarkupLine(Markup.Escape($"{(remove ? "Removed" : "Applied")} '{ctx.Value(which)}' {(remove ? "from" : "to")} {r.Changed} of {r.Targets.Count} {(scope == TagScope.Content ? "content(s)" : "entr(ies)")}"));
            return remove
                ? Call(ctx, Operations.TagRemove, new RemoveTags(ctx.Value(library), [ctx.Value(which)!], list, scope), Done, ct, ctx.Value(dry) ? "tag.remove" : null)
                : Call(ctx, Operations.TagApply, new ApplyTags(ctx.Value(library), [ctx.Value(which)!], list, scope), Done, ct, ctx.Value(dry) ? "tag.apply" : null);
        });
        return command;
    }

    private static async Task<int> Call<TRequest, TReply>(CommandContext ctx, ApiOperation<TRequest, TReply> operation, TRequest request,
        Action<IAnsiConsole, TReply> render, CancellationToken ct, string? dryRunAction = null)
    {
        if (dryRunAction is not null)
            return await DryRun.PreviewAsync(ctx, (request as ITagRequest)?.Library, dryRunAction, request, ct).ConfigureAwait(false);
        await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
        var reply = await node.CallAsync(operation, request, ct).ConfigureAwait(false);
        ctx.Output.Result(reply, render);
        return ExitCodes.Ok;
    }

    private static string Label(TagInfo t) => t.Namespace is null ? t.Name : $"{t.Namespace}:{t.Name}";

    private static void RenderList(IAnsiConsole console, TagListReply reply)
    {
        if (reply.Tags.Count == 0)
        {
            console.MarkupLine("No tags. Create one with [bold]sd tag create NAME[/].");
            return;
        }
        var table = new Table().AddColumns("Tag", "Applied", "Privacy", "Aliases", "Id");
        foreach (var t in reply.Tags)
        {
            table.AddRow(Markup.Escape(Label(t) + (t.Color is { } color ? $" ({color})" : "")), t.Applications.ToString("N0", CultureInfo.InvariantCulture),
                t.Privacy.ToString().ToLowerInvariant(), Markup.Escape(string.Join(", ", t.Aliases)), t.Id.ToString());
        }
        console.Write(table);
    }

    private static void RenderTree(IAnsiConsole console, TagTreeReply reply)
    {
        if (reply.Roots.Count == 0)
        {
            console.MarkupLine("No tags.");
            return;
        }
        var tree = new Tree("[bold]tags[/]");
        void Add(IHasTreeNodes parent, TagTreeNode node)
        {
            var child = parent.AddNode(Markup.Escape(node.Namespace is null ? node.Name : $"{node.Namespace}:{node.Name}"));
            foreach (var c in node.Children) Add(child, c);
        }
        foreach (var root in reply.Roots) Add(tree, root);
        console.Write(tree);
    }

    private static void RenderDetails(IAnsiConsole console, TagDetails d)
    {
        var grid = new Grid().AddColumn().AddColumn();
        grid.AddRow("[bold]Tag[/]", Markup.Escape(Label(d.Tag)));
        grid.AddRow("[bold]Id[/]", d.Tag.Id.ToString());
        if (d.Tag.Description is { } description) grid.AddRow("[bold]Description[/]", Markup.Escape(description));
        if (d.Tag.Aliases.Count > 0) grid.AddRow("[bold]Aliases[/]", Markup.Escape(string.Join(", ", d.Tag.Aliases)));
        grid.AddRow("[bold]Privacy[/]", d.Tag.Privacy.ToString().ToLowerInvariant());
        grid.AddRow("[bold]Parents[/]", Markup.Escape(string.Join(", ", d.Parents.Select(Label))));
        grid.AddRow("[bold]Children[/]", Markup.Escape(string.Join(", ", d.Children.Select(Label))));
        grid.AddRow("[bold]Entries[/]", d.EntryCount.ToString("N0", CultureInfo.InvariantCulture) + " (with its descendants)");
        console.Write(grid);
        foreach (var e in d.Entries) console.MarkupLine(Markup.Escape($"  {e.Path}{(e.Scope == TagScope.Content ? "  (by content)" : "")}"));
    }
}
