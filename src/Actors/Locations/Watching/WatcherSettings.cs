using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Locations.Watching;

/// <summary>The `spacedrive.watcher` section of reference.conf.</summary>
public sealed record WatcherSettings
{
    public const string ConfigPath = "spacedrive.watcher";

    /// <summary>Watch every online location while the node runs.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Changes are collected this long after the first of a burst, then applied together.</summary>
    public TimeSpan Debounce { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Compare each location with the disk (a stat walk) when its watcher starts: node start, location back online.</summary>
    public bool CatchUpOnStart { get; init; } = true;

    /// <summary>How often an offline location's root is checked for its return.</summary>
    public TimeSpan OfflinePollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Subtrees that could not be watched (inotify watch limit) are rescanned this often.</summary>
    public TimeSpan FallbackRescanInterval { get; init; } = TimeSpan.FromSeconds(60);

    public static WatcherSettings Default { get; } = new();

    public static WatcherSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (!config.HasPath(ConfigPath))
        {
            return Default;
        }
        var c = config.GetConfig(ConfigPath);
        var d = Default;
        return new WatcherSettings
        {
            Enabled = c.GetBoolean("enabled", d.Enabled),
            Debounce = c.GetTimeSpan("debounce", d.Debounce),
            CatchUpOnStart = c.GetBoolean("catch-up-on-start", d.CatchUpOnStart),
            OfflinePollInterval = c.GetTimeSpan("offline-poll-interval", d.OfflinePollInterval),
            FallbackRescanInterval = c.GetTimeSpan("fallback-rescan-interval", d.FallbackRescanInterval),
        };
    }
}
