using Spacedrive.Actors.Indexing;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Locations;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// Location add, remove and rescan as actions. The locations child keeps doing the work (its own connection, the
/// indexer job it queues); the action adds the preview and the audit record: add and rescan are audited as pending
/// until their indexer job ends, remove as succeeded once the location and its entries are gone.
/// </summary>
public static class LocationActions
{
    public sealed class Add : ActionKind<AddLocationRequest>
    {
        public override string Name => "location.add";

        public override IReadOnlyList<string> Targets(AddLocationRequest request) => [request.Path];

        public override async Task<ActionPreview> PreviewAsync(AddLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var path = Path.TrimEndingDirectorySeparator(Path.GetFullPath(request.Path));
            var conflicts = new List<ActionConflict>();
            if (!Directory.Exists(path)) conflicts.Add(new(LocationErrors.Invalid, path, $"'{path}' is not a folder."));
            var list = await context.AskAsync<LocationListReply>(context.Locations, new ListLocationsRequest(request.Library)).ConfigureAwait(false);
            foreach (var existing in list.Locations.Where(l => string.Equals(l.Path, path, StringComparison.Ordinal)))
                conflicts.Add(new(LocationErrors.Invalid, path, $"'{path}' is already the location '{existing.Name}'."));
            return new ActionPreview(Name, [path], [new("add", path, request.Mode ?? "content"), new("index", path)], 0, 0, conflicts,
                null, StartsJob: true, $"Would add '{path}' as a location and queue its indexer job.");
        }

        public override async Task<object> CommitAsync(AddLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var reply = await context.AskAsync<LocationJobReply>(context.Locations, request).ConfigureAwait(false);
            context.RecordJob(reply.Job.Id, [reply.Location.Path]);
            return reply;
        }
    }

    public sealed class Remove : ActionKind<RemoveLocationRequest>
    {
        public override string Name => "location.remove";

        public override IReadOnlyList<string> Targets(RemoveLocationRequest request) => [request.Location];

        public override async Task ValidateAsync(RemoveLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            await context.AskAsync<LocationReport>(context.Locations, new LocationReportRequest(request.Library, request.Location)).ConfigureAwait(false);
        }

        public override async Task<ActionPreview> PreviewAsync(RemoveLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var report = await context.AskAsync<LocationReport>(context.Locations, new LocationReportRequest(request.Library, request.Location)).ConfigureAwait(false);
            return new ActionPreview(Name, [report.Location.Path],
                [new("remove", report.Location.Path, $"{report.Files + report.Directories} index entries; files on disk are not touched")],
                report.Files, report.Bytes, [], null, false,
                $"Would remove location '{report.Location.Name}' and its {report.Files} indexed file(s) from the library (files on disk stay).");
        }

        public override async Task<object> CommitAsync(RemoveLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return await context.AskAsync<LocationRemovedReply>(context.Locations, request).ConfigureAwait(false);
        }
    }

    public sealed class Rescan : ActionKind<RescanLocationRequest>
    {
        public override string Name => "location.rescan";

        public override IReadOnlyList<string> Targets(RescanLocationRequest request) => [request.Location];

        public override async Task<ActionPreview> PreviewAsync(RescanLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var report = await context.AskAsync<LocationReport>(context.Locations, new LocationReportRequest(request.Library, request.Location)).ConfigureAwait(false);
            return new ActionPreview(Name, [report.Location.Path], [new("index", report.Location.Path, request.Full ? "full" : report.Location.Mode)],
                report.Files, report.Bytes, [], null, StartsJob: true,
                $"Would queue an indexer job over '{report.Location.Path}' ({report.Files} file(s) indexed now).");
        }

        public override async Task<object> CommitAsync(RescanLocationRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var reply = await context.AskAsync<LocationJobReply>(context.Locations, request).ConfigureAwait(false);
            context.RecordJob(reply.Job.Id, [reply.Location.Path]);
            return reply;
        }
    }

}
