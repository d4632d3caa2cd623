using System.Globalization;

namespace Spacedrive.Messages.Search;

/// <summary>Parses the values users type in search filters: sizes ("10MB", "1.5GiB", "4096") and times ("2024-05-01", "7d").</summary>
public static class QueryValues
{
    private static readonly (string Suffix, double Factor)[] SizeUnits =
    [
        ("kib", 1024d), ("mib", 1024d * 1024), ("gib", 1024d * 1024 * 1024), ("tib", 1024d * 1024 * 1024 * 1024),
        ("kb", 1e3), ("mb", 1e6), ("gb", 1e9), ("tb", 1e12),
        // A single letter is binary, as du, ls -h and find -size read it.
        ("k", 1024d), ("m", 1024d * 1024), ("g", 1024d * 1024 * 1024), ("t", 1024d * 1024 * 1024 * 1024),
        ("b", 1d),
    ];

    /// <summary>Bytes: a number with an optional unit: B, KB/MB/GB/TB (powers of 1000), KiB/MiB/GiB/TiB or K/M/G/T (powers of 1024).</summary>
    public static bool TryParseSize(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim().Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        double factor = 1;
        foreach (var (suffix, f) in SizeUnits)
        {
            if (s.EndsWith(suffix, StringComparison.Ordinal))
            {
                factor = f;
                s = s[..^suffix.Length].TrimEnd();
                break;
            }
        }
        if (!double.TryParse(s, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value)) return false;
        var total = Math.Round(value * factor);
        if (total > long.MaxValue) return false;
        bytes = (long)total;
        return true;
    }

    public static long ParseSize(string text) =>
        TryParseSize(text, out var bytes) ? bytes : throw new FormatException($"'{text}' is not a size: use bytes or a unit, e.g. 4096, 10MB, 1.5GiB.");

    /// <summary>
    /// A point in time: an ISO 8601 date or date-time ("2024-05-01", "2024-05-01T12:00:00Z"; without an offset it is UTC),
    /// or an age before <paramref name="now"/>: a number and a unit s, min, h, d, w, mo (30 d), y (365 d) ("7d", "12h", "90min").
    /// </summary>
    public static bool TryParseTime(string? text, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        int i = 0;
        while (i < s.Length && (char.IsAsciiDigit(s[i]) || s[i] == '.')) i++;
        if (i > 0 && i < s.Length && s[i..].All(char.IsAsciiLetter)
            && double.TryParse(s[..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? unit = s[i..].ToLowerInvariant() switch
            {
                "s" or "sec" => TimeSpan.FromSeconds(1),
                "min" => TimeSpan.FromMinutes(1),
                "h" => TimeSpan.FromHours(1),
                "d" => TimeSpan.FromDays(1),
                "w" => TimeSpan.FromDays(7),
                "mo" => TimeSpan.FromDays(30),
                "y" => TimeSpan.FromDays(365),
                _ => null,
            };
            if (unit is null) return false;
            var ticks = amount * unit.Value.Ticks;
            if (ticks > (now - DateTimeOffset.MinValue).Ticks) return false;
            time = now - TimeSpan.FromTicks((long)ticks);
            return true;
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    public static DateTimeOffset ParseTime(string text, DateTimeOffset now) =>
        TryParseTime(text, now, out var time) ? time : throw new FormatException($"'{text}' is not a time: use an ISO date (2024-05-01) or an age (7d, 12h, 90min, 2w, 6mo, 1y).");
}
