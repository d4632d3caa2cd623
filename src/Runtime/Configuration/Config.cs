namespace Spacedrive.Runtime.Configuration;

// PLACEHOLDER API: the HOCON helper replaces this file with the real reader. Kernel code may
// call exactly these members; their semantics are Akka's (missing path -> default).
public sealed class Config
{
    public static Config Empty { get; } = new();

    public bool IsEmpty => true;
    public bool HasPath(string path) => false;
    public string? GetString(string path, string? defaultValue = null) => defaultValue;
    public int GetInt(string path, int defaultValue = 0) => defaultValue;
    public long GetLong(string path, long defaultValue = 0) => defaultValue;
    public double GetDouble(string path, double defaultValue = 0) => defaultValue;
    public bool GetBoolean(string path, bool defaultValue = false) => defaultValue;
    /// <summary>Durations such as 500ms, 5s, 2 minutes; "infinite" gives Timeout.InfiniteTimeSpan when allowed.</summary>
    public TimeSpan GetTimeSpan(string path, TimeSpan? defaultValue = null, bool allowInfinite = true) => defaultValue ?? TimeSpan.Zero;
    /// <summary>Sizes such as 64KiB, 1 MiB, in bytes.</summary>
    public long? GetByteSize(string path, long? defaultValue = null) => defaultValue;
    public IReadOnlyList<string> GetStringList(string path) => [];
    public Config GetConfig(string path) => Empty;
    public Config WithFallback(Config fallback) => fallback;
}

public static class ConfigurationFactory
{
    public static Config Empty => Config.Empty;
    public static Config ParseString(string hocon, string? sourceName = null) => Config.Empty;
    public static Config ParseFile(string path) => Config.Empty;
    /// <summary>The embedded hocon/reference.conf: every default of the runtime.</summary>
    public static Config Default() => Config.Empty;
}
