using System.Text.Json;
using Spacedrive.Actors.Files.Transfer;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Files;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Locations;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// <c>file.copy</c> and <c>file.move</c>: validated and previewed by the <see cref="TransferPlanner"/> (files, bytes,
/// conflicts, free space), committed as a <see cref="FileTransferJob"/> (audited pending, completed with the job's
/// outcome). When the job ends the index follows the done items (its manifest): moved entries are moved in the index
/// first (<see cref="IndexEdits.Move"/>: they keep their id, uuid, tags and metadata even across volumes, where the
/// inode changes), entries moved out of every location are removed, then the destination folders (recursively) and
/// the sources' folders are reconciled, which adds copies with their content identity. Paths outside every location
/// leave the index alone.
/// </summary>
public static class FileTransferActions
{
    public sealed class Copy : Transfer<CopyFiles>
    {
        public override string Name => "file.copy";

        protected override int? PriorityOf(CopyFiles request) => request.Priority;

        protected override TransferRequest RequestOf(CopyFiles request) => request.Request with { Mode = TransferMode.Copy };
    }

    public sealed class Move : Transfer<MoveFiles>
    {
        public override string Name => "file.move";

        protected override int? PriorityOf(MoveFiles request) => request.Priority;

        protected override TransferRequest RequestOf(MoveFiles request) => request.Request with { Mode = TransferMode.Move };
    }

    public abstract class Transfer<TRequest> : ActionKind<TRequest>, IJobFollowUp where TRequest : class
    {
        public string JobType => FileTransferJob.TypeName;

        protected abstract TransferRequest RequestOf(TRequest request);

        protected abstract int? PriorityOf(TRequest request);

        public override IReadOnlyList<string> Targets(TRequest request)
        {
            var r = RequestOf(request);
            return [.. r.Sources ?? [], r.Destination ?? ""];
        }

        public override Task ValidateAsync(TRequest request, ActionContext context)
        {
            // A dry run lists conflicts and missing space in its preview, with the files and bytes it would move.
            if (PlanOf(request, context).Refusal is { } refusal && !context.IsPreview) throw new ActionException(refusal.Code, refusal.Message);
            return Task.CompletedTask;
        }

        public override Task<ActionPreview> PreviewAsync(TRequest request, ActionContext context)
        {
            var plan = PlanOf(request, context);
            var p = plan.Preview;
            var verb = p.Mode == TransferMode.Copy ? "copy" : "move";
            var changes = p.Items.Select(i => new PreviewChange(verb, i.Source, $"{i.Destination} ({i.Strategy}{(i.Conflict is null ? "" : ", " + i.Conflict)})")).ToList();
            var conflicts = p.Conflicts.Where(c => c.Resolution is "abort" or "refused")
                .Select(c => new ActionConflict(TransferErrors.Conflict, c.Destination, $"{c.Destination} is taken ({c.Resolution})")).ToList();
            if (!p.Fits) conflicts.Add(new ActionConflict(TransferErrors.InsufficientSpace, plan.Destination, $"{p.BytesToWrite:N0} bytes to write, {p.FreeBytes:N0} free"));
            return Task.FromResult(new ActionPreview(Name, Targets(request), changes, p.Files, p.Bytes, conflicts, p.FreeBytes, StartsJob: true,
                $"Would {verb} {p.Files} file(s), {p.Directories} folder(s), {p.Symlinks} symlink(s) ({p.Bytes} bytes) to {p.Destination}; " +
                $"{p.ConflictCount} name(s) taken; the index follows."));
        }

        public override async Task<object> CommitAsync(TRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var plan = PlanOf(request, context);
            if (plan.Refusal is { } refusal) throw new ActionException(refusal.Code, refusal.Message);
            var state = new FileTransferState(FileTransferJob.Absolute(RequestOf(request)));
            var job = await context.StartJobAsync(FileTransferJob.TypeName, FileTransferJob.Definition.Serialize(state), priority: PriorityOf(request)).ConfigureAwait(false);
            return new TransferStarted(context.LibraryId, job, plan.Preview, context.Record!.Id);
        }

        private TransferPlan PlanOf(TRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            try
            {
                return TransferPlanner.Plan(FileTransferJob.Absolute(RequestOf(request)), TransferSettings.FromConfig(context.Config));
            }
            catch (TransferRequestException e)
            {
                throw new ActionException(e.Code, e.Message, e);
            }
            catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
            {
                throw new ActionException("bad_request", e.Message, e);
            }
        }

