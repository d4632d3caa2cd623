using System.Collections.Concurrent;
using System.Text;

namespace Spacedrive.Runtime.Configuration;

/// <summary>A path such as <c>a.b</c> or <c>a."b.c".d</c>, split into its keys.</summary>
public sealed class HoconPath : IEquatable<HoconPath>
{
    private static readonly ConcurrentDictionary<string, HoconPath> ParsedPaths = new(StringComparer.Ordinal);

    public HoconPath(IReadOnlyList<string> segments)
    {
        if (segments.Count == 0) throw new ArgumentException("A path has at least one key.", nameof(segments));
        Segments = segments;
    }

    public IReadOnlyList<string> Segments { get; }

    /// <summary>Parses a getter's path; parsed paths are cached since getters run on startup paths.</summary>
    public static HoconPath Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (ParsedPaths.TryGetValue(path, out var cached)) return cached;
        var parsed = new HoconPath(Split(path, out var error) ?? throw new ConfigException($"Invalid path '{path}': {error}"));
        if (ParsedPaths.Count < 10_000) ParsedPaths.TryAdd(path, parsed);
        return parsed;
    }

    /// <summary>Splits on unquoted dots; quoted parts keep theirs. Returns null and an error for a malformed path.</summary>
    internal static List<string>? Split(string path, out string? error)
    {
        var segments = new List<string>();
        var current = new StringBuilder();
        var segmentHasContent = false;
        var i = 0;
        while (i < path.Length)
        {
            var c = path[i];
            if (c == '"')
            {
                var end = i + 1;
                var quoted = new StringBuilder();
                while (end < path.Length && path[end] != '"')
                {
                    if (path[end] == '\\' && end + 1 < path.Length) end++;
                    quoted.Append(path[end]);
                    end++;
                }
                if (end >= path.Length)
                {
                    error = "unterminated quoted key";
                    return null;
                }
                current.Append(quoted);
                segmentHasContent = true;
                i = end + 1;
            }
            else if (c == '.')
            {
                if (!segmentHasContent)
                {
                    error = "empty key (two dots, or a dot at an end)";
                    return null;
                }
                segments.Add(current.ToString());
                current.Clear();
                segmentHasContent = false;
                i++;
            }
            else
            {
                current.Append(c);
                segmentHasContent = true;
                i++;
            }
        }
        if (!segmentHasContent)
        {
            error = "empty key (two dots, or a dot at an end)";
            return null;
        }
        segments.Add(current.ToString());
        error = null;
        return segments;
    }

    public HoconPath Append(IEnumerable<string> more) => new([.. Segments, .. more]);

    public HoconPath Prepend(IReadOnlyList<string> prefix) => prefix.Count == 0 ? this : new([.. prefix, .. Segments]);

    internal bool IsSameAs(IReadOnlyList<string> other) => Segments.SequenceEqual(other, StringComparer.Ordinal);

    /// <summary>Renders keys quoted where needed, so the result parses back to the same path.</summary>
    public override string ToString() => string.Join('.', Segments.Select(HoconRenderer.RenderKey));

    public bool Equals(HoconPath? other) => other is not null && IsSameAs(other.Segments);

    public override bool Equals(object? obj) => Equals(obj as HoconPath);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in Segments) hash.Add(segment, StringComparer.Ordinal);
        return hash.ToHashCode();
    }
}
