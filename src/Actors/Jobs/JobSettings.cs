using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Jobs;

/// <summary><c>spacedrive.jobs</c> (hocon/reference.conf documents each key).</summary>
public sealed record JobSettings
{
    public int MaxConcurrent { get; init; } = 2;
    public long CheckpointEveryItems { get; init; } = 1000;
    public TimeSpan CheckpointEveryInterval { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(250);
    public int LogLines { get; init; } = 200;
    public int MaxMessages { get; init; } = 1000;
    public int SnapshotEveryCheckpoints { get; init; } = 100;
    public int IndexSnapshotEvery { get; init; } = 500;
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public int DefaultPriority { get; init; }
    public IReadOnlyDictionary<string, int> Priorities { get; init; } = new Dictionary<string, int>(StringComparer.Ordinal);

    public int PriorityOf(string type) => Priorities.TryGetValue(type, out var p) ? p : DefaultPriority;

    public static JobSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string p = "spacedrive.jobs.";
        var d = new JobSettings();
        var priorities = new Dictionary<string, int>(StringComparer.Ordinal);
        if (config.HasPath(p + "priorities"))
        {
            var section = config.GetConfig(p + "priorities");
            foreach (var key in section.Keys)
                priorities[key] = section.GetInt("\"" + key + "\"", d.DefaultPriority);
        }
        return new JobSettings
        {
            MaxConcurrent = Math.Max(1, config.GetInt(p + "max-concurrent", d.MaxConcurrent)),
            CheckpointEveryItems = Math.Max(1, config.GetLong(p + "checkpoint.every-items", d.CheckpointEveryItems)),
            CheckpointEveryInterval = config.GetTimeSpan(p + "checkpoint.every-interval", d.CheckpointEveryInterval, allowInfinite: false),
            ProgressInterval = config.GetTimeSpan(p + "progress-interval", d.ProgressInterval, allowInfinite: false),
            LogLines = Math.Max(0, config.GetInt(p + "log-lines", d.LogLines)),
            MaxMessages = Math.Max(0, config.GetInt(p + "max-messages", d.MaxMessages)),
            SnapshotEveryCheckpoints = Math.Max(1, config.GetInt(p + "snapshot-every-checkpoints", d.SnapshotEveryCheckpoints)),
            IndexSnapshotEvery = Math.Max(1, config.GetInt(p + "index-snapshot-every", d.IndexSnapshotEvery)),
            ShutdownTimeout = config.GetTimeSpan(p + "shutdown-timeout", d.ShutdownTimeout, allowInfinite: false),
            DefaultPriority = config.GetInt(p + "default-priority", d.DefaultPriority),
            Priorities = priorities,
        };
    }
}
