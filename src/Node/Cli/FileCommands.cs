using System.CommandLine;
using System.Globalization;
using Spacedrive.Actors.Content;
using Spacedrive.Actors.FileTypes;
using Spacedrive.Messages.Search;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>
/// `sd file info PATH [--full]`: what a file is and its content identity; reads the file only, no node or library.
/// `sd file ls PATH`: a folder's children from the library's index, with sizes (aggregate for folders) and counts.
/// </summary>
public static class FileCommands
{
    public static Command Build(ActionFactory actions)
    {
        var file = new Command("file", "Inspect files");

        var path = new Argument<string>("path") { Description = "The file, directory or symlink to inspect" };
        var full = new Option<bool>("--full") { Description = "Also hash the whole file (integrity hash, BLAKE3 as b3sum prints it)" };
        var info = new Command("info", "Show a file's kind, type, size, modification time and content id") { path, full };
        actions.Set(info, (ctx, ct) =>
        {
            FileInfoReport report;
            try
            {
                report = FileInspector.Inspect(ctx.Value(path)!, FileTypeRegistry.Default, ctx.Value(full), ct);
            }
            catch (FileNotFoundException e)
            {
                return Task.FromResult(ctx.Output.Error(ErrorCodes.NotFound, e.Message, ExitCodes.OperationFailed));
            }
            ctx.Output.Result(report, Render);
            bool failed = report.ContentStatus is ContentHashOutcome.Changed or ContentHashOutcome.Unreadable or ContentHashOutcome.NotFound;
            return Task.FromResult(failed ? ExitCodes.OperationFailed : ExitCodes.Ok);
        });

        file.Subcommands.Add(info);
        file.Subcommands.Add(BuildList(actions));
        FileActionCommands.Attach(file, actions);
        file.Subcommands.Add(ValidateCommands.Build(actions));
        FileTransferCommands.AddTo(file, actions);
        return file;
    }

    private static Command BuildList(ActionFactory actions)
    {
        var dir = new Argument<string>("path") { Description = "An indexed folder" };
        var library = SearchCommands.LibraryOption();
        var sort = new Option<ListSort>("--sort") { Description = "name (default), size or modified", DefaultValueFactory = _ => ListSort.Name, HelpName = "FIELD" };
        var desc = new Option<bool>("--desc") { Description = "Reverse the order" };
        var limit = new Option<int>("--limit") { Description = "Items per page (default 1000)", DefaultValueFactory = _ => 1000 };
        var offset = new Option<int>("--offset") { Description = "Items to skip" };
        var hidden = new Option<bool>("--include-hidden") { Description = "Include hidden entries" };
        var ls = new Command("ls", "List a folder from the library's index (no disk access)") { dir, library, sort, desc, limit, offset, hidden };
        actions.Set(ls, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var request = new ListDirectory(ctx.Value(library), Path.GetFullPath(ctx.Value(dir)!), ctx.Value(sort), ctx.Value(desc), ctx.Value(limit), ctx.Value(offset), ctx.Value(hidden));
            var listing = await node.CallAsync(Operations.FilesList, request, ct).ConfigureAwait(false);
            ctx.Output.Result(listing, RenderListing);
            return ExitCodes.Ok;
        });
        return ls;
    }

    private static void RenderListing(IAnsiConsole console, DirectoryListing listing)
    {
        var table = new Table().AddColumns("Name", "Size", "Items", "Modified");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        foreach (var item in listing.Items)
        {
            table.AddRow(
                new Markup(item.Kind == "directory" ? "[bold]" + Markup.Escape(item.Name) + "/[/]" : Markup.Escape(item.Name)),
                new Text(HumanSize(item.Size)),
                new Text(item.ChildCount is { } n ? n.ToString("N0", CultureInfo.InvariantCulture) : ""),
                new Text(item.ModifiedAt?.ToLocalTime().ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? ""));
        }
        console.Write(table);
        console.MarkupLine(Markup.Escape($"{listing.Items.Count} of {listing.Total:N0} entries in {listing.Path}; {HumanSize(listing.Size)}, {listing.FileCount:N0} files"));
    }

    private static void Render(IAnsiConsole console, FileInfoReport r)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, string? value)
        {
            if (value is not null) grid.AddRow(new Markup($"[grey]{name}[/]"), new Text(value));
        }
        Row("path", r.Path);
        Row("kind", r.Kind.ToString().ToLowerInvariant() + (r.SymlinkTarget is null ? "" : $" -> {r.SymlinkTarget}" + (r.TargetKind is null ? " (dangling)" : $" ({r.TargetKind.ToString()!.ToLowerInvariant()})")));
        Row("size", r.Size is { } size ? $"{HumanSize(size)} ({size.ToString("N0", CultureInfo.InvariantCulture)} bytes)" : null);
        Row("modified", r.ModifiedAt?.ToString("yyyy-MM-dd HH:mm:ss.fffffff 'UTC'", CultureInfo.InvariantCulture));
        Row("category", r.Category);
        Row("type", r.FileTypeId is null ? r.Category is null ? null : "unknown" : $"{r.FileTypeName} ({r.FileTypeId})");
        Row("mime", r.Mime);
        Row("identified by", r.Identification is { } m ? $"{Words(m.ToString())}, confidence {r.Confidence}%" : null);
        if (r.Mismatch) Row("mismatch", $"the name says {r.ExtensionTypeId}, the content says {r.FileTypeId}");
        Row("content", r.ContentStatus switch
        {
            null => null,
            ContentHashOutcome.Hashed => r.ContentHashIsFull == true ? "hashed whole" : "sampled (header, 4 samples, footer)",
            ContentHashOutcome.Empty => "empty: no content id",
            var other => Words(other.ToString()!),
        });
        Row("content hash", r.ContentHash);
        Row("content uuid", r.ContentUuid?.ToString());
        Row("integrity hash", r.IntegrityHash);
        if (r.Error is not null) grid.AddRow(new Markup("[red]error[/]"), new Text(r.Error));
        console.Write(grid);
    }

    // No Humanizer here: its formatters need culture data, absent under InvariantGlobalization.
    private static string HumanSize(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : value.ToString("0.#", CultureInfo.InvariantCulture) + " " + units[unit];
    }

    /// <summary>ExtensionAndMagic -> "extension and magic".</summary>
    private static string Words(string pascal) =>
        string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? " " + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}
