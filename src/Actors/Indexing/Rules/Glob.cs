namespace Spacedrive.Actors.Indexing.Rules;

/// <summary>
/// Glob matching with gitignore semantics, compiled once: '*' and '?' never cross '/', "[a-z]" and
/// "[!x]" classes, '\' escapes, "**" as a whole segment matches any number of segments, and "{a,b}"
/// alternatives (expanded when the pattern is compiled). Patterns are classified so that the common
/// shapes cost a hash lookup or an EndsWith, not a backtracking match.
/// </summary>
public static class Glob
{
    public static IReadOnlyList<string> ExpandBraces(string pattern)
    {
        var open = FindUnescaped(pattern, '{', 0);
        if (open < 0)
        {
            return [pattern];
        }
        var depth = 0;
        var parts = new List<string>();
        var partStart = open + 1;
        for (var i = open; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                i++;
                continue;
            }
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}')
            {
                depth--;
                if (depth == 0)
                {
                    parts.Add(pattern[partStart..i]);
                    var prefix = pattern[..open];
                    var suffix = pattern[(i + 1)..];
                    var result = new List<string>();
                    foreach (var part in parts)
                    {
                        result.AddRange(ExpandBraces(prefix + part + suffix));
                    }
                    return result;
                }
            }
            else if (c == ',' && depth == 1)
            {
                parts.Add(pattern[partStart..i]);
                partStart = i + 1;
            }
        }
        return [pattern]; // unbalanced: literal
    }

    public static bool HasWildcards(string s) => s.AsSpan().IndexOfAny("*?[\\") >= 0;

    /// <summary>Matches a whole text against a pattern ('/' separates segments).</summary>
    public static bool IsMatch(string pattern, ReadOnlySpan<char> text) => Match(pattern.AsSpan(), text);

    private static bool Match(ReadOnlySpan<char> p, ReadOnlySpan<char> s)
    {
        var pi = 0;
        var si = 0;
        while (pi < p.Length)
        {
            var c = p[pi];
            if (c == '*')
            {
                if (pi + 1 < p.Length && p[pi + 1] == '*' && (pi == 0 || p[pi - 1] == '/'))
                {
                    var rest = pi + 2;
                    if (rest == p.Length)
                    {
                        return true;
                    }
                    if (p[rest] == '/')
                    {
                        rest++;
                        for (var k = si; k <= s.Length; k++)
                        {
                            if ((k == si || s[k - 1] == '/') && Match(p[rest..], s[k..]))
                            {
                                return true;
                            }
                        }
                        return false;
                    }
                }
                // '*' (or '**' glued to other characters): anything but '/'.
                var next = pi + 1;
                while (next < p.Length && p[next] == '*')
                {
                    next++;
                }
                for (var k = si; k <= s.Length; k++)
                {
                    if (Match(p[next..], s[k..]))
                    {
                        return true;
                    }
                    if (k < s.Length && s[k] == '/')
                    {
                        return false;
                    }
                }
                return false;
            }
            if (si >= s.Length)
            {
                return false;
            }
            if (c == '?')
            {
                if (s[si] == '/')
                {
                    return false;
                }
                pi++;
                si++;
                continue;
            }
            if (c == '[')
            {
                var end = ClassEnd(p, pi);
                if (end > 0)
                {
                    if (s[si] == '/' || !ClassMatches(p[(pi + 1)..end], s[si]))
                    {
                        return false;
                    }
                    pi = end + 1;
                    si++;
                    continue;
                }
            }
            if (c == '\\' && pi + 1 < p.Length)
            {
                pi++;
                c = p[pi];
            }
            if (c != s[si])
            {
                return false;
            }
            pi++;
            si++;
        }
        return si == s.Length;
    }

    private static int ClassEnd(ReadOnlySpan<char> p, int open)
    {
        var i = open + 1;
        if (i < p.Length && (p[i] == '!' || p[i] == '^'))
        {
            i++;
        }
        if (i < p.Length && p[i] == ']')
        {
            i++;
        }
        for (; i < p.Length; i++)
        {
            if (p[i] == ']')
            {
                return i;
            }
        }
        return -1;
    }

    private static bool ClassMatches(ReadOnlySpan<char> cls, char c)
    {
        var negate = cls.Length > 0 && (cls[0] == '!' || cls[0] == '^');
        if (negate)
        {
            cls = cls[1..];
        }
        var hit = false;
        for (var i = 0; i < cls.Length; i++)
        {
            if (i + 2 < cls.Length && cls[i + 1] == '-')
            {
                if (c >= cls[i] && c <= cls[i + 2])
                {
                    hit = true;
                }
                i += 2;
            }
            else if (cls[i] == c)
            {
                hit = true;
            }
        }
        return hit != negate;
    }

    private static int FindUnescaped(string s, char c, int from)
    {
        for (var i = from; i < s.Length; i++)
        {
            if (s[i] == '\\')
            {
                i++;
            }
            else if (s[i] == c)
            {
                return i;
            }
        }
        return -1;
    }
}

