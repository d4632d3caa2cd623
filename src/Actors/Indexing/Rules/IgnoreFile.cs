namespace Spacedrive.Actors.Indexing.Rules;

/// <summary>The patterns of one .gitignore (or rule set), in file order; the last match wins.</summary>
public sealed class IgnoreFile
{
    private readonly IgnorePattern[] _patterns;

    public IgnoreFile(IEnumerable<IgnorePattern> patterns) => _patterns = [.. patterns];

    public static IgnoreFile Parse(string text) =>
        new(text.Split('\n').SelectMany(IgnorePattern.Parse));

    public static IgnoreFile FromLines(IEnumerable<string> lines) => new(lines.SelectMany(IgnorePattern.Parse));

    public int Count => _patterns.Length;

    /// <summary>null: no pattern matched; true: ignored; false: re-included by a "!" pattern.</summary>
    public bool? Decide(ReadOnlySpan<char> relativePath, ReadOnlySpan<char> name, bool isDirectory)
    {
        for (var i = _patterns.Length - 1; i >= 0; i--)
        {
            if (_patterns[i].Matches(relativePath, name, isDirectory))
            {
                return !_patterns[i].Negated;
            }
        }
        return null;
    }
}

/// <summary>
/// The .gitignore files in force for a directory: its own and its ancestors' (up to the location
/// root, then above it up to the enclosing repository, then its info/exclude), deepest first.
/// Immutable, shared by the work items of a subtree.
/// </summary>
public sealed class IgnoreStack
{
    private IgnoreStack(IgnoreFile file, string baseRelative, IgnoreStack? parent, string? aboveRoot = null)
    {
        File = file;
        BaseRelative = baseRelative;
        Parent = parent;
        AboveRoot = aboveRoot;
    }

    /// <summary>
    /// For a file in a folder above the location root: the path from that folder down to the root
    /// ("project", "a/b"), which prefixes every path it is asked about. Null below the root.
    /// </summary>
    public string? AboveRoot { get; }

    public IgnoreFile File { get; }

    /// <summary>The .gitignore's directory relative to the location root ("" for the root).</summary>
    public string BaseRelative { get; }

    public IgnoreStack? Parent { get; }

    public static IgnoreStack Push(IgnoreStack? parent, IgnoreFile file, string baseRelative) => new(file, baseRelative, parent);

    /// <summary>A file whose folder is <paramref name="pathToRoot"/> above the location root ("" for the root itself).</summary>
    public static IgnoreStack PushAbove(IgnoreStack? parent, IgnoreFile file, string pathToRoot) =>
        new(file, "", parent, pathToRoot.Length == 0 ? null : pathToRoot);

    /// <summary>Whether git would ignore the entry at <paramref name="relativePath"/> (relative to the location root).</summary>
    public static bool IsIgnored(IgnoreStack? stack, string relativePath, string name, bool isDirectory)
    {
        for (var frame = stack; frame is not null; frame = frame.Parent)
        {
            var local = frame.AboveRoot is { } above
                ? (above + "/" + relativePath).AsSpan()
                : frame.BaseRelative.Length == 0
                    ? relativePath.AsSpan()
                    : relativePath.AsSpan(frame.BaseRelative.Length + 1);
            if (frame.File.Decide(local, name, isDirectory) is { } decision)
            {
                return decision;
            }
        }
        return false;
    }
}
