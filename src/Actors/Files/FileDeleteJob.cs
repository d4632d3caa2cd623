using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Actors.Jobs;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Files;

/// <summary>
/// The delete job's state and checkpoint: what to delete, where the trash is (fixed when the action committed, so a
/// resumed run trashes into the same place), and the next path to handle.
/// </summary>
public sealed record FileDeleteJobState(IReadOnlyList<string> Paths, bool Permanent, string HomeTrash, int Next = 0, long Deleted = 0, long Missing = 0, long IndexEntriesRemoved = 0);

public sealed record FileDeleteJobOutput(long Deleted, long Missing, long IndexEntriesRemoved, bool Permanent);

/// <summary>Settings of the file jobs (spacedrive.files.*), registered in the library's <see cref="JobServices"/>.</summary>
/// <param name="ItemPause">Diagnostics: a wait after each item, so tests can interrupt a run; zero in use.</param>
public sealed record FileJobSettings(TimeSpan ItemPause)
{
    public static FileJobSettings Default { get; } = new(TimeSpan.Zero);

    public static FileJobSettings FromConfig(Runtime.Configuration.Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new FileJobSettings(config.GetTimeSpan("spacedrive.files.delete-item-pause", TimeSpan.Zero));
    }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(FileDeleteJobState))]
[JsonSerializable(typeof(FileDeleteJobOutput))]
internal sealed partial class FileDeleteJobJsonContext : JsonSerializerContext;

/// <summary>
/// Deletes files and folders (<c>sd file delete</c>): each to the freedesktop.org trash, or for good, and removes their
/// entries from the library's index in the same step (no rescan). Resumable: the checkpoint records the next path;
/// after a kill -9 the paths since the last checkpoint are handled again, and one already gone (trashed before the
/// crash) is only cleaned from the index, never trashed twice.
/// </summary>
public sealed class FileDeleteJob : IJob<FileDeleteJobState>
{
    public const string TypeName = "file.delete";

    public static JobDefinition<FileDeleteJobState> Definition { get; } = new(
        TypeName, resumable: true, "Deletes files (to the trash, or permanently)", "items",
        FileDeleteJobJsonContext.Default.FileDeleteJobState, () => new FileDeleteJob(),
        describe: s => $"{(s.Permanent ? "delete" : "trash")} {s.Paths.Count} item(s)" + (s.Paths.Count > 0 ? $": {s.Paths[0]}{(s.Paths.Count > 1 ? " …" : "")}" : ""),
        validate: s => s.Paths.Count == 0 ? "nothing to delete"
            : s.Paths.Any(p => !Path.IsPathFullyQualified(p)) ? "paths must be absolute"
            : !s.Permanent && !Path.IsPathFullyQualified(s.HomeTrash) ? "the trash path must be absolute"
            : null);

    public async Task<JsonElement?> RunAsync(JobContext<FileDeleteJobState> ctx, FileDeleteJobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(state);
        var access = ctx.Services.Get<IndexerLibraryAccess>();
        var settings = ctx.Services.Get<FileJobSettings>() ?? FileJobSettings.Default;
        var trash = new FreedesktopTrash(state.HomeTrash);
        using var db = access?.OpenWriter();
        if (state.Next > 0) ctx.Log($"Resuming at item {state.Next} of {state.Paths.Count}.");
        try
        {
            for (var i = state.Next; i < state.Paths.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var path = state.Paths[i];
                var gone = !DirectoryReader.TryStat(path, followSymlink: false, out var stat, out var errno) && errno == Libc.ENOENT;
                if (gone)
                {
                    state = state with { Missing = state.Missing + 1 };
                }
                else
                {
                    try
                    {
                        if (!state.Permanent) trash.MoveToTrash(path, ctx.Time.GetUtcNow());
                        else if (stat.Kind == EntryKind.Directory) Directory.Delete(path, recursive: true);
                        else File.Delete(path);
                        state = state with { Deleted = state.Deleted + 1 };
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        ctx.AddError($"{path}: {e.Message}");
                        state = state with { Next = i + 1 };
                        continue;
                    }
                }
                if (db is not null) state = state with { IndexEntriesRemoved = state.IndexEntriesRemoved + RemoveFromIndex(db, path) };
                state = state with { Next = i + 1 };
                ctx.ReportProgress(state.Next, state.Paths.Count, path);
                if (settings.ItemPause > TimeSpan.Zero)
                    await Task.Delay(settings.ItemPause, ctx.Time, cancellationToken).ConfigureAwait(false);
                if (ctx.IsCheckpointDue()) await ctx.CheckpointAsync(state).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            await ctx.CheckpointAsync(state).ConfigureAwait(false);
            throw;
        }
        return JsonSerializer.SerializeToElement(new FileDeleteJobOutput(state.Deleted, state.Missing, state.IndexEntriesRemoved, state.Permanent),
            FileDeleteJobJsonContext.Default.FileDeleteJobOutput);
    }

    private static int RemoveFromIndex(LibraryDatabase db, string path)
    {
        using var tx = db.Writer.BeginTransaction(deferred: false);
        using var edits = new IndexEdits(db.Writer, tx);
        var removed = edits.Find(path) is { ParentId: not null } entry ? edits.Remove(entry) : 0;
        tx.Commit();
        return removed;
    }
}
