namespace Spacedrive.Storage.Library;

/// <summary>
/// Every time column in library.db is an INTEGER of nanoseconds since the Unix epoch, UTC.
/// Why: file systems report nanoseconds (stat's st_mtim), so storing them whole lets the indexer's
/// change detection compare exactly (Spacedrive stores whole seconds and then reports every file
/// with a sub-second mtime as modified on each re-index); integers sort and compare in SQL without
/// parsing; and the unit does not depend on .NET (ticks are .NET's, ns are everyone's).
/// Range: 1677-09-21 to 2262-04-11; values outside are clamped.
/// </summary>
public static class UnixNanos
{
    private const long NanosPerTick = 100;
    private static readonly long MinTicks = DateTimeOffset.UnixEpoch.UtcTicks + (long.MinValue / NanosPerTick);
    private static readonly long MaxTicks = DateTimeOffset.UnixEpoch.UtcTicks + (long.MaxValue / NanosPerTick);

    public static long From(DateTimeOffset time)
    {
        var ticks = Math.Clamp(time.UtcTicks, MinTicks, MaxTicks);
        return (ticks - DateTimeOffset.UnixEpoch.UtcTicks) * NanosPerTick;
    }

    public static long From(DateTime utc) => From(new DateTimeOffset(DateTime.SpecifyKind(utc, DateTimeKind.Utc)));

    /// <summary>Back to .NET time; sub-100 ns digits are dropped (floor), .NET cannot hold them.</summary>
    public static DateTimeOffset ToDateTimeOffset(long nanos)
    {
        var ticks = nanos / NanosPerTick;
        if (nanos % NanosPerTick < 0)
        {
            ticks--;
        }
        return DateTimeOffset.UnixEpoch.AddTicks(ticks);
    }

    public static long Now(TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return From(clock.GetUtcNow());
    }
}
