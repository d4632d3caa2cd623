using System.Text;

namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// Builds the unresolved tree of one HOCON document (and the files it includes). Substitutions stay in the
/// tree: they are resolved against the whole merged configuration, possibly after fallbacks are added.
/// </summary>
internal sealed class HoconParser
{
    private const int MaxIncludeDepth = 32;

    private readonly List<HoconToken> _tokens;
    private readonly string _sourceName;
    private readonly HoconIncludeContext _includes;

    // Where this document sits in the final tree: non-empty for a file included inside an object,
    // whose substitutions are relative to that object.
    private readonly IReadOnlyList<string> _prefix;
    private int _index;

    private HoconParser(List<HoconToken> tokens, string sourceName, HoconIncludeContext includes, IReadOnlyList<string> prefix)
    {
        _tokens = tokens;
        _sourceName = sourceName;
        _includes = includes;
        _prefix = prefix;
    }

    public static HoconObject Parse(string text, string sourceName, string? baseDirectory) =>
        Parse(text, sourceName, new HoconIncludeContext(baseDirectory, []), []);

    private static HoconObject Parse(string text, string sourceName, HoconIncludeContext includes, IReadOnlyList<string> prefix)
    {
        var tokens = HoconTokenizer.Tokenize(text, sourceName);
        return new HoconParser(tokens, sourceName, includes, prefix).ParseDocument();
    }

    private HoconToken Current => _tokens[_index];

    private HoconToken Advance() => _tokens[_index++];

    private HoconParseException Error(string problem) => Error(Current, problem);

    private HoconParseException Error(HoconToken at, string problem) => new(_sourceName, at.Line, at.Column, problem);

    private ConfigOrigin OriginOf(HoconToken token) => new(_sourceName, token.Line);

    private void SkipWhitespace()
    {
        while (Current.Type == HoconTokenType.Whitespace) _index++;
    }

    private void SkipWhitespaceAndNewlines()
    {
        while (Current.Type is HoconTokenType.Whitespace or HoconTokenType.Newline) _index++;
    }

    private HoconObject ParseDocument()
    {
        SkipWhitespaceAndNewlines();
        HoconObject root;
        if (Current.Type == HoconTokenType.OpenBrace)
        {
            var open = Advance();
            root = ParseObjectBody(_prefix, OriginOf(open), HoconTokenType.CloseBrace);
            Advance();
            SkipWhitespaceAndNewlines();
        }
        else if (Current.Type == HoconTokenType.OpenBracket)
        {
            throw Error("a configuration document must be an object, not an array");
        }
        else
        {
            root = ParseObjectBody(_prefix, new ConfigOrigin(_sourceName, Current.Line), HoconTokenType.End);
        }
        if (Current.Type != HoconTokenType.End) throw Error($"unexpected {Current} after the end of the document");
        return root;
    }

    /// <summary>Fields up to <paramref name="closing"/> (left as the current token).</summary>
    private HoconObject ParseObjectBody(IReadOnlyList<string>? objectPath, ConfigOrigin origin, HoconTokenType closing)
    {
        var target = new HoconObject(origin);
        while (true)
        {
            SkipWhitespaceAndNewlines();
            if (Current.Type == closing) return target;
            if (Current.Type == HoconTokenType.End) throw Error("expected '}' to close the object");
            if (IsIncludeStatement()) ParseInclude(target, objectPath);
            else ParseField(target, objectPath);

            SkipWhitespace();
            var separator = Current.Type;
            if (separator == closing) return target;
            if (separator == HoconTokenType.Comma)
            {
                Advance();
                SkipWhitespaceAndNewlines();
                if (Current.Type == HoconTokenType.Comma) throw Error("two commas in a row");
            }
            else if (separator != HoconTokenType.Newline)
            {
                throw Error($"expected ',' or a new line after a field, found {Current}");
            }
        }
    }

