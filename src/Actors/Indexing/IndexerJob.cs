using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Actors.Jobs;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// What a library offers its indexer jobs (registered in its <see cref="JobServices"/>): a connection of their own to
/// library.db and a gate so one engine runs per library at a time. The engine writes through its own connection so it
/// never shares the LibraryActor's (not thread-safe) writer with TagsActor or LocationsActor; SQLite serializes the
/// writes of both (every write is a BEGIN IMMEDIATE transaction, and the busy timeout waits for the other).
/// </summary>
public sealed class IndexerLibraryAccess(string databasePath, IndexerSettings settings, TimeSpan checkpointPause = default) : IDisposable
{
    /// <summary>Diagnostics (spacedrive.indexer.job-checkpoint-pause): a wait after each saved checkpoint, so tests can interrupt a run.</summary>
    public TimeSpan CheckpointPause { get; } = checkpointPause;

    public string DatabasePath { get; } = databasePath;

    public IndexerSettings Settings { get; } = settings;

    /// <summary>One engine per library at a time.</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    public LibraryDatabase OpenWriter() => LibraryDatabase.Open(DatabasePath, new LibraryOpenOptions { BusyTimeout = TimeSpan.FromSeconds(60) });

    public void Dispose() => Gate.Dispose();
}

/// <summary>The indexer job's state: the request, and (when resuming) the engine's last checkpoint.</summary>
public sealed record IndexerJobState(IndexerRequestSnapshot Request, string? LocationName = null, IndexerCheckpoint? Checkpoint = null);

/// <summary>What a finished indexer job keeps as its output.</summary>
public sealed record IndexerJobOutput(long LocationId, string Path, IndexMode Mode, IndexerStats Stats, long Errors, Dictionary<string, double> PhaseSeconds)
{
    /// <summary>Entries created, changed, moved or removed by the run (0: the library already matched the disk).</summary>
    public long Changes => Stats.New + Stats.Modified + Stats.Moved + Stats.Deleted;
}

