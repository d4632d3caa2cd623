using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Validation;

/// <summary><c>spacedrive.validate</c> (hocon/reference.conf documents each key).</summary>
public sealed record ValidationSettings
{
    /// <summary>Files hashed at once; 0 in the config means one per core.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Files read from the index, hashed and written per transaction.</summary>
    public int BatchSize { get; init; } = 500;

    /// <summary>How many changed, missing, corrupt and unreadable paths the output lists (each; all are counted).</summary>
    public int MaxListed { get; init; } = 1000;

    /// <summary>Diagnostics (tests): a wait after each batch, to make a run slow enough to interrupt.</summary>
    public TimeSpan BatchPause { get; init; } = TimeSpan.Zero;

    public static ValidationSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string p = "spacedrive.validate.";
        var d = new ValidationSettings();
        var parallelism = config.GetInt(p + "parallelism", 0);
        return new ValidationSettings
        {
            Parallelism = parallelism > 0 ? parallelism : Environment.ProcessorCount,
            BatchSize = Math.Max(1, config.GetInt(p + "batch-size", d.BatchSize)),
            MaxListed = Math.Max(0, config.GetInt(p + "max-listed", d.MaxListed)),
            BatchPause = config.GetTimeSpan(p + "batch-pause", TimeSpan.Zero, allowInfinite: false),
        };
    }
}

/// <summary>
/// What a library offers its validation jobs (registered in its job services): the path of library.db, which the job
/// opens with connections of its own (a reader to walk the index, a writer with a long busy timeout for the integrity
/// hashes), and the settings.
/// </summary>
public sealed record ValidationLibraryAccess(string DatabasePath, ValidationSettings Settings);
