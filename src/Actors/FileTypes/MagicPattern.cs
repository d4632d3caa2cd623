using System.Globalization;
using System.Text;

namespace Spacedrive.Actors.FileTypes;

/// <summary>
/// A magic-byte signature: bytes at an offset, each exact, any (<c>??</c> or <c>?</c>), or a range
/// (<c>00-1F</c> or <c>[00-1F]</c>). Compiled to value and mask arrays plus range checks so a match is a
/// short loop over the header.
/// </summary>
public sealed class MagicPattern
{
    private readonly byte[] _min;
    private readonly byte[] _max;

    private MagicPattern(string text, int offset, int priority, byte[] min, byte[] max)
    {
        Text = text;
        Offset = offset;
        Priority = priority;
        _min = min;
        _max = max;
        for (int i = 0; i < min.Length; i++)
        {
            if (min[i] == max[i]) ExactBytes++;
        }
        FirstExact = min.Length > 0 && min[0] == max[0] ? min[0] : -1;
    }

    public string Text { get; }

    public int Offset { get; }

    /// <summary>Which signature wins when several types' signatures match (higher wins).</summary>
    public int Priority { get; }

    public int Length => _min.Length;

    /// <summary>How many bytes must be equal (not wildcards or ranges): how strong the evidence is.</summary>
    public int ExactBytes { get; }

    /// <summary>The first byte when it is exact, else -1 (used to index signatures).</summary>
    public int FirstExact { get; }

    /// <summary>Bytes of the file needed to test the pattern.</summary>
    public int RequiredLength => Offset + Length;

    public bool Matches(ReadOnlySpan<byte> header)
    {
        if (header.Length < Offset + _min.Length) return false;
        var window = header.Slice(Offset, _min.Length);
        var min = _min.AsSpan(0, window.Length);
        var max = _max.AsSpan(0, window.Length);
        for (int i = 0; i < window.Length; i++)
        {
            byte b = window[i];
            if (b < min[i] || b > max[i]) return false;
        }
        return true;
    }

    /// <summary>Parses <paramref name="text"/>; throws <see cref="FormatException"/> naming the bad token.</summary>
    public static MagicPattern Parse(string text, int offset, int priority)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (offset < 0) throw new FormatException($"magic pattern '{text}': offset {offset} is negative");
        var tokens = text.Split([' ', '\t', ','], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 0) throw new FormatException("magic pattern is empty");
        var min = new byte[tokens.Length];
        var max = new byte[tokens.Length];
        for (int i = 0; i < tokens.Length; i++)
        {
            string token = tokens[i];
            if (token is "??" or "?")
            {
                (min[i], max[i]) = (0x00, 0xFF);
                continue;
            }
            string inner = token.StartsWith('[') && token.EndsWith(']') ? token[1..^1] : token;
            int dash = inner.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0)
            {
                byte lo = ParseByte(inner[..dash], text), hi = ParseByte(inner[(dash + 1)..], text);
                if (lo > hi) throw new FormatException($"magic pattern '{text}': range {token} is empty");
                (min[i], max[i]) = (lo, hi);
            }
            else
            {
                byte b = ParseByte(inner, text);
                (min[i], max[i]) = (b, b);
            }
        }
        return new MagicPattern(text, offset, priority, min, max);
    }

    private static byte ParseByte(string token, string pattern) =>
        token.Length is 1 or 2 && byte.TryParse(token, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out byte b)
            ? b
            : throw new FormatException($"magic pattern '{pattern}': '{token}' is not a hex byte, ??, or a range like 00-1F");

    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"offset={Offset}:");
        for (int i = 0; i < _min.Length; i++)
        {
            sb.Append(' ');
            if (_min[i] == _max[i]) sb.Append(CultureInfo.InvariantCulture, $"{_min[i]:X2}");
            else if (_min[i] == 0 && _max[i] == 0xFF) sb.Append("??");
            else sb.Append(CultureInfo.InvariantCulture, $"{_min[i]:X2}-{_max[i]:X2}");
        }
        return sb.ToString();
    }
}
