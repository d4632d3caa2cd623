using System.Globalization;

namespace Spacedrive.Runtime.Configuration;

/// <summary>HOCON durations: <c>500ms</c>, <c>5 s</c>, <c>2 minutes</c>, <c>1.5h</c>; a bare number is milliseconds.</summary>
public static class HoconDuration
{
    private static readonly Dictionary<string, decimal> TicksPerUnit = BuildUnits();

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal);
        void Add(decimal ticks, params string[] names)
        {
            foreach (var name in names) units[name] = ticks;
        }
        Add(0.01m, "ns", "nano", "nanos", "nanosecond", "nanoseconds");
        Add(10m, "us", "micro", "micros", "microsecond", "microseconds");
        Add(TimeSpan.TicksPerMillisecond, "", "ms", "milli", "millis", "millisecond", "milliseconds");
        Add(TimeSpan.TicksPerSecond, "s", "second", "seconds");
        Add(TimeSpan.TicksPerMinute, "m", "minute", "minutes");
        Add(TimeSpan.TicksPerHour, "h", "hour", "hours");
        Add(TimeSpan.TicksPerDay, "d", "day", "days");
        return units;
    }

    /// <summary>"infinite" gives <see cref="Timeout.InfiniteTimeSpan"/>. Null with an error for anything else unreadable.</summary>
    public static TimeSpan? TryParse(string text, out string? error)
    {
        var trimmed = text.Trim();
        if (trimmed == "infinite")
        {
            error = null;
            return Timeout.InfiniteTimeSpan;
        }
        if (!HoconNumberWithUnit.TrySplit(trimmed, out var number, out var unit) || !TicksPerUnit.TryGetValue(unit, out var ticksPerUnit))
        {
            error = $"'{text}' is not a duration (a number and one of ns, us, ms, s, m, h, d or their long forms, or 'infinite')";
            return null;
        }
        var ticks = decimal.Round(number * ticksPerUnit, MidpointRounding.AwayFromZero);
        if (ticks > TimeSpan.MaxValue.Ticks || ticks < TimeSpan.MinValue.Ticks)
        {
            error = $"'{text}' is out of range for a duration";
            return null;
        }
        error = null;
        return TimeSpan.FromTicks((long)ticks);
    }
}

internal static class HoconNumberWithUnit
{
    /// <summary>Splits "1.5 h" into 1.5 and "h"; the unit may be empty.</summary>
    public static bool TrySplit(string text, out decimal number, out string unit)
    {
        var end = 0;
        if (end < text.Length && (text[end] == '-' || text[end] == '+')) end++;
        while (end < text.Length && (char.IsAsciiDigit(text[end]) || text[end] == '.')) end++;
        // An exponent only when digits follow it, so that "1e" stays one exbibyte.
        if (end + 1 < text.Length && (text[end] == 'e' || text[end] == 'E'))
        {
            var exponentEnd = end + 1;
            if (text[exponentEnd] == '+' || text[exponentEnd] == '-') exponentEnd++;
            var digitsStart = exponentEnd;
            while (exponentEnd < text.Length && char.IsAsciiDigit(text[exponentEnd])) exponentEnd++;
            if (exponentEnd > digitsStart) end = exponentEnd;
        }
        unit = text[end..].Trim();
        return decimal.TryParse(text.AsSpan(0, end), NumberStyles.Float, CultureInfo.InvariantCulture, out number);
    }
}
