using System.Collections;

namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// Maps environment variables to configuration paths, for the layer a node reads between node.conf and its flags.
/// For a variable <c>SD_JOBS__MAX_CONCURRENT=4</c> with prefix <c>SD_</c> and root <c>spacedrive</c>: the prefix is
/// removed, the rest lower-cased, a double underscore becomes a dot and a single underscore a dash, and the path goes
/// under the root: <c>spacedrive.jobs.max-concurrent = 4</c>. A value that is a JSON number or true/false keeps that
/// type, one starting with <c>[</c> is read as a HOCON array, anything else is a string. A variable whose name
/// maps to an empty key (<c>SD_</c>, <c>SD_A____B</c>) is ignored.
/// </summary>
public static class EnvironmentConfig
{
    public const string DefaultPrefix = "SD_";
    public const string DefaultRootPath = "spacedrive";

    public static Config FromProcess(string prefix = DefaultPrefix, string rootPath = DefaultRootPath)
    {
        var variables = new List<KeyValuePair<string, string?>>();
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables.Add(new((string)entry.Key, entry.Value as string));
        return FromVariables(variables, prefix, rootPath);
    }

    public static Config FromVariables(IEnumerable<KeyValuePair<string, string?>> variables, string prefix = DefaultPrefix, string rootPath = DefaultRootPath)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var root = new HoconObject(new ConfigOrigin("environment", 0));
        // Sorted so that conflicting variables (SD_A=1 and SD_A__B=2) give the same result on every run.
        foreach (var (name, value) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            if (value is null || ToPath(name, prefix, rootPath) is not { } path) continue;
            HoconMerge.SetField(root, path, ToValue(name, value));
        }
        return new Config(root);
    }

    /// <summary>The configuration path a variable maps to, or null when it does not start with the prefix or maps to an empty key.</summary>
    public static IReadOnlyList<string>? ToPath(string variableName, string prefix = DefaultPrefix, string rootPath = DefaultRootPath)
    {
        ArgumentNullException.ThrowIfNull(variableName);
        if (!variableName.StartsWith(prefix, StringComparison.Ordinal) || variableName.Length == prefix.Length) return null;
        var keys = variableName[prefix.Length..].ToLowerInvariant().Split("__");
        if (Array.Exists(keys, k => k.Length == 0)) return null;
        var rootKeys = string.IsNullOrEmpty(rootPath) ? [] : HoconPath.Parse(rootPath).Segments;
        return [.. rootKeys, .. keys.Select(k => k.Replace('_', '-'))];
    }

    private static HoconValue ToValue(string name, string value)
    {
        var origin = new ConfigOrigin("env:" + name, 0);
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            var parsed = HoconParser.Parse("value = " + trimmed, "env:" + name, baseDirectory: null);
            return parsed["value"];
        }
        if (trimmed is "true" or "false" || HoconScalar.IsJsonNumber(trimmed)) return HoconScalar.FromUnquoted(trimmed, origin);
        return HoconScalar.String(value, origin);
    }
}