    private void ParseField(HoconObject target, IReadOnlyList<string>? objectPath)
    {
        var key = ParseKey();
        var fieldPath = new List<string>((objectPath?.Count ?? 0) + key.Count);
        fieldPath.AddRange(objectPath ?? []);
        fieldPath.AddRange(key);
        var valuePath = objectPath is null ? null : fieldPath;
        SkipWhitespace();
        var separator = Current;
        HoconValue value;
        switch (separator.Type)
        {
            case HoconTokenType.Equals or HoconTokenType.Colon:
                Advance();
                SkipWhitespaceAndNewlines();
                value = ParseValue(valuePath);
                break;
            case HoconTokenType.OpenBrace:
                value = ParseValue(valuePath);
                break;
            case HoconTokenType.PlusEquals:
                Advance();
                SkipWhitespaceAndNewlines();
                var appended = ParseValue(valuePath);
                var previous = new HoconSubstitution(new HoconPath(fieldPath), isOptional: true, OriginOf(separator), SelfReference.Append);
                value = new HoconConcatenation([previous, new HoconArray([appended], appended.Origin)], OriginOf(separator));
                break;
            default:
                throw Error($"expected ':', '=' or '{{' after the key '{string.Join('.', key)}', found {Current}");
        }
        // Objects inside arrays have no path of their own, so nothing in them can refer to itself.
        HoconMerge.SetField(target, key, objectPath is null ? value : MarkSelfReferences(value, fieldPath));
    }

    /// <summary>A key is a path expression: unquoted parts split on dots, quoted parts keep theirs.</summary>
    private List<string> ParseKey()
    {
        var start = Current;
        var segments = new List<string>();
        var current = new StringBuilder();
        var hasContent = false;
        var pendingWhitespace = "";
        while (true)
        {
            var token = Current;
            if (token.Type == HoconTokenType.Quoted)
            {
                current.Append(pendingWhitespace).Append(token.Text);
                pendingWhitespace = "";
                hasContent = true;
            }
            else if (token.Type == HoconTokenType.Unquoted)
            {
                current.Append(pendingWhitespace);
                pendingWhitespace = "";
                var parts = token.Text.Split('.');
                for (var p = 0; p < parts.Length; p++)
                {
                    if (p > 0)
                    {
                        if (!hasContent) throw Error(token, $"empty key in '{token.Text}' (two dots, or a dot at an end)");
                        segments.Add(current.ToString());
                        current.Clear();
                        hasContent = false;
                    }
                    current.Append(parts[p]);
                    hasContent |= parts[p].Length > 0;
                }
            }
            else if (token.Type == HoconTokenType.Whitespace)
            {
                if (hasContent || segments.Count > 0) pendingWhitespace += token.Text;
            }
            else
            {
                break;
            }
            Advance();
        }
        if (!hasContent)
        {
            if (segments.Count == 0 && current.Length == 0 && start.Type != HoconTokenType.Quoted)
                throw Error(start, $"expected a key, found {start}");
            if (segments.Count > 0) throw Error(start, "empty key (a dot at the end)");
        }
        segments.Add(current.ToString());
        return segments;
    }

