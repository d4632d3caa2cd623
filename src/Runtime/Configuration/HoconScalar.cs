using System.Globalization;

namespace Spacedrive.Runtime.Configuration;

/// <summary>A string, number, boolean or null, kept as its text; getters convert on demand.</summary>
public sealed class HoconScalar : HoconValue
{
    internal HoconScalar(string text, HoconValueType type, ConfigOrigin origin, bool isWhitespace = false)
        : base(origin)
    {
        Text = text;
        Type = type;
        IsWhitespace = isWhitespace;
    }

    public string Text { get; }

    public override HoconValueType Type { get; }

    /// <summary>Whitespace between the parts of a value concatenation: kept between strings, dropped between objects or arrays.</summary>
    internal bool IsWhitespace { get; }

    public static HoconScalar String(string text, ConfigOrigin? origin = null) =>
        new(text, HoconValueType.String, origin ?? ConfigOrigin.Code);

    public static HoconScalar Number(long value, ConfigOrigin? origin = null) =>
        new(value.ToString(CultureInfo.InvariantCulture), HoconValueType.Number, origin ?? ConfigOrigin.Code);

    public static HoconScalar Number(double value, ConfigOrigin? origin = null) =>
        new(value.ToString("R", CultureInfo.InvariantCulture), HoconValueType.Number, origin ?? ConfigOrigin.Code);

    public static HoconScalar Boolean(bool value, ConfigOrigin? origin = null) =>
        new(value ? "true" : "false", HoconValueType.Boolean, origin ?? ConfigOrigin.Code);

    public static HoconScalar Null(ConfigOrigin? origin = null) =>
        new("null", HoconValueType.Null, origin ?? ConfigOrigin.Code);

    internal static HoconScalar Whitespace(string text, ConfigOrigin origin) =>
        new(text, HoconValueType.String, origin, isWhitespace: true);

    /// <summary>Types an unquoted token the way HOCON does: true/false/null and JSON numbers, else a string.</summary>
    internal static HoconScalar FromUnquoted(string text, ConfigOrigin origin)
    {
        if (text is "true" or "false") return new HoconScalar(text, HoconValueType.Boolean, origin);
        if (text == "null") return new HoconScalar(text, HoconValueType.Null, origin);
        return new HoconScalar(text, IsJsonNumber(text) ? HoconValueType.Number : HoconValueType.String, origin);
    }

    internal static bool IsJsonNumber(ReadOnlySpan<char> text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-') i++;
        var digitsStart = i;
        while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
        if (i == digitsStart) return false;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var fractionStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == fractionStart) return false;
        }
        if (i < text.Length && (text[i] == 'e' || text[i] == 'E'))
        {
            i++;
            if (i < text.Length && (text[i] == '+' || text[i] == '-')) i++;
            var exponentStart = i;
            while (i < text.Length && char.IsAsciiDigit(text[i])) i++;
            if (i == exponentStart) return false;
        }
        return i == text.Length;
    }
}
