using System.Collections.Concurrent;
using System.Globalization;

namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// An immutable HOCON configuration, read like Akka's: a missing path gives the getter's default, a value of
/// the wrong type throws a <see cref="ConfigException"/> naming the path and where it was written.
/// Substitutions are resolved on first read, against the whole tree including fallbacks, so a layer may refer
/// to a value that only a later <see cref="WithFallback"/> provides.
/// </summary>
public sealed class Config
{
    private readonly HoconObject _unresolvedRoot;
    private readonly Lazy<HoconObject> _root;
    private readonly ConcurrentDictionary<string, HoconValue?> _lookups = new(StringComparer.Ordinal);

    public Config(HoconObject root) : this(root, isResolved: false)
    {
    }

    private Config(HoconObject root, bool isResolved)
    {
        ArgumentNullException.ThrowIfNull(root);
        _unresolvedRoot = root;
        _root = isResolved
            ? new Lazy<HoconObject>(root)
            : new Lazy<HoconObject>(() => HoconResolver.Resolve(root), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public static Config Empty { get; } = new(new HoconObject(), isResolved: true);

    /// <summary>The resolved root object.</summary>
    public HoconObject Root => _root.Value;

    public bool IsEmpty => Root.Count == 0;

    /// <summary>Resolves substitutions now, so that an unresolvable or cyclic one fails here rather than at some later read.</summary>
    public Config Resolve()
    {
        _ = _root.Value;
        return this;
    }

    /// <summary>True when the path holds a value other than null.</summary>
    public bool HasPath(string path) => GetValue(path) is not null and not HoconScalar { Type: HoconValueType.Null };

    /// <summary>The value at the path, or null when the path is missing.</summary>
    public HoconValue? GetValue(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (_lookups.TryGetValue(path, out var cached)) return cached;
        var found = Find(HoconPath.Parse(path));
        _lookups.TryAdd(path, found);
        return found;
    }

    private HoconValue? Find(HoconPath path)
    {
        HoconValue current = Root;
        foreach (var key in path.Segments)
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child)) return null;
            current = child;
        }
        return current;
    }

    public string? GetString(string path, string? defaultValue = null) =>
        GetScalar(path, "a string") is { } scalar ? scalar.Text : defaultValue;

    public int GetInt(string path, int defaultValue = 0)
    {
        if (GetScalar(path, "an integer") is not { } scalar) return defaultValue;
        var value = ParseLong(path, scalar);
        return value is >= int.MinValue and <= int.MaxValue
            ? (int)value
            : throw WrongValue(path, scalar, $"an integer between {int.MinValue} and {int.MaxValue}");
    }

    public long GetLong(string path, long defaultValue = 0) =>
        GetScalar(path, "an integer") is { } scalar ? ParseLong(path, scalar) : defaultValue;

    public double GetDouble(string path, double defaultValue = 0) =>
        GetScalar(path, "a number") is { } scalar ? ParseDouble(path, scalar) : defaultValue;

    /// <summary>Accepts true/false, on/off and yes/no.</summary>
    public bool GetBoolean(string path, bool defaultValue = false) =>
        GetScalar(path, "a boolean") is { } scalar ? ParseBoolean(path, scalar) : defaultValue;

    /// <summary>Durations such as 500ms, 5s, 2 minutes; "infinite" gives Timeout.InfiniteTimeSpan when allowed.</summary>
    public TimeSpan GetTimeSpan(string path, TimeSpan? defaultValue = null, bool allowInfinite = true)
    {
        if (GetScalar(path, "a duration") is not { } scalar) return defaultValue ?? TimeSpan.Zero;
        return ParseTimeSpan(path, scalar, allowInfinite);
    }

    /// <summary>Sizes such as 64KiB, 1 MiB, in bytes.</summary>
    public long? GetByteSize(string path, long? defaultValue = null)
    {
        if (GetScalar(path, "a size") is not { } scalar) return defaultValue;
        return HoconByteSize.TryParse(scalar.Text, out var error) ?? throw WrongValue(path, scalar, error!);
    }

    /// <summary>The strings of an array; empty when the path is missing.</summary>
    public IReadOnlyList<string> GetStringList(string path) => GetList(path, "a list of strings", (_, scalar) => scalar.Text);

    public IReadOnlyList<int> GetIntList(string path) =>
        GetList(path, "a list of integers", (itemPath, scalar) =>
        {
            var value = ParseLong(itemPath, scalar);
            return value is >= int.MinValue and <= int.MaxValue ? (int)value : throw WrongValue(itemPath, scalar, "a 32-bit integer");
        });

    public IReadOnlyList<long> GetLongList(string path) => GetList(path, "a list of integers", ParseLong);

    public IReadOnlyList<double> GetDoubleList(string path) => GetList(path, "a list of numbers", ParseDouble);

    public IReadOnlyList<bool> GetBooleanList(string path) => GetList(path, "a list of booleans", ParseBoolean);

    public IReadOnlyList<TimeSpan> GetTimeSpanList(string path) =>
        GetList(path, "a list of durations", (itemPath, scalar) => ParseTimeSpan(itemPath, scalar, allowInfinite: true));

    /// <summary>The sub-tree at the path (resolved); <see cref="Empty"/> when missing.</summary>
    public Config GetConfig(string path)
    {
        var value = GetValue(path);
        return value switch
        {
            null or HoconScalar { Type: HoconValueType.Null } => Empty,
            HoconObject obj => new Config(obj, isResolved: true),
            _ => throw WrongType(path, value, "an object"),
        };
    }

    /// <summary>The fields of the root object, in the order first written: use with <see cref="GetConfig"/> for a sub-object.</summary>
    public IEnumerable<KeyValuePair<string, HoconValue>> AsEnumerable() => Root;

    /// <summary>The keys of the root object.</summary>
    public IEnumerable<string> Keys => Root.Keys;

    /// <summary>This config over <paramref name="fallback"/>: values here win, objects merge deeply.</summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        if (ReferenceEquals(fallback, this) || fallback._unresolvedRoot.Count == 0) return this;
        if (_unresolvedRoot.Count == 0) return fallback;
        return new Config(HoconMerge.MergeObjects(fallback._unresolvedRoot, _unresolvedRoot));
    }

    /// <summary>This config with <paramref name="path"/> set to <paramref name="value"/> (an object value merges with what is there).</summary>
    public Config WithValue(string path, HoconValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var layer = new HoconObject(value.Origin);
        HoconMerge.SetField(layer, HoconPath.Parse(path).Segments, value);
        return new Config(HoconMerge.MergeObjects(_unresolvedRoot, layer));
    }

    public Config WithValue(string path, string value) => WithValue(path, HoconScalar.String(value));

    public Config WithValue(string path, long value) => WithValue(path, HoconScalar.Number(value));

    public Config WithValue(string path, double value) => WithValue(path, HoconScalar.Number(value));

    public Config WithValue(string path, bool value) => WithValue(path, HoconScalar.Boolean(value));

    /// <summary>Stored in the duration syntax, e.g. <c>1500ms</c>; infinite as <c>infinite</c>.</summary>
    public Config WithValue(string path, TimeSpan value) =>
        WithValue(path, HoconScalar.String(value == Timeout.InfiniteTimeSpan
            ? "infinite"
            : value.Ticks % TimeSpan.TicksPerMillisecond == 0
                ? (value.Ticks / TimeSpan.TicksPerMillisecond).ToString(CultureInfo.InvariantCulture) + "ms"
                : (value.Ticks * 100).ToString(CultureInfo.InvariantCulture) + "ns"));

    public Config WithValue(string path, IEnumerable<string> values) =>
        WithValue(path, new HoconArray(values.Select(v => HoconScalar.String(v))));

    /// <summary>
    /// Environment variables as configuration: see <see cref="EnvironmentConfig"/> for the mapping
    /// (<c>SD_JOBS__MAX_CONCURRENT=4</c> is <c>spacedrive.jobs.max-concurrent = 4</c>).
    /// </summary>
    public static Config FromEnvironment(string prefix = EnvironmentConfig.DefaultPrefix, string rootPath = EnvironmentConfig.DefaultRootPath) =>
        EnvironmentConfig.FromProcess(prefix, rootPath);

    /// <summary>As <see cref="FromEnvironment(string, string)"/> over the given variables (for tests and for hosts that filter them).</summary>
    public static Config FromEnvironment(
        IEnumerable<KeyValuePair<string, string?>> variables,
        string prefix = EnvironmentConfig.DefaultPrefix,
        string rootPath = EnvironmentConfig.DefaultRootPath) =>
        EnvironmentConfig.FromVariables(variables, prefix, rootPath);

    /// <summary>Resolved HOCON text that parses back to the same values.</summary>
    public string Render() => HoconRenderer.RenderRoot(Root);

    /// <summary>As <see cref="Render"/>, but never throws: an unresolvable configuration shows its error instead.</summary>
    public override string ToString()
    {
        try
        {
            return Render();
        }
        catch (ConfigException e)
        {
            return "# unresolvable configuration: " + e.Message;
        }
    }

    private HoconScalar? GetScalar(string path, string expected)
    {
        var value = GetValue(path);
        return value switch
        {
            null or HoconScalar { Type: HoconValueType.Null } => null,
            HoconScalar scalar => scalar,
            _ => throw WrongType(path, value, expected),
        };
    }

    private IReadOnlyList<T> GetList<T>(string path, string expected, Func<string, HoconScalar, T> convert)
    {
        var value = GetValue(path);
        switch (value)
        {
            case null or HoconScalar { Type: HoconValueType.Null }:
                return [];
            case HoconArray array:
                var items = new T[array.Count];
                for (var i = 0; i < array.Count; i++)
                {
                    var itemPath = $"{path}[{i}]";
                    items[i] = array[i] is HoconScalar scalar && scalar.Type != HoconValueType.Null
                        ? convert(itemPath, scalar)
                        : throw WrongType(itemPath, array[i], expected.Replace("a list of ", "", StringComparison.Ordinal));
                }
                return items;
            default:
                throw WrongType(path, value, expected);
        }
    }

    private static long ParseLong(string path, HoconScalar scalar)
    {
        if (long.TryParse(scalar.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)) return value;
        // 1e3 or 4.0 are integers written as numbers.
        if (double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && number == Math.Floor(number) && number is >= long.MinValue and < long.MaxValue)
            return (long)number;
        throw WrongValue(path, scalar, "an integer");
    }

    private static double ParseDouble(string path, HoconScalar scalar) =>
        double.TryParse(scalar.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw WrongValue(path, scalar, "a number");

    private static bool ParseBoolean(string path, HoconScalar scalar) => scalar.Text switch
    {
        "true" or "on" or "yes" => true,
        "false" or "off" or "no" => false,
        _ => throw WrongValue(path, scalar, "a boolean (true/false, on/off, yes/no)"),
    };

    private static TimeSpan ParseTimeSpan(string path, HoconScalar scalar, bool allowInfinite)
    {
        var duration = HoconDuration.TryParse(scalar.Text, out var error) ?? throw WrongValue(path, scalar, error!);
        if (duration == Timeout.InfiniteTimeSpan && !allowInfinite)
            throw WrongValue(path, scalar, "a finite duration ('infinite' is not allowed here)");
        return duration;
    }

    private static ConfigException WrongType(string path, HoconValue value, string expected) =>
        new($"Config path '{path}' ({value.Origin}) should be {expected} but is {Describe(value)}");

    private static ConfigException WrongValue(string path, HoconScalar scalar, string expected) =>
        new($"Config path '{path}' ({scalar.Origin}) should be {expected} but is {Describe(scalar)}");

    private static string Describe(HoconValue value) => value switch
    {
        HoconObject => "an object",
        HoconArray => "a list",
        HoconScalar scalar => $"{scalar.Type.ToString().ToLowerInvariant()} {HoconRenderer.Quote(scalar.Text)}",
        _ => "unresolved",
    };
}