/// <summary>
/// One compiled pattern line in gitignore syntax: "!" negates, a trailing "/" matches directories
/// only, a pattern with a "/" at the start or in the middle is anchored to its base directory,
/// otherwise it matches the name at any depth. A leading "**/" is the same as no anchor.
/// </summary>
public sealed class IgnorePattern
{
    private enum Shape { Literal, Suffix, Prefix, NameGlob, PathGlob }

    private readonly Shape _shape;
    private readonly string _text;

    private IgnorePattern(Shape shape, string text, bool negated, bool directoryOnly, string source)
    {
        _shape = shape;
        _text = text;
        Negated = negated;
        DirectoryOnly = directoryOnly;
        Source = source;
    }

    public bool Negated { get; }

    public bool DirectoryOnly { get; }

    public string Source { get; }

    /// <summary>Parses one line (brace alternatives expand to several patterns); empty for blanks and comments.</summary>
    public static IEnumerable<IgnorePattern> Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var text = line.TrimEnd('\r', '\n');
        // Trailing spaces are ignored unless escaped.
        while (text.EndsWith(' ') && !text.EndsWith("\\ ", StringComparison.Ordinal))
        {
            text = text[..^1];
        }
        if (text.Length == 0 || text[0] == '#')
        {
            yield break;
        }
        var negated = false;
        if (text[0] == '!')
        {
            negated = true;
            text = text[1..];
        }
        else if (text.StartsWith("\\!", StringComparison.Ordinal) || text.StartsWith("\\#", StringComparison.Ordinal))
        {
            text = text[1..];
        }
        var directoryOnly = false;
        if (text.EndsWith('/'))
        {
            directoryOnly = true;
            text = text.TrimEnd('/');
        }
        if (text.Length == 0)
        {
            yield break;
        }
        foreach (var expanded in Glob.ExpandBraces(text))
        {
            yield return Compile(expanded, negated, directoryOnly, line);
        }
    }

    private static IgnorePattern Compile(string text, bool negated, bool directoryOnly, string source)
    {
        while (text.StartsWith("**/", StringComparison.Ordinal))
        {
            text = text[3..];
        }
        var anchored = text.Contains('/', StringComparison.Ordinal);
        if (anchored)
        {
            return new IgnorePattern(Shape.PathGlob, text.TrimStart('/'), negated, directoryOnly, source);
        }
        if (!Glob.HasWildcards(text))
        {
            return new IgnorePattern(Shape.Literal, text, negated, directoryOnly, source);
        }
        if (text[0] == '*' && !Glob.HasWildcards(text[1..]))
        {
            return new IgnorePattern(Shape.Suffix, text[1..], negated, directoryOnly, source);
        }
        if (text[^1] == '*' && !Glob.HasWildcards(text[..^1]))
        {
            return new IgnorePattern(Shape.Prefix, text[..^1], negated, directoryOnly, source);
        }
        return new IgnorePattern(Shape.NameGlob, text, negated, directoryOnly, source);
    }

    /// <summary>True if the entry matches; <paramref name="relativePath"/> is relative to the pattern's base directory.</summary>
    public bool Matches(ReadOnlySpan<char> relativePath, ReadOnlySpan<char> name, bool isDirectory)
    {
        if (DirectoryOnly && !isDirectory)
        {
            return false;
        }
        return _shape switch
        {
            Shape.Literal => name.SequenceEqual(_text),
            Shape.Suffix => name.EndsWith(_text, StringComparison.Ordinal),
            Shape.Prefix => name.StartsWith(_text, StringComparison.Ordinal),
            Shape.NameGlob => Glob.IsMatch(_text, name),
            _ => Glob.IsMatch(_text, relativePath),
        };
    }

    internal bool IsLiteralName(out string name)
    {
        name = _text;
        return _shape == Shape.Literal && !Negated;
    }
}
