using Spacedrive.Storage.Library;

namespace Spacedrive.Storage.Tests.Library;

public class UnixNanosSpec
{
    [Fact]
    public void Times_must_be_nanoseconds_since_the_unix_epoch()
    {
        Assert.Equal(0, UnixNanos.From(DateTimeOffset.UnixEpoch));
        Assert.Equal(1_500_000_000_123_456_700, UnixNanos.From(DateTimeOffset.FromUnixTimeSeconds(1_500_000_000).AddTicks(1_234_567)));
        Assert.Equal(-100, UnixNanos.From(DateTimeOffset.UnixEpoch.AddTicks(-1)));
    }

    [Fact]
    public void Converting_back_must_keep_every_tick_and_floor_the_rest()
    {
        var time = new DateTimeOffset(2024, 2, 29, 12, 34, 56, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal(time, UnixNanos.ToDateTimeOffset(UnixNanos.From(time)));
        Assert.Equal(DateTimeOffset.UnixEpoch.AddTicks(-1), UnixNanos.ToDateTimeOffset(-1));
        Assert.Equal(DateTimeOffset.UnixEpoch, UnixNanos.ToDateTimeOffset(99));
    }

    [Fact]
    public void Times_outside_the_int64_range_must_clamp()
    {
        Assert.Equal(long.MaxValue - (long.MaxValue % 100), UnixNanos.From(DateTimeOffset.MaxValue));
        Assert.True(UnixNanos.From(DateTimeOffset.MinValue) < 0);
    }
}
