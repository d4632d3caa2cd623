using System.Text.Json.Serialization;
using Spacedrive.Actors.Indexing.Rules;

namespace Spacedrive.Actors.Indexing;

/// <summary>How much an indexing run does (ordered, as the reference's IndexMode).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IndexMode>))]
public enum IndexMode
{
    /// <summary>File system metadata only.</summary>
    Shallow = 1,

    /// <summary>Shallow + sampled content identity for new and changed files.</summary>
    Content = 2,

    /// <summary>Content + analysis (what would be queued for sidecars: thumbnails, text…).</summary>
    Deep = 3,
}

/// <summary>Current = the root's direct children only; Recursive = the whole tree.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IndexScope>))]
public enum IndexScope
{
    Recursive = 0,
    Current = 1,
}

[JsonConverter(typeof(JsonStringEnumConverter<IndexPhase>))]
public enum IndexPhase
{
    Discovery = 0,
    Processing = 1,
    Aggregation = 2,
    Content = 3,
    Analysis = 4,
    Complete = 5,
}

/// <summary>
/// What a job asks the engine to do. <see cref="LocationId"/> is the local row id of the location
/// (locations.id) whose root is <see cref="Path"/>; the location row must exist.
/// </summary>
public sealed record IndexerRequest
{
    public required long LocationId { get; init; }

    /// <summary>Absolute path of the location root.</summary>
    public required string Path { get; init; }

    public IndexMode Mode { get; init; } = IndexMode.Content;

    public IndexScope Scope { get; init; } = IndexScope.Recursive;

    /// <summary>Rule toggles for this run, over the location's.</summary>
    public RuleToggles? Rules { get; init; }

    /// <summary>UUIDs to give new entries by absolute path (e.g. from an ephemeral index), else new v7 ones.</summary>
    [JsonIgnore]
    public Func<string, Guid?>? PreassignedUuids { get; init; }
}

/// <summary>A problem that did not stop the run: an unreadable folder, a file that vanished…</summary>
public sealed record IndexError(string Path, string Kind, string Message);

/// <summary>Counts of one run (also carried in checkpoints).</summary>
public sealed record IndexerStats
{
    public long Files { get; init; }
    public long Directories { get; init; }
    public long Symlinks { get; init; }
    public long Special { get; init; }
    public long Bytes { get; init; }
    public long Skipped { get; init; }
    public long Errors { get; init; }
    public long New { get; init; }
    public long Modified { get; init; }
    public long Moved { get; init; }
    public long Deleted { get; init; }
    public long Unchanged { get; init; }
    public long AggregatesUpdated { get; init; }
    public long ContentHashed { get; init; }
    public long ContentLinked { get; init; }
    public long ContentFailed { get; init; }
    public long AnalysisQueued { get; init; }

    /// <summary>SQLite total_changes() over the run: rows written (inserts, updates, deletes, trigger work included).</summary>
    public long RowsWritten { get; init; }
}

/// <summary>
/// The resumable state of a run, small and System.Text.Json-friendly: the job persists it as is and
/// passes it back to <see cref="IndexerEngine.RunAsync"/>. Design: every phase is idempotent, so a
/// checkpoint says where to restart, not what was done. Discovery and Processing restart from the
/// walk (change detection turns every entry already written into a no-op, so nothing is written twice
/// and ids/UUIDs are kept); Aggregation recomputes from the library; Content continues after
/// <see cref="ContentCursor"/> (the last entry id whose batch committed) and anyway only looks at
/// files without content_id.
/// </summary>
public sealed record IndexerCheckpoint
{
    public const int CurrentVersion = 1;

    public int Version { get; init; } = CurrentVersion;

    public required IndexPhase Phase { get; init; }

    public required IndexerRequestSnapshot Request { get; init; }

    public IndexerStats Stats { get; init; } = new();

    /// <summary>Directories whose listing was committed (progress info for the walk phases).</summary>
    public long DirectoriesDone { get; init; }

    /// <summary>Content phase: entries with id &lt;= this were handled.</summary>
    public long ContentCursor { get; init; }

    /// <summary>Analysis phase: entries with id &lt;= this were handled.</summary>
    public long AnalysisCursor { get; init; }

    public DateTimeOffset SavedAt { get; init; }
}

/// <summary>The serializable part of a request (what a checkpoint must remember).</summary>
public sealed record IndexerRequestSnapshot(long LocationId, string Path, IndexMode Mode, IndexScope Scope, RuleToggles? Rules)
{
    public static IndexerRequestSnapshot Of(IndexerRequest r) => new(r.LocationId, r.Path, r.Mode, r.Scope, r.Rules);

    public IndexerRequest ToRequest() => new() { LocationId = LocationId, Path = Path, Mode = Mode, Scope = Scope, Rules = Rules };
}

/// <summary>A throttled progress report.</summary>
public sealed record IndexerProgress(
    IndexPhase Phase,
    long Done,
    long? Total,
    string? CurrentPath,
    double RatePerSecond,
    TimeSpan? EstimatedRemaining,
    IndexerStats Stats);

/// <summary>What a finished run returns.</summary>
public sealed record IndexerResult(
    IndexerStats Stats,
    IReadOnlyList<IndexError> Errors,
    IReadOnlyDictionary<IndexPhase, TimeSpan> PhaseDurations,
    IReadOnlyList<AnalysisItem> AnalysisQueue,
    long RootEntryId);

/// <summary>Deep mode: something that would be queued for sidecar generation.</summary>
public sealed record AnalysisItem(long EntryId, string ContentHash, string Kind);

/// <summary>Receives progress and checkpoints (a job persists the checkpoints). Called from engine threads.</summary>
public interface IIndexerObserver
{
    void OnProgress(IndexerProgress progress);

    void OnCheckpoint(IndexerCheckpoint checkpoint);
}
