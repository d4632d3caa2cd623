using System.Text;

namespace Spacedrive.Runtime.Configuration;

/// <summary>Writes a tree back as HOCON that parses to the same values (used by <c>sd config show</c>).</summary>
internal static class HoconRenderer
{
    private const int IndentWidth = 2;

    public static string RenderRoot(HoconObject root)
    {
        var text = new StringBuilder();
        WriteFields(text, root, 0);
        return text.ToString();
    }

    public static string RenderValue(HoconValue value)
    {
        var text = new StringBuilder();
        WriteValue(text, value, 0);
        return text.ToString();
    }

    /// <summary>A key as one path segment: bare when that reads back the same, quoted otherwise.</summary>
    public static string RenderKey(string key) =>
        key.Length > 0 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') && key is not ("include" or "true" or "false" or "null")
            ? key
            : Quote(key);

    private static void WriteFields(StringBuilder text, HoconObject obj, int depth)
    {
        foreach (var (key, value) in obj)
        {
            text.Append(' ', depth * IndentWidth).Append(RenderKey(key));
            text.Append(value is HoconObject ? " " : " = ");
            WriteValue(text, value, depth);
            text.Append('\n');
        }
    }

    private static void WriteValue(StringBuilder text, HoconValue value, int depth)
    {
        switch (value)
        {
            case HoconObject { Count: 0 }:
                text.Append("{}");
                break;
            case HoconObject obj:
                text.Append("{\n");
                WriteFields(text, obj, depth + 1);
                text.Append(' ', depth * IndentWidth).Append('}');
                break;
            case HoconArray array when array.All(item => item is HoconScalar):
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(", ");
                    WriteValue(text, array[i], depth);
                }
                text.Append(']');
                break;
            case HoconArray array:
                text.Append("[\n");
                foreach (var item in array)
                {
                    text.Append(' ', (depth + 1) * IndentWidth);
                    WriteValue(text, item, depth + 1);
                    text.Append(",\n");
                }
                text.Append(' ', depth * IndentWidth).Append(']');
                break;
            case HoconScalar { Type: HoconValueType.String } scalar:
                text.Append(RenderString(scalar.Text));
                break;
            case HoconScalar scalar:
                text.Append(scalar.Text);
                break;
            case HoconSubstitution substitution:
                text.Append(substitution.Expression);
                break;
            case HoconConcatenation concatenation:
                foreach (var part in concatenation.Parts) WriteValue(text, part, depth);
                break;
            case HoconDelayedMerge merge:
                WriteValue(text, merge.Layers[^1], depth);
                break;
        }
    }

    // Text that reads back as the same string (words, 5s, 64KiB) stays bare for readability; anything else is quoted.
    private static string RenderString(string value) =>
        value.Length > 0
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')
        && !HoconScalar.IsJsonNumber(value)
        && value is not ("true" or "false" or "null" or "include")
            ? value
            : Quote(value);

    public static string Quote(string value)
    {
        var text = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (char.IsControl(c)) text.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else text.Append(c);
                    break;
            }
        }
        return text.Append('"').ToString();
    }
}
