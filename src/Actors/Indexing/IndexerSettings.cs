using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Indexing;

/// <summary>The `spacedrive.indexer` section of reference.conf.</summary>
public sealed record IndexerSettings
{
    public const string ConfigPath = "spacedrive.indexer";

    /// <summary>Directory-walk workers (0 = one per core).</summary>
    public int DiscoveryWorkers { get; init; }

    /// <summary>Directory listings in flight between Discovery and Processing (backpressure).</summary>
    public int ChannelCapacity { get; init; } = 256;

    /// <summary>Entries written per transaction.</summary>
    public int BatchSize { get; init; } = 10_000;

    /// <summary>Content-identity workers (0 = one per core).</summary>
    public int ContentWorkers { get; init; }

    /// <summary>Files hashed and linked per transaction in the content phase.</summary>
    public int ContentBatchSize { get; init; } = 2_000;

    /// <summary>A checkpoint at least every this many items...</summary>
    public int CheckpointItems { get; init; } = 5_000;

    /// <summary>...or this often.</summary>
    public TimeSpan CheckpointInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>At most one progress report per interval.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Non-fatal errors kept in the result (all are counted).</summary>
    public int MaxErrorsKept { get; init; } = 1_000;

    /// <summary>Deepest folder level walked (the tree below is recorded as a non-fatal error).</summary>
    public int MaxDepth { get; init; } = 4_096;

    /// <summary>
    /// A run that wrote at least this many new entries, most of the library, compacts the database once after its
    /// aggregation (0 = never): aggregates make folder rows grow after their pages were filled, leaving them ~8% empty.
    /// </summary>
    public long CompactAfterNewEntries { get; init; } = 500_000;

    public int EffectiveDiscoveryWorkers => DiscoveryWorkers > 0 ? DiscoveryWorkers : Environment.ProcessorCount;

    public int EffectiveContentWorkers => ContentWorkers > 0 ? ContentWorkers : Environment.ProcessorCount;

    public static IndexerSettings Default { get; } = new();

    public static IndexerSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.HasPath(ConfigPath))
        {
            return Default;
        }
        var c = config.GetConfig(ConfigPath);
        var d = Default;
        return new IndexerSettings
        {
            DiscoveryWorkers = c.GetInt("discovery-workers", d.DiscoveryWorkers),
            ChannelCapacity = c.GetInt("channel-capacity", d.ChannelCapacity),
            BatchSize = c.GetInt("batch-size", d.BatchSize),
            ContentWorkers = c.GetInt("content-workers", d.ContentWorkers),
            ContentBatchSize = c.GetInt("content-batch-size", d.ContentBatchSize),
            CheckpointItems = c.GetInt("checkpoint-items", d.CheckpointItems),
            CheckpointInterval = c.GetTimeSpan("checkpoint-interval", d.CheckpointInterval),
            ProgressInterval = c.GetTimeSpan("progress-interval", d.ProgressInterval),
            MaxErrorsKept = c.GetInt("max-errors-kept", d.MaxErrorsKept),
            MaxDepth = c.GetInt("max-depth", d.MaxDepth),
            CompactAfterNewEntries = c.GetLong("compact-after-new-entries", d.CompactAfterNewEntries),
        };
    }
}
