using System.Globalization;

namespace Spacedrive.Node.Cli;

/// <summary>Sizes and durations for people: 1.5 GiB, 3 min 20 s. Binary units, as file managers show them.</summary>
public static class HumanFormat
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (Math.Abs(value) >= 1024 && unit < Units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} B")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {Units[unit]}");
    }

    public static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromSeconds(1)) return string.Create(CultureInfo.InvariantCulture, $"{span.TotalMilliseconds:0} ms");
        if (span < TimeSpan.FromMinutes(1)) return string.Create(CultureInfo.InvariantCulture, $"{span.TotalSeconds:0.#} s");
        if (span < TimeSpan.FromHours(1)) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalMinutes} min {span.Seconds} s");
        if (span < TimeSpan.FromDays(1)) return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalHours} h {span.Minutes} min");
        return string.Create(CultureInfo.InvariantCulture, $"{(int)span.TotalDays} d {span.Hours} h");
    }

    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
