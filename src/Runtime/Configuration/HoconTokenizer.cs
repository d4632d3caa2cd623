using System.Buffers;
using System.Globalization;
using System.Text;

namespace Spacedrive.Runtime.Configuration;

/// <summary>Turns HOCON text into tokens; comments are dropped, whitespace and newlines are kept because they separate values.</summary>
internal sealed class HoconTokenizer
{
    // Characters that end an unquoted string (HOCON spec "Unquoted strings").
    private static readonly SearchValues<char> ForbiddenInUnquoted = SearchValues.Create("$\"{}[]:=,+#`^?!@*&\\");

    private readonly string _text;
    private readonly string _sourceName;
    private readonly List<HoconToken> _tokens = [];
    private int _position;
    private int _line = 1;
    private int _lineStart;

    private HoconTokenizer(string text, string sourceName)
    {
        _text = text;
        _sourceName = sourceName;
    }

    public static List<HoconToken> Tokenize(string text, string sourceName)
    {
        var tokenizer = new HoconTokenizer(text, sourceName);
        tokenizer.Run();
        return tokenizer._tokens;
    }

    private int Column => _position - _lineStart + 1;

    private char Peek(int offset = 0) => _position + offset < _text.Length ? _text[_position + offset] : '\0';

    private bool AtEnd => _position >= _text.Length;

    private void Run()
    {
        while (!AtEnd)
        {
            var c = Peek();
            var line = _line;
            var column = Column;
            switch (c)
            {
                case '\n':
                    _position++;
                    Add(HoconTokenType.Newline, "\n", line, column);
                    _line++;
                    _lineStart = _position;
                    break;
                case '#':
                    SkipComment();
                    break;
                case '/' when Peek(1) == '/':
                    SkipComment();
                    break;
                case '{': Single(HoconTokenType.OpenBrace); break;
                case '}': Single(HoconTokenType.CloseBrace); break;
                case '[': Single(HoconTokenType.OpenBracket); break;
                case ']': Single(HoconTokenType.CloseBracket); break;
                case ',': Single(HoconTokenType.Comma); break;
                case ':': Single(HoconTokenType.Colon); break;
                case '=': Single(HoconTokenType.Equals); break;
                case '+' when Peek(1) == '=':
                    _position += 2;
                    Add(HoconTokenType.PlusEquals, "+=", line, column);
                    break;
                case '"' when Peek(1) == '"' && Peek(2) == '"':
                    ReadTripleQuoted();
                    break;
                case '"':
                    ReadQuoted();
                    break;
                case '$' when Peek(1) == '{':
                    ReadSubstitution();
                    break;
                default:
                    if (IsWhitespace(c)) ReadWhitespace();
                    else if (ForbiddenInUnquoted.Contains(c)) throw Error($"unexpected character '{c}' (quote it to use it in a string)");
                    else ReadUnquoted();
                    break;
            }
        }
        Add(HoconTokenType.End, "", _line, Column);
    }

    private static bool IsWhitespace(char c) => c != '\n' && (char.IsWhiteSpace(c) || c == '\uFEFF');

    private void Add(HoconTokenType type, string text, int line, int column) => _tokens.Add(new HoconToken(type, text, line, column));

    private void Single(HoconTokenType type)
    {
        Add(type, _text[_position].ToString(), _line, Column);
        _position++;
    }

    private void SkipComment()
    {
        while (!AtEnd && Peek() != '\n') _position++;
    }

    private void ReadWhitespace()
    {
        var start = _position;
        var column = Column;
        while (!AtEnd && IsWhitespace(Peek())) _position++;
        Add(HoconTokenType.Whitespace, _text[start.._position], _line, column);
    }

    private void ReadUnquoted()
    {
        var start = _position;
        var column = Column;
        while (!AtEnd)
        {
            var c = Peek();
            if (c == '\n' || IsWhitespace(c) || ForbiddenInUnquoted.Contains(c)) break;
            if (c == '/' && Peek(1) == '/') break;
            _position++;
        }
        Add(HoconTokenType.Unquoted, _text[start.._position], _line, column);
    }

    private void ReadQuoted()
    {
        var line = _line;
        var column = Column;
        _position++;
        var value = new StringBuilder();
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw Error("unterminated quoted string", line, column);
            var c = Peek();
            if (c == '"')
            {
                _position++;
                break;
            }
            if (c == '\\')
            {
                value.Append(ReadEscape());
                continue;
            }
            if (char.IsControl(c) && c != '\t') throw Error($"control character U+{(int)c:X4} in a quoted string (escape it)");
            value.Append(c);
            _position++;
        }
        Add(HoconTokenType.Quoted, value.ToString(), line, column);
    }

    private string ReadEscape()
    {
        var column = Column;
        _position++;
        var c = Peek();
        _position++;
        switch (c)
        {
            case '"': return "\"";
            case '\\': return "\\";
            case '/': return "/";
            case 'b': return "\b";
            case 'f': return "\f";
            case 'n': return "\n";
            case 'r': return "\r";
            case 't': return "\t";
            case 'u':
                if (_position + 4 <= _text.Length
                    && int.TryParse(_text.AsSpan(_position, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                {
                    _position += 4;
                    return ((char)code).ToString();
                }
                throw Error("\\u must be followed by four hex digits", _line, column);
            default:
                throw Error($"invalid escape '\\{c}' in a quoted string", _line, column);
        }
    }

    private void ReadTripleQuoted()
    {
        var line = _line;
        var column = Column;
        _position += 3;
        var start = _position;
        while (true)
        {
            if (AtEnd) throw Error("unterminated \"\"\" string", line, column);
            if (Peek() == '"' && Peek(1) == '"' && Peek(2) == '"')
            {
                // Extra quotes before the closing three belong to the string (spec: """a"""" is a").
                var end = _position;
                while (end + 3 < _text.Length && _text[end + 3] == '"') end++;
                Add(HoconTokenType.Quoted, _text[start..end], line, column);
                _position = end + 3;
                return;
            }
            if (Peek() == '\n')
            {
                _line++;
                _lineStart = _position + 1;
            }
            _position++;
        }
    }

    private void ReadSubstitution()
    {
        var line = _line;
        var column = Column;
        _position += 2;
        var optional = false;
        if (Peek() == '?')
        {
            optional = true;
            _position++;
        }
        var start = _position;
        var inQuotes = false;
        while (true)
        {
            if (AtEnd || Peek() == '\n') throw Error("unterminated substitution (missing '}')", line, column);
            var c = Peek();
            if (c == '"') inQuotes = !inQuotes;
            else if (c == '\\' && inQuotes) _position++;
            else if (c == '}' && !inQuotes) break;
            _position++;
        }
        var expression = _text[start.._position].Trim();
        _position++;
        if (expression.Length == 0) throw Error("empty substitution ${}", line, column);
        Add(optional ? HoconTokenType.OptionalSubstitution : HoconTokenType.Substitution, expression, line, column);
    }

    private HoconParseException Error(string problem) => Error(problem, _line, Column);

    private HoconParseException Error(string problem, int line, int column) => new(_sourceName, line, column, problem);
}