[JsonSerializable(typeof(IndexerJobState))]
[JsonSerializable(typeof(IndexerJobOutput))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class IndexerJobJsonContext : JsonSerializerContext;

/// <summary>
/// Job type <c>indexer</c> (resumable): runs the <see cref="IndexerEngine"/> over one location. Every checkpoint the
/// engine emits is saved through the job's journal, so after a pause or a kill -9 the job continues from the last one
/// (the engine's phases are idempotent, so the library ends as an uninterrupted run leaves it). Engine progress becomes
/// job progress (phase, counts, current path, rate, ETA); non-fatal engine errors become job warnings.
/// </summary>
public sealed class IndexerJob : IJob<IndexerJobState>
{
    public const string TypeName = "indexer";

    /// <summary>How many engine errors are copied into the job's warnings (the count is always in the output).</summary>
    public const int MaxWarnings = 100;

    public static JobDefinition<IndexerJobState> Definition { get; } = new(
        TypeName, resumable: true, "Indexes a location into the library", "items",
        IndexerJobJsonContext.Default.IndexerJobState, () => new IndexerJob(),
        describe: s => $"index {s.LocationName ?? "location " + s.Request.LocationId} ({s.Request.Path}, {s.Request.Mode.ToString().ToLowerInvariant()})",
        validate: s => s.Request is null ? "no request"
            : !Path.IsPathFullyQualified(s.Request.Path) ? "the location path must be absolute"
            : s.Request.LocationId <= 0 ? "no location id"
            : null);

    public async Task<JsonElement?> RunAsync(JobContext<IndexerJobState> ctx, IndexerJobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(state);
        var access = ctx.Services.Require<IndexerLibraryAccess>();
        await access.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var db = access.OpenWriter();
            if (!LocationExists(db, state.Request.LocationId))
                throw new InvalidOperationException($"Location {state.Request.LocationId} is no longer in the library.");
            if (state.Checkpoint is { } resume)
                ctx.Log($"Resuming at phase {resume.Phase} (checkpoint of {resume.SavedAt:u}).");
            var observer = new Observer(ctx, state, access.CheckpointPause, cancellationToken);
            var engine = new IndexerEngine(db, state.Request.ToRequest(), access.Settings, observer: observer, resumeFrom: state.Checkpoint, clock: ctx.Time);
            IndexerResult result;
            try
            {
                result = await engine.RunAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Warn(ctx, engine.Errors.Kept);
                await observer.FlushAsync().ConfigureAwait(false);
                throw;
            }
            await observer.FlushAsync().ConfigureAwait(false);
            Warn(ctx, result.Errors);
            var s = result.Stats;
            ctx.ReportProgress(s.Files + s.Directories, s.Files + s.Directories, "done");
            ctx.Log(string.Create(CultureInfo.InvariantCulture,
                $"Indexed {s.Files} files, {s.Directories} folders, {s.Bytes} bytes: {s.New} new, {s.Modified} modified, {s.Moved} moved, {s.Deleted} deleted, {s.ContentHashed} hashed, {s.Errors} errors."));
            var output = new IndexerJobOutput(state.Request.LocationId, state.Request.Path, state.Request.Mode, s, result.Errors.Count,
                result.PhaseDurations.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => Math.Round(p.Value.TotalSeconds, 3)));
            return JsonSerializer.SerializeToElement(output, IndexerJobJsonContext.Default.IndexerJobOutput);
        }
        finally
        {
            access.Gate.Release();
        }
    }

    private static bool LocationExists(LibraryDatabase db, long id)
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM locations WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is long n && n > 0;
    }

    private static void Warn(JobContext<IndexerJobState> ctx, IReadOnlyList<IndexError> errors)
    {
        foreach (var e in errors.Take(MaxWarnings))
            ctx.AddWarning($"{e.Kind}: {e.Path}: {e.Message}");
        if (errors.Count > MaxWarnings)
            ctx.AddWarning($"… and {errors.Count - MaxWarnings} more.");
    }

    /// <summary>Called from engine threads: progress goes to the job (throttled there), checkpoints to its journal, in order.</summary>
    private sealed class Observer(JobContext<IndexerJobState> ctx, IndexerJobState state, TimeSpan pause, CancellationToken cancellationToken) : IIndexerObserver
    {
        private readonly Lock _lock = new();
        private Task _saved = Task.CompletedTask;

        public void OnProgress(IndexerProgress p)
        {
            var s = p.Stats;
            var parts = new List<string> { p.Phase.ToString().ToLowerInvariant(), $"{s.Files:N0} files", $"{s.Directories:N0} folders" };
            // Done counts folders while walking, files while identifying content (whose total is known: ETA).
            var unit = p.Phase == IndexPhase.Content ? "files" : "folders";
            if (p.RatePerSecond > 0) parts.Add(string.Create(CultureInfo.InvariantCulture, $"{p.RatePerSecond:0} {unit}/s"));
            if (p.EstimatedRemaining is { } eta) parts.Add($"ETA {eta:hh\\:mm\\:ss}");
            if (p.CurrentPath is { } path) parts.Add(path);
            ctx.ReportProgress(p.Done, p.Total, string.Join(" · ", parts));
        }

        public void OnCheckpoint(IndexerCheckpoint checkpoint)
        {
            Task save;
            lock (_lock)
            {
                // Told to the job actor now (so in order); awaited at the end of the run.
                save = ctx.CheckpointAsync(state with { Checkpoint = checkpoint });
                var previous = _saved;
                _saved = Task.WhenAll(previous, save);
            }
            if (pause > TimeSpan.Zero)
            {
                // Diagnostics only: let the checkpoint land, then hold the engine thread a while.
                save.Wait(pause, CancellationToken.None);
                // Ends early when the job is paused or cancelled, so the pause never delays a stop.
                cancellationToken.WaitHandle.WaitOne(pause);
            }
        }

        public Task FlushAsync()
        {
            lock (_lock) return _saved;
        }
    }
}