    /// <summary>
    /// One value, which may be a concatenation of several (<c>foo bar</c>, <c>${a}/b</c>, <c>${x} { y = 1 }</c>),
    /// ending at a newline, comma, closing bracket or brace.
    /// </summary>
    private HoconValue ParseValue(IReadOnlyList<string>? fieldPath)
    {
        var first = Current;
        var parts = new List<HoconValue>();
        var onlyStrings = true;
        while (true)
        {
            var token = Current;
            switch (token.Type)
            {
                case HoconTokenType.Whitespace:
                    Advance();
                    parts.Add(HoconScalar.Whitespace(token.Text, OriginOf(token)));
                    continue;
                case HoconTokenType.Unquoted:
                    Advance();
                    parts.Add(HoconScalar.FromUnquoted(token.Text, OriginOf(token)));
                    continue;
                case HoconTokenType.Quoted:
                    Advance();
                    parts.Add(HoconScalar.String(token.Text, OriginOf(token)));
                    continue;
                case HoconTokenType.Substitution or HoconTokenType.OptionalSubstitution:
                    Advance();
                    parts.Add(ParseSubstitution(token));
                    onlyStrings = false;
                    continue;
                case HoconTokenType.OpenBrace:
                    Advance();
                    parts.Add(ParseObjectBody(fieldPath, OriginOf(token), HoconTokenType.CloseBrace));
                    Advance();
                    onlyStrings = false;
                    continue;
                case HoconTokenType.OpenBracket:
                    parts.Add(ParseArray());
                    onlyStrings = false;
                    continue;
                case HoconTokenType.Equals or HoconTokenType.Colon or HoconTokenType.PlusEquals:
                    throw Error(token, $"unexpected {token} in a value (quote the string if it contains one)");
            }
            break;
        }
        while (parts.Count > 0 && parts[^1] is HoconScalar { IsWhitespace: true }) parts.RemoveAt(parts.Count - 1);
        if (parts.Count == 0) throw Error(first, $"expected a value, found {first}");
        if (parts.Count == 1) return parts[0];
        var origin = OriginOf(first);
        if (onlyStrings)
        {
            // Plain text like "foo bar" or 10 s joins now; numbers inside it become text.
            var joined = new StringBuilder();
            foreach (var part in parts) joined.Append(((HoconScalar)part).Text);
            return HoconScalar.String(joined.ToString(), origin);
        }
        return new HoconConcatenation(parts, origin);
    }

    private HoconSubstitution ParseSubstitution(HoconToken token)
    {
        var segments = HoconPath.Split(token.Text, out var error)
            ?? throw Error(token, $"invalid substitution path '{token.Text}': {error}");
        var path = new HoconPath(segments).Prepend(_prefix);
        return new HoconSubstitution(path, token.Type == HoconTokenType.OptionalSubstitution, OriginOf(token));
    }

    private HoconArray ParseArray()
    {
        var open = Advance();
        var items = new List<HoconValue>();
        while (true)
        {
            SkipWhitespaceAndNewlines();
            if (Current.Type == HoconTokenType.CloseBracket)
            {
                Advance();
                return new HoconArray(items, OriginOf(open));
            }
            if (Current.Type == HoconTokenType.End) throw Error(open, "unterminated array (missing ']')");
            if (Current.Type == HoconTokenType.Comma) throw Error("expected an array element, found ','");
            items.Add(ParseValue(fieldPath: null));
            SkipWhitespace();
            switch (Current.Type)
            {
                case HoconTokenType.Comma or HoconTokenType.Newline:
                    Advance();
                    break;
                case HoconTokenType.CloseBracket:
                    break;
                case HoconTokenType.End:
                    throw Error(open, "unterminated array (missing ']')");
                default:
                    throw Error($"expected ',' or ']' in an array, found {Current}");
            }
        }
    }

    /// <summary>
    /// <c>a = ${a} x</c> (or <c>a = ${a.b}</c>) means the earlier value of a, not a cycle: flag it so merging can fill it in.
    /// </summary>
    private static HoconValue MarkSelfReferences(HoconValue value, List<string> fieldPath)
    {
        switch (value)
        {
            case HoconSubstitution s when IsSelfReference(s, fieldPath):
                return s.AsSelfReference(SelfReference.Explicit, fieldPath.Count);
            case HoconConcatenation c when c.Parts.Any(p => p is HoconSubstitution s && IsSelfReference(s, fieldPath)):
                var parts = c.Parts
                    .Select(p => p is HoconSubstitution s && IsSelfReference(s, fieldPath) ? s.AsSelfReference(SelfReference.Explicit, fieldPath.Count) : p)
                    .ToList();
                return new HoconConcatenation(parts, c.Origin);
            default:
                return value;
        }
    }