        public IReadOnlyList<object> EditIndex(JobSummary job, JobFollowUpContext context) => FollowTransfer(job, context);
    }

    /// <summary>The index edits after a transfer job, and the reconcile requests that complete them.</summary>
    private static IReadOnlyList<object> FollowTransfer(JobSummary job, JobFollowUpContext context)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(context);
        var manifest = Path.Combine(context.LibraryPath, "transfers", job.Id.ToString("N") + ".done.jsonl");
        if (!File.Exists(manifest)) return [];
        var pairs = new List<TransferPair>();
        foreach (var line in File.ReadLines(manifest))
        {
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (JsonSerializer.Deserialize(line, FileTransferJsonContext.Default.TransferPair) is { } pair) pairs.Add(pair);
            }
            catch (JsonException)
            {
                // A torn last line of a killed job: the reconcile below still brings its folder up to date.
            }
        }
        if (pairs.Count == 0) return [];

        using (var tx = context.Db.BeginTransaction(deferred: false))
        {
            using var edits = new IndexEdits(context.Db, tx);
            var now = UnixNanos.Now(context.Time);
            foreach (var pair in pairs) FollowMove(edits, pair, now, moving: false);
            tx.Commit();
        }

        // Destinations recursively (a copied folder's contents), the sources' folders flat (what left them).
        var movedDirectories = pairs.Where(p => p.Kind == "directory").Select(p => Normalize(p.Source)).ToHashSet(StringComparer.Ordinal);
        var destinations = Outermost(pairs.Select(p => p.Kind == "directory" ? Normalize(p.Destination) : Parent(p.Destination)));
        var sources = pairs.Select(p => Parent(p.Source)).Where(s => !movedDirectories.Contains(s)).Distinct(StringComparer.Ordinal).ToList();
        return [.. new[] { new ReconcilePathsRequest(null, destinations, Recursive: true), new ReconcilePathsRequest(null, sources, Recursive: false) }
            .Where(r => r.Paths.Count > 0)];
    }

    /// <summary>
    /// A done item that is <paramref name="moving"/> (its source about to be removed), or whose source is gone, was
    /// moved: its entry follows (or goes, when it left every location). Idempotent: an entry already moved is not found
    /// at its source any more.
    /// </summary>
    internal static void FollowMove(IndexEdits edits, TransferPair pair, long now, bool moving)
    {
        var source = Normalize(pair.Source);
        var destination = Normalize(pair.Destination);
        var sourceThere = DirectoryReader.TryStat(source, followSymlink: false, out _, out _);
        if (sourceThere && (pair.Kind == "directory" || !moving)) // a copy, or a folder whose move is not finished
        {
            if (pair.Kind == "directory" && edits.Find(source) is { Kind: EntryKind.Directory } && edits.Find(destination) is null
                && edits.Find(Parent(destination)) is { Kind: EntryKind.Directory } parent)
            {
                // A folder moved item by item (across volumes): its entry must exist before the entries moved into it.
                DirectoryReader.TryStat(destination, followSymlink: false, out var dirStat, out _);
                edits.InsertDirectory(parent, Path.GetFileName(destination), Guid.CreateVersion7(), now, dirStat.ModifiedNs, dirStat.Inode);
            }
            return;
        }
        if (edits.Find(source) is not { ParentId: not null } entry) return;
        if (edits.Find(Parent(destination)) is { Kind: EntryKind.Directory } target)
        {
            if (edits.Find(destination) is { } replaced)
            {
                if (replaced.Id == entry.Id) return;
                if (pair.Kind == "directory" && replaced.Kind == EntryKind.Directory) return; // merged into an existing folder: its items follow one by one
                edits.Remove(replaced); // overwritten
            }
            edits.Move(entry, target.Id, Path.GetFileName(destination));
        }
        else
        {
            edits.Remove(entry); // moved out of every location
        }
    }

    private static string Normalize(string path)
    {
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static string Parent(string path) => Path.GetDirectoryName(Normalize(path)) ?? "/";

    /// <summary>The folders none of whose ancestors are in the set (a recursive reconcile of those covers all).</summary>
    private static List<string> Outermost(IEnumerable<string> folders)
    {
        var set = folders.ToHashSet(StringComparer.Ordinal);
        return [.. set.Where(f =>
        {
            for (var up = Path.GetDirectoryName(f); up is not null; up = Path.GetDirectoryName(up))
                if (set.Contains(up)) return false;
            return true;
        }).Order(StringComparer.Ordinal)];
    }
}
