namespace Spacedrive.Runtime.Configuration;

/// <summary>
/// HOCON sizes, in bytes. As in the spec (and case-sensitive): kB, MB, GB... and the long
/// "kilobyte" forms are powers of 1000; K/k, Ki, KiB, "kibibyte" and the other binary forms are powers of 1024.
/// </summary>
public static class HoconByteSize
{
    private static readonly Dictionary<string, decimal> BytesPerUnit = BuildUnits();

    private static Dictionary<string, decimal> BuildUnits()
    {
        var units = new Dictionary<string, decimal>(StringComparer.Ordinal)
        {
            [""] = 1, ["B"] = 1, ["b"] = 1, ["byte"] = 1, ["bytes"] = 1,
        };
        (char Letter, string Si, string Binary)[] powers =
        [
            ('K', "kilo", "kibi"), ('M', "mega", "mebi"), ('G', "giga", "gibi"), ('T', "tera", "tebi"),
            ('P', "peta", "pebi"), ('E', "exa", "exbi"), ('Z', "zetta", "zebi"), ('Y', "yotta", "yobi"),
        ];
        decimal si = 1, binary = 1;
        foreach (var (letter, siName, binaryName) in powers)
        {
            si *= 1000;
            binary *= 1024;
            var siSymbol = letter == 'K' ? "kB" : letter + "B";
            units[siSymbol] = si;
            units[siName + "byte"] = si;
            units[siName + "bytes"] = si;
            foreach (var name in new[] { letter.ToString(), char.ToLowerInvariant(letter).ToString(), letter + "i", letter + "iB", binaryName + "byte", binaryName + "bytes" })
                units[name] = binary;
        }
        return units;
    }

    public static long? TryParse(string text, out string? error)
    {
        var trimmed = text.Trim();
        if (!HoconNumberWithUnit.TrySplit(trimmed, out var number, out var unit) || !BytesPerUnit.TryGetValue(unit, out var bytesPerUnit))
        {
            error = $"'{text}' is not a size (a number and a unit such as B, kB, KiB, K, MB, MiB, M, GB, GiB, G)";
            return null;
        }
        decimal bytes;
        try
        {
            bytes = decimal.Truncate(number * bytesPerUnit);
        }
        catch (OverflowException)
        {
            bytes = decimal.MaxValue;
        }
        if (bytes > long.MaxValue || bytes < long.MinValue)
        {
            error = $"'{text}' is out of range for a size in bytes";
            return null;
        }
        error = null;
        return (long)bytes;
    }
}
