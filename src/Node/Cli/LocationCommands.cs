using System.CommandLine;
using System.Globalization;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Volumes;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Locations;
using Spacedrive.Node.Api;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd location add|list|remove|rescan`, `sd index PATH [--ephemeral]`, `sd device volumes`.</summary>
public static class LocationCommands
{

    private static Option<string?> LibraryOption() => new("--library", "-l") { Description = "Library id, unique id prefix, or name (default: the only or default library)" };

    public static Command Build(ActionFactory actions)
    {
        var location = new Command("location", "Add, list, rescan and remove the folders a library indexes");

        var addLibrary = LibraryOption();
        var addPath = new Argument<string>("path") { Description = "The folder to index" };
        var addName = new Option<string?>("--name") { Description = "A name for the location (default: the folder's name)" };
        var addMode = ModeOption();
        var addWait = new Option<bool>("--wait", "-w") { Description = "Show progress and return when the indexing job ends (implied when no node runs)" };
        var noDefaultRules = new Option<bool>("--no-default-rules") { Description = "Turn off the default rule sets (system files, hidden files, .git, dev folders)" };
        var rule = new Option<string[]>("--rule") { Description = "Turn a rule set on or off: NAME=on|off (no-hidden, no-git, no-dev-dirs, no-system-files, only-images, gitignore)", AllowMultipleArgumentsPerToken = false };
        var addDry = DryRun.Option();
        var add = new Command("add", "Add a folder as a location and index it") { addLibrary, addPath, addName, addMode, addWait, noDefaultRules, rule, addDry };
        actions.Set(add, async (ctx, ct) =>
        {
            Dictionary<string, bool> rules = new(StringComparer.Ordinal);
            foreach (var r in ctx.Value(rule) ?? [])
            {
                var parts = r.Split('=', 2);
                if (parts.Length != 2 || parts[1] is not ("on" or "off"))
                    return ctx.Output.Error("usage", $"--rule expects NAME=on|off, not '{r}'.", ExitCodes.UsageError);
                rules[parts[0]] = parts[1] == "on";
            }
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var request = new AddLocationRequest(ctx.Value(addLibrary), Path.GetFullPath(ctx.Value(addPath)!), ctx.Value(addName), ctx.Value(addMode),
                ctx.Value(noDefaultRules), rules.Count > 0 ? rules : null);
            if (ctx.Value(addDry)) return await DryRun.PreviewAsync(ctx, request.Library, "location.add", request, ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.LocationAdd, request, ct).ConfigureAwait(false);
            return await AfterQueuedAsync(ctx, node, reply, "Added", ctx.Value(addWait) || node.IsInProcess, ctx.Value(addLibrary), ct).ConfigureAwait(false);
        });

        var listLibrary = LibraryOption();
        var list = new Command("list", "List the locations of a library") { listLibrary };
        actions.Set(list, async (ctx, ct) =>
        {
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.LocationList, new ListLocationsRequest(ctx.Value(listLibrary)), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, RenderList);
            return ExitCodes.Ok;
        });

        var removeLibrary = LibraryOption();
        var removeTarget = LocationArgument();
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation" };
        var removeDry = DryRun.Option();
        var remove = new Command("remove", "Remove a location and its entries from the library (files on disk are never touched)") { removeLibrary, removeTarget, yes, removeDry };
        actions.Set(remove, async (ctx, ct) =>
        {
            var target = ctx.Value(removeTarget)!;
            if (ctx.Value(removeDry))
                return await DryRun.PreviewAsync(ctx, ctx.Value(removeLibrary), "location.remove", new RemoveLocationRequest(ctx.Value(removeLibrary), target), ct).ConfigureAwait(false);
            if (!ctx.Value(yes) && !LibraryCommands.Confirm(ctx, $"Remove location '{target}' and its entries from the library (your files stay)?"))
                return ctx.Output.Error("not_confirmed", "Not removed: confirm on a terminal, or pass --yes.", ExitCodes.OperationFailed);
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.LocationRemove, new RemoveLocationRequest(ctx.Value(removeLibrary), target), ct).ConfigureAwait(false);
            ctx.Output.Result(reply, (c, r) => c.MarkupLine($"Removed location [bold]{Markup.Escape(r.Location.Name)}[/] ({Markup.Escape(r.Location.Path)}); its files were not touched."));
            return ExitCodes.Ok;
        });

        var rescanLibrary = LibraryOption();
        var rescanTarget = LocationArgument();
        var full = new Option<bool>("--full") { Description = "Deep: content identity and the analysis phase too" };
        var rescanWait = new Option<bool>("--wait", "-w") { Description = "Show progress and return when the job ends (implied when no node runs)" };
        var rescanDry = DryRun.Option();
        var rescan = new Command("rescan", "Index a location again (only what changed is written)") { rescanLibrary, rescanTarget, full, rescanWait, rescanDry };
        actions.Set(rescan, async (ctx, ct) =>
        {
            if (ctx.Value(rescanDry))
                return await DryRun.PreviewAsync(ctx, ctx.Value(rescanLibrary), "location.rescan",
                    new RescanLocationRequest(ctx.Value(rescanLibrary), ctx.Value(rescanTarget)!, ctx.Value(full)), ct).ConfigureAwait(false);
            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var reply = await node.CallAsync(Operations.LocationRescan, new RescanLocationRequest(ctx.Value(rescanLibrary), ctx.Value(rescanTarget)!, ctx.Value(full)), ct).ConfigureAwait(false);
            return await AfterQueuedAsync(ctx, node, reply, "Rescanning", ctx.Value(rescanWait) || node.IsInProcess, ctx.Value(rescanLibrary), ct).ConfigureAwait(false);
        });

        location.Subcommands.Add(add);
        location.Subcommands.Add(list);
        location.Subcommands.Add(remove);
        location.Subcommands.Add(rescan);
        return location;
    }

    private static Option<string?> ModeOption() => new("--mode", "-m") { Description = "shallow (metadata), content (+ content identity; default) or deep (+ analysis)" };

    private static Argument<string> LocationArgument() => new("location") { Description = "Location id, name, path or uuid prefix" };

    /// <summary>`sd index PATH`: the one command to try: indexes a folder into the library (as a location) and shows what it holds.</summary>
    public static Command BuildIndex(ActionFactory actions)
    {
        var library = LibraryOption();
        var path = new Argument<string>("path") { Description = "The folder to index" };
        var ephemeral = new Option<bool>("--ephemeral") { Description = "Index into memory only (nothing is stored) and print a listing" };
        var mode = ModeOption();
        var index = new Command("index", "Index a folder and show what it holds: counts by kind, biggest folders, duplicate bytes") { library, path, ephemeral, mode };
        actions.Set(index, async (ctx, ct) =>
        {
            var full = Path.GetFullPath(ctx.Value(path)!);
            if (!Directory.Exists(full)) return ctx.Output.Error(LocationErrors.Invalid, $"'{full}' is not a folder.", ExitCodes.OperationFailed);
            if (ctx.Value(ephemeral)) return await EphemeralAsync(ctx, full, ct).ConfigureAwait(false);

            await using var node = await ctx.ConnectAsync(ct).ConfigureAwait(false);
            var lib = ctx.Value(library);
            if (lib is null)
            {
                var libraries = await node.CallAsync(Operations.LibraryList, EmptyRequest.Instance, ct).ConfigureAwait(false);
                if (libraries.Libraries.Count == 0)
                {
                    var created = await node.CallAsync(Operations.LibraryCreate, new CreateLibrary("My Library"), ct).ConfigureAwait(false);
                    ctx.Output.Info($"Created library {created.Name} ({created.Id}).");
                }
            }
            var locations = await node.CallAsync(Operations.LocationList, new ListLocationsRequest(lib), ct).ConfigureAwait(false);
            LocationJobReply queued = locations.Locations.FirstOrDefault(l => l.Path == full.TrimEnd('/')) is { } existing
                ? await node.CallAsync(Operations.LocationRescan, new RescanLocationRequest(lib, existing.Id.ToString(CultureInfo.InvariantCulture)), ct).ConfigureAwait(false)
                : await node.CallAsync(Operations.LocationAdd, new AddLocationRequest(lib, full, Mode: ctx.Value(mode)), ct).ConfigureAwait(false);
            ctx.Output.Info($"Indexing {queued.Location.Path} ({queued.Location.Mode}) into location '{queued.Location.Name}'…");
            var job = await JobWait.WaitAsync(ctx, node, lib, queued.Job, ct).ConfigureAwait(false);
            var report = await node.CallAsync(Operations.LocationReport, new LocationReportRequest(lib, queued.Location.Id.ToString(CultureInfo.InvariantCulture)), ct).ConfigureAwait(false);
            if (ctx.Output.IsJson) ctx.Output.Json(new { location = queued.Location, job, report });
            else
            {
                RenderJob(ctx.Output.Console, job);
                RenderReport(ctx.Output.Console, report);
            }
            return JobWait.ExitCode(job.Job);
        });
        return index;
    }

    public static Command BuildDevice(ActionFactory actions)
    {
        var device = new Command("device", "This device");
        var volumes = new Command("volumes", "List the volumes (mounted file systems) of this device");
        actions.Set(volumes, (ctx, _) =>
        {
            var list = VolumeProbe.Mounts().Select(VolumeProbe.Describe)
                .Where(v => v.TotalCapacity is > 0)
                .GroupBy(v => v.MountPoint, StringComparer.Ordinal).Select(g => g.First())
                .OrderBy(v => v.MountPoint, StringComparer.Ordinal).ToList();
            ctx.Output.Result(list, (c, vs) =>
            {
                var table = new Table().AddColumns("Mount point", "Name", "File system", "Size", "Free", "Removable", "Network");
                foreach (var v in vs)
                {
                    table.AddRow(Markup.Escape(v.MountPoint), Markup.Escape(v.Name), Markup.Escape(v.FileSystem),
                        v.TotalCapacity is { } t ? HumanFormat.Bytes(t) : "", v.AvailableCapacity is { } a ? HumanFormat.Bytes(a) : "",
                        v.IsRemovable ? "yes" : "", v.IsNetwork ? "yes" : "");
                }
                c.Write(table);
            });
            return Task.FromResult(ExitCodes.Ok);
        });
        device.Subcommands.Add(volumes);
        return device;
    }

    private static async Task<int> EphemeralAsync(CommandContext ctx, string path, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var index = await EphemeralIndex.BuildAsync(path, cancellationToken: ct).ConfigureAwait(false);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        long files = 0, dirs = 0, bytes = 0;
        var top = new List<(string Name, long Files, long Bytes)>();
        (long Files, long Bytes) Walk(string dir)
        {
            long f = 0, b = 0;
            foreach (var e in index.List(dir) ?? [])
            {
                var child = Path.Combine(dir, e.Name);
                if (e.Kind == Spacedrive.Storage.Library.EntryKind.Directory)
                {
                    dirs++;
                    var (cf, cb) = Walk(child);
                    f += cf;
                    b += cb;
                }
                else
                {
                    files++;
                    bytes += e.Size;
                    f++;
                    b += e.Size;
                }
            }
            return (f, b);
        }
        foreach (var e in index.List(path) ?? [])
        {
            if (e.Kind == Spacedrive.Storage.Library.EntryKind.Directory)
            {
                dirs++;
                var (f, b) = Walk(Path.Combine(path, e.Name));
                top.Add((e.Name, f, b));
            }
            else
            {
                files++;
                bytes += e.Size;
            }
        }
        top = [.. top.OrderByDescending(t => t.Bytes).Take(10)];
        if (ctx.Output.IsJson)
        {
            ctx.Output.Json(new { path, files, directories = dirs, bytes, errors = index.Errors.Count, seconds = elapsed.TotalSeconds,
                top_folders = top.Select(t => new { name = t.Name, files = t.Files, bytes = t.Bytes }) });
            return ExitCodes.Ok;
        }
        var c = ctx.Output.Console;
        c.MarkupLine($"[bold]{Markup.Escape(path)}[/] (in memory, nothing stored): {HumanFormat.Count(files)} files, {HumanFormat.Count(dirs)} folders, {HumanFormat.Bytes(bytes)} in {HumanFormat.Duration(elapsed)}" +
            (index.Errors.Count > 0 ? $", {index.Errors.Count} errors" : ""));
        var table = new Table().AddColumns("Folder", "Files", "Size");
        foreach (var t in top) table.AddRow(Markup.Escape(t.Name), HumanFormat.Count(t.Files), HumanFormat.Bytes(t.Bytes));
        if (top.Count > 0) c.Write(table);
        return ExitCodes.Ok;
    }

    private static async Task<int> AfterQueuedAsync(CommandContext ctx, INodeClient node, LocationJobReply reply, string verb, bool wait, string? library, CancellationToken ct)
    {
        if (!wait)
        {
            ctx.Output.Result(new { location = reply.Location, job = reply.Job }, (c, _) =>
                c.MarkupLine($"{verb} location [bold]{Markup.Escape(reply.Location.Name)}[/] ({Markup.Escape(reply.Location.Path)}, id {reply.Location.Id}); indexing job {reply.Job.Id} queued. Follow it with `sd job watch`."));
            return ExitCodes.Ok;
        }
        if (!ctx.Output.IsJson)
            ctx.Output.Console.MarkupLine($"{verb} location [bold]{Markup.Escape(reply.Location.Name)}[/] ({Markup.Escape(reply.Location.Path)}, id {reply.Location.Id}).");
        var final = await JobWait.WaitAsync(ctx, node, library, reply.Job, ct).ConfigureAwait(false);
        ctx.Output.Result(new { location = reply.Location, job = reply.Job, result = final }, (c, _) => RenderJob(c, final));
        return JobWait.ExitCode(final.Job);
    }

    private static void RenderJob(IAnsiConsole c, JobDetail d)
    {
        var j = d.Job;
        var color = j.Status == JobStatus.Completed ? "green" : j.Status == JobStatus.Failed ? "red" : "yellow";
        c.MarkupLine($"Job {j.Id} [{color}]{j.Status.ToString().ToLowerInvariant()}[/] after {HumanFormat.Duration(TimeSpan.FromSeconds(j.ActiveSeconds))}" +
            (j.Error is { } e ? $": {Markup.Escape(e)}" : ""));
        if (d.Output is { } o && o.TryGetProperty("stats", out var s))
        {
            long L(string name) => s.TryGetProperty(name, out var v) ? v.GetInt64() : 0;
            c.MarkupLine($"  {HumanFormat.Count(L("files"))} files, {HumanFormat.Count(L("directories"))} folders, {HumanFormat.Bytes(L("bytes"))}; " +
                $"{HumanFormat.Count(L("new"))} new, {HumanFormat.Count(L("modified"))} modified, {HumanFormat.Count(L("moved"))} moved, {HumanFormat.Count(L("deleted"))} deleted; " +
                $"{HumanFormat.Count(L("content_hashed"))} hashed, {HumanFormat.Count(L("errors"))} errors");
        }
        foreach (var w in d.WarningMessages.Take(5)) c.MarkupLine($"  [yellow]warning[/] {Markup.Escape(w)}");
        if (d.WarningMessages.Count > 5) c.MarkupLine($"  … {d.WarningMessages.Count - 5} more warnings (`sd job info {j.Id}`)");
    }

    private static void RenderReport(IAnsiConsole c, LocationReport r)
    {
        c.MarkupLine($"[bold]{Markup.Escape(r.Location.Path)}[/]: {HumanFormat.Count(r.Files)} files, {HumanFormat.Count(r.Directories)} folders, {HumanFormat.Bytes(r.Bytes)}");
        if (r.Kinds.Count > 0)
        {
            var kinds = new Table().AddColumns("Kind", "Files", "Size");
            foreach (var k in r.Kinds) kinds.AddRow(Markup.Escape(k.Kind), HumanFormat.Count(k.Files), HumanFormat.Bytes(k.Bytes));
            c.Write(kinds);
        }
        if (r.BiggestFolders.Count > 0)
        {
            var folders = new Table().AddColumns("Biggest folders", "Files", "Size");
            foreach (var f in r.BiggestFolders) folders.AddRow(Markup.Escape(f.Path), HumanFormat.Count(f.Files), HumanFormat.Bytes(f.Bytes));
            c.Write(folders);
        }
        c.MarkupLine(r.DuplicateFiles > 0
            ? $"Duplicates: {HumanFormat.Count(r.DuplicateFiles)} extra copies hold {HumanFormat.Bytes(r.DuplicateBytes)}."
            : r.FilesWithContent > 0 ? "No duplicate files." : "Duplicates: not identified (shallow mode).");
    }

    private static void RenderList(IAnsiConsole c, LocationListReply reply)
    {
        if (reply.Locations.Count == 0)
        {
            c.MarkupLine("No locations. Add one with `sd location add PATH`.");
            return;
        }
        var table = new Table().AddColumns("Id", "Name", "Path", "Mode", "Files", "Size", "State");
        foreach (var l in reply.Locations)
        {
            table.AddRow(l.Id.ToString(CultureInfo.InvariantCulture), Markup.Escape(l.Name), Markup.Escape(l.Path), l.Mode,
                HumanFormat.Count(l.Files), HumanFormat.Bytes(l.Bytes), l.IsOffline ? "[yellow]offline[/]" : l.Watch is { } w ? "online, " + Markup.Escape(w) : "online");
        }
        c.Write(table);
    }
}
