using System.Reflection;

namespace Spacedrive.Runtime.Configuration;

public static class ConfigurationFactory
{
    private static readonly Lazy<Config> DefaultConfig = new(() => FromResource("reference.conf", typeof(Config).Assembly));

    public static Config Empty => Config.Empty;

    /// <summary>Parses HOCON text; includes are looked up relative to <paramref name="baseDirectory"/> (default: the current directory).</summary>
    public static Config ParseString(string hocon, string? sourceName = null) => ParseString(hocon, sourceName, baseDirectory: null);

    public static Config ParseString(string hocon, string? sourceName, string? baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(hocon);
        return new Config(HoconParser.Parse(hocon, sourceName ?? "string", baseDirectory));
    }

    /// <summary>Parses a file; its includes are relative to its folder.</summary>
    public static Config ParseFile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Cannot read configuration file '{fullPath}': {e.Message}", e);
        }
        return new Config(HoconParser.Parse(text, fullPath, Path.GetDirectoryName(fullPath)));
    }

    /// <summary>An embedded resource (by logical name) parsed as HOCON.</summary>
    public static Config FromResource(string resourceName, Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        using var stream = assembly.GetManifestResourceStream(resourceName)
            ?? throw new ConfigException($"No embedded resource '{resourceName}' in {assembly.GetName().Name}");
        using var reader = new StreamReader(stream);
        return new Config(HoconParser.Parse(reader.ReadToEnd(), $"{assembly.GetName().Name}:{resourceName}", baseDirectory: null));
    }

    /// <summary>The embedded hocon/reference.conf: every default of the runtime.</summary>
    public static Config Default() => DefaultConfig.Value;
}