    private static bool IsSelfReference(HoconSubstitution substitution, List<string> fieldPath) =>
        substitution.SelfReference == SelfReference.None
        && substitution.Path.Segments.Count >= fieldPath.Count
        && substitution.Path.Segments.Take(fieldPath.Count).SequenceEqual(fieldPath, StringComparer.Ordinal);

    private bool IsIncludeStatement()
    {
        if (Current is not { Type: HoconTokenType.Unquoted, Text: "include" }) return false;
        if (_tokens[_index + 1].Type != HoconTokenType.Whitespace) return false;
        var next = _tokens[_index + 2];
        return next.Type == HoconTokenType.Quoted
            || (next.Type == HoconTokenType.Unquoted && next.Text.EndsWith('('));
    }

    /// <summary><c>include "f"</c>, <c>include file("f")</c>, <c>include required("f")</c>, <c>include required(file("f"))</c>.</summary>
    private void ParseInclude(HoconObject target, IReadOnlyList<string>? objectPath)
    {
        var includeToken = Advance();
        SkipWhitespace();
        var required = false;
        var opened = 0;
        if (Current.Type == HoconTokenType.Unquoted)
        {
            var wrappers = Current.Text;
            Advance();
            while (wrappers.Length > 0)
            {
                if (wrappers.StartsWith("required(", StringComparison.Ordinal)) { required = true; wrappers = wrappers[9..]; }
                else if (wrappers.StartsWith("file(", StringComparison.Ordinal)) wrappers = wrappers[5..];
                else throw Error(includeToken, $"unsupported include form '{wrappers}' (use \"file\", file(\"...\") or required(...))");
                opened++;
            }
        }
        if (Current.Type != HoconTokenType.Quoted) throw Error("expected a quoted file name after include");
        var fileName = Advance().Text;
        if (opened > 0)
        {
            var closing = Current.Type == HoconTokenType.Unquoted ? Advance().Text : "";
            if (closing != new string(')', opened)) throw Error(includeToken, $"expected {opened} ')' to close the include");
        }

        var included = LoadInclude(fileName, required, includeToken, objectPath);
        if (included is null) return;
        foreach (var (key, value) in included) HoconMerge.SetField(target, [key], value);
    }

    private HoconObject? LoadInclude(string fileName, bool required, HoconToken at, IReadOnlyList<string>? objectPath)
    {
        var fullPath = _includes.Locate(fileName);
        if (fullPath is null)
        {
            if (required) throw Error(at, $"required include '{fileName}' not found (looked in {_includes.BaseDirectory ?? "the current directory"})");
            return null;
        }
        if (_includes.Stack.Contains(fullPath, StringComparer.Ordinal) || _includes.Stack.Count >= MaxIncludeDepth)
            throw Error(at, $"include cycle: {string.Join(" -> ", _includes.Stack.Append(fullPath))}");
        string text;
        try
        {
            text = File.ReadAllText(fullPath);
        }
        catch (IOException e)
        {
            throw Error(at, $"cannot read include '{fullPath}': {e.Message}");
        }
        var nested = new HoconIncludeContext(Path.GetDirectoryName(fullPath), [.. _includes.Stack, fullPath]);
        return Parse(text, fullPath, nested, objectPath ?? []);
    }
}

/// <summary>Where includes are looked up (the including file's folder) and which files are being included (for cycles).</summary>
internal sealed record HoconIncludeContext(string? BaseDirectory, IReadOnlyList<string> Stack)
{
    public string? Locate(string fileName)
    {
        var candidate = Path.GetFullPath(Path.IsPathRooted(fileName)
            ? fileName
            : Path.Combine(BaseDirectory ?? Directory.GetCurrentDirectory(), fileName));
        if (File.Exists(candidate)) return candidate;
        // As in the spec, a name without extension may name a .conf file.
        if (Path.GetExtension(candidate).Length == 0 && File.Exists(candidate + ".conf")) return candidate + ".conf";
        return null;
    }
}
