using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class UnitsSpec
{
    [Theory]
    [InlineData("500ms", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("500", 500 * TimeSpan.TicksPerMillisecond)]
    [InlineData("5s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("5 s", 5 * TimeSpan.TicksPerSecond)]
    [InlineData("0.3 s", 3 * TimeSpan.TicksPerMillisecond * 100)]
    [InlineData("2 minutes", 2 * TimeSpan.TicksPerMinute)]
    [InlineData("1 minute", TimeSpan.TicksPerMinute)]
    [InlineData("3m", 3 * TimeSpan.TicksPerMinute)]
    [InlineData("1.5h", 90 * TimeSpan.TicksPerMinute)]
    [InlineData("2 hours", 2 * TimeSpan.TicksPerHour)]
    [InlineData("2 d", 2 * TimeSpan.TicksPerDay)]
    [InlineData("1 day", TimeSpan.TicksPerDay)]
    [InlineData("7days", 7 * TimeSpan.TicksPerDay)]
    [InlineData("250 millis", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("250 milliseconds", 250 * TimeSpan.TicksPerMillisecond)]
    [InlineData("10 seconds", 10 * TimeSpan.TicksPerSecond)]
    [InlineData("1 second", TimeSpan.TicksPerSecond)]
    [InlineData("100us", 1000)]
    [InlineData("100 micros", 1000)]
    [InlineData("3 microseconds", 30)]
    [InlineData("1000ns", 10)]
    [InlineData("500 nanos", 5)]
    [InlineData("2 nanoseconds", 0)]
    [InlineData("0", 0)]
    [InlineData("-1s", -TimeSpan.TicksPerSecond)]
    public void Durations(string text, long ticks)
    {
        var config = ConfigurationFactory.ParseString($"d = {text}");
        Assert.Equal(TimeSpan.FromTicks(ticks), config.GetTimeSpan("d"));
    }

    [Fact]
    public void Infinite_duration()
    {
        var config = ConfigurationFactory.ParseString("d = infinite");
        Assert.Equal(Timeout.InfiniteTimeSpan, config.GetTimeSpan("d"));
        Assert.Throws<ConfigException>(() => config.GetTimeSpan("d", allowInfinite: false));
    }

    [Theory]
    [InlineData("5 parsecs")]
    [InlineData("s")]
    [InlineData("5S")]
    [InlineData("five seconds")]
    [InlineData("99999999999 days")]
    public void Bad_durations_are_errors(string text)
    {
        var config = ConfigurationFactory.ParseString($"d = {text}", "t.conf");
        var error = Assert.Throws<ConfigException>(() => config.GetTimeSpan("d"));
        Assert.Contains("'d'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_duration_gives_the_default()
    {
        Assert.Equal(TimeSpan.Zero, Config.Empty.GetTimeSpan("x"));
        Assert.Equal(TimeSpan.FromSeconds(3), Config.Empty.GetTimeSpan("x", TimeSpan.FromSeconds(3)));
    }

    [Theory]
    [InlineData("512", 512L)]
    [InlineData("512 bytes", 512L)]
    [InlineData("1 byte", 1L)]
    [InlineData("128000b", 128000L)]
    [InlineData("10B", 10L)]
    [InlineData("64KiB", 65536L)]
    [InlineData("64 Ki", 65536L)]
    [InlineData("64K", 65536L)]
    [InlineData("64k", 65536L)]
    [InlineData("64kB", 64000L)]
    [InlineData("2 kilobytes", 2000L)]
    [InlineData("2 kibibytes", 2048L)]
    [InlineData("1 MiB", 1048576L)]
    [InlineData("1M", 1048576L)]
    [InlineData("1m", 1048576L)]
    [InlineData("10MB", 10_000_000L)]
    [InlineData("3 megabytes", 3_000_000L)]
    [InlineData("1 mebibyte", 1048576L)]
    [InlineData("1g", 1073741824L)]
    [InlineData("1G", 1073741824L)]
    [InlineData("1GiB", 1073741824L)]
    [InlineData("1GB", 1_000_000_000L)]
    [InlineData("2 gigabytes", 2_000_000_000L)]
    [InlineData("1TiB", 1099511627776L)]
    [InlineData("1TB", 1_000_000_000_000L)]
    [InlineData("1 PiB", 1125899906842624L)]
    [InlineData("1 PB", 1_000_000_000_000_000L)]
    [InlineData("1e", 1152921504606846976L)]
    [InlineData("1 EB", 1_000_000_000_000_000_000L)]
    [InlineData("1.5KiB", 1536L)]
    [InlineData("0.5 MB", 500_000L)]
    public void Sizes(string text, long bytes)
    {
        var config = ConfigurationFactory.ParseString($"s = {text}");
        Assert.Equal(bytes, config.GetByteSize("s"));
    }

    [Theory]
    [InlineData("10 KB")]
    [InlineData("10 kb")]
    [InlineData("1 ZiB")]
    [InlineData("12 furlongs")]
    [InlineData("big")]
    public void Bad_sizes_are_errors(string text)
    {
        var config = ConfigurationFactory.ParseString($"s = {text}");
        Assert.Throws<ConfigException>(() => config.GetByteSize("s"));
    }

    [Fact]
    public void Missing_size_gives_the_default()
    {
        Assert.Null(Config.Empty.GetByteSize("s"));
        Assert.Equal(42L, Config.Empty.GetByteSize("s", 42));
    }
}
