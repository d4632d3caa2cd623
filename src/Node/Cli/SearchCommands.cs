using System.CommandLine;
using System.Globalization;
using Spacedrive.Messages.Search;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd search files|dirs [QUERY]` with filters, sorting, paging and facets.</summary>
public static class SearchCommands
{
    public static Command Build(ActionFactory actions)
    {
        var search = new Command("search", "Find files and folders in a library's index");
        search.Subcommands.Add(BuildTarget(actions, "files", "Find files by name (any part of it, any case) and filters", SearchTarget.Files));
        search.Subcommands.Add(BuildTarget(actions, "dirs", "Find folders by name and filters", SearchTarget.Directories));
        return search;
    }

    public static Option<string?> LibraryOption() => new("--library", "-l") { Description = "Library id, id prefix or name (default: the only or default library)", HelpName = "LIBRARY" };

    private static Command BuildTarget(ActionFactory actions, string name, string description, SearchTarget target)
    {
        var query = new Argument<string?>("query") { Description = "Text anywhere in the name (case- and accent-insensitive); omit to match every name", Arity = ArgumentArity.ZeroOrOne };
        var library = LibraryOption();
        var path = new Option<string?>("--path") { Description = "Only under this indexed folder", HelpName = "DIR" };
        var recursive = new Option<bool>("--recursive") { Description = "With --path: the whole subtree (default true)", DefaultValueFactory = _ => true };
        var noRecursive = new Option<bool>("--no-recursive") { Description = "With --path: only the folder's direct children" };
        var kind = new Option<string[]>("--kind", "--category") { Description = "Content kind: image, video, audio, document, text, code, archive… (repeatable)", HelpName = "KIND", AllowMultipleArgumentsPerToken = false };
        var ext = new Option<string[]>("--ext") { Description = "Extension, e.g. jpg (repeatable)", HelpName = "EXT" };
        var minSize = new Option<string?>("--min-size") { Description = "At least this size: bytes, 10MB, 1.5GiB, 4K", HelpName = "SIZE" };
        var maxSize = new Option<string?>("--max-size") { Description = "At most this size", HelpName = "SIZE" };
        var modifiedAfter = new Option<string?>("--modified-after") { Description = "Modified at or after: ISO date (2024-05-01) or age (7d, 12h, 2w, 6mo, 1y)", HelpName = "TIME" };
        var modifiedBefore = new Option<string?>("--modified-before") { Description = "Modified before", HelpName = "TIME" };
        var createdAfter = new Option<string?>("--created-after") { HelpName = "TIME", Description = "Created at or after" };
        var createdBefore = new Option<string?>("--created-before") { HelpName = "TIME", Description = "Created before" };
        var accessedAfter = new Option<string?>("--accessed-after") { HelpName = "TIME", Description = "Accessed at or after" };
        var accessedBefore = new Option<string?>("--accessed-before") { HelpName = "TIME", Description = "Accessed before" };
        var tag = new Option<string[]>("--tag") { Description = "Has this tag or one of its descendants (repeatable: all of them)", HelpName = "TAG" };
        var anyTag = new Option<string[]>("--any-tag") { Description = "Has at least one of these tags (repeatable)", HelpName = "TAG" };
        var notTag = new Option<string[]>("--not-tag") { Description = "Has none of these tags (repeatable)", HelpName = "TAG" };
        var duplicates = new Option<bool>("--has-duplicates") { Description = "Only files whose content has other copies in the library" };
        var contentId = new Option<bool>("--has-content-id") { Description = "Only files whose content is identified" };
        var hidden = new Option<bool>("--include-hidden") { Description = "Include hidden entries, entries under hidden folders and entries with hidden-privacy tags" };
        var archived = new Option<bool>("--include-archived") { Description = "Include entries with archive-privacy tags" };
        var location = new Option<string[]>("--location") { Description = "Only in this location, by name or id (repeatable)", HelpName = "LOCATION" };
        var sort = new Option<SearchSort>("--sort") { Description = "relevance (default), name, size, modified or created", DefaultValueFactory = _ => SearchSort.Relevance, HelpName = "FIELD" };
        var desc = new Option<bool>("--desc") { Description = "Reverse the order" };
        var limit = new Option<int>("--limit") { Description = "Items per page (default 50)", DefaultValueFactory = _ => 50 };
        var offset = new Option<int>("--offset") { Description = "Items to skip" };
        var noFacets = new Option<bool>("--no-facets") { Description = "Do not count matches by category, extension and location" };

        var command = new Command(name, description)
        {
            query, library, path, recursive, noRecursive, kind, ext, minSize, maxSize, modifiedAfter, modifiedBefore, createdAfter, createdBefore,
            accessedAfter, accessedBefore, tag, anyTag, notTag, duplicates, contentId, hidden, archived, location, sort, desc, limit, offset, noFacets,
        };
        actions.Set(command, async (ctx, ct) =>
        {
            var now = DateTimeOffset.UtcNow;
            DateTimeOffset? Time(Option<string?> option) => ctx.Value(option) is { } text ? Parse(() => QueryValues.ParseTime(text, now)) : null;
            long? Size(Option<string?> option) => ctx.Value(option) is { } text ? Parse(() => QueryValues.ParseSize(text)) : null;
            IReadOnlyList<string>? List(Option<string[]> option) => ctx.Value(option) is { Length: > 0 } values ? values : null;
            var q = new SearchQuery
            {
                Text = ctx.Value(query),
                Target = target,
                Path = ctx.Value(path) is { } p ? Path.GetFullPath(p) : null,
                Recursive = ctx.Value(recursive) && !ctx.Value(noRecursive),
                Kinds = List(kind),
                Extensions = List(ext),
                MinSize = Size(minSize),
                MaxSize = Size(maxSize),
                ModifiedAfter = Time(modifiedAfter),
                ModifiedBefore = Time(modifiedBefore),
                CreatedAfter = Time(createdAfter),
                CreatedBefore = Time(createdBefore),
                AccessedAfter = Time(accessedAfter),
                AccessedBefore = Time(accessedBefore),
                Tags = List(tag),
                AnyTags = List(anyTag),
                NotTags = List(notTag),
                HasDuplicates = ctx.Value(duplicates) ? true : null,
                HasContentId = ctx.Value(contentId) ? true : null,
                IncludeHidden = ctx.Value(hidden),
                IncludeArchived = ctx.Value(archived),
                Locations = List(location),
                Sort = ctx.Value(sort),
                Descending = ctx.Value(desc),
                Limit = ctx.Value(limit),
                Offset = ctx.Value(offset),
                Facets = !ctx.Value(noFacets),
            };
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.SearchFiles, new SearchEntries(ctx.Value(library), q), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => Render(c, r, q));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static T Parse<T>(Func<T> parse)
    {
        try
        {
            return parse();
        }
        catch (FormatException e)
        {
            throw new SdException(ErrorCodes.BadRequest, e.Message);
        }
    }

    private static void Render(IAnsiConsole console, SearchReply reply, SearchQuery query)
    {
        if (reply.Items.Count > 0)
        {
            var table = new Table().AddColumns("Name", "Folder", "Size", "Modified", "Kind");
            table.Columns[2].RightAligned();
            foreach (var item in reply.Items)
            {
                var folder = item.Path.Length > item.Name.Length ? item.Path[..^item.Name.Length].TrimEnd('/') : "";
                var tags = item.Tags is { Count: > 0 } t ? " [blue]#" + Markup.Escape(string.Join(" #", t)) + "[/]" : "";
                table.AddRow(
                    new Markup((item.Kind == "directory" ? "[bold]" + Markup.Escape(item.Name) + "/[/]" : Markup.Escape(item.Name)) + tags),
                    new Text(folder == "" ? "/" : folder),
                    new Text(HumanFormat.Bytes(item.Size)),
                    new Text(item.ModifiedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? ""),
                    new Text(item.Kind == "directory" ? "folder" : item.Category));
            }
            console.Write(table);
        }
        var shown = reply.Items.Count == 0 ? "No matches" : $"{query.Offset + 1}–{query.Offset + reply.Items.Count} of {reply.Total:N0}";
        console.MarkupLine(Markup.Escape($"{shown} ({reply.ElapsedMs:0.#} ms)"));
        if (reply.Facets is { } f && reply.Total > 0)
        {
            static string Top(IReadOnlyDictionary<string, long> counts) =>
                string.Join(", ", counts.Take(8).Select(p => $"{(p.Key.Length == 0 ? "(none)" : p.Key)} {p.Value:N0}"));
            console.MarkupLine("[grey]kinds:[/] " + Markup.Escape(Top(f.Category)));
            console.MarkupLine("[grey]extensions:[/] " + Markup.Escape(Top(f.Extension)));
            if (f.Location.Count > 1) console.MarkupLine("[grey]locations:[/] " + Markup.Escape(Top(f.Location)));
        }
    }
}
