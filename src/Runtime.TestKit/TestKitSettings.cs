using System.Globalization;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.TestKit;

/// <summary>
/// <c>spacedrive.test</c>: default timeouts, all multiplied by the time factor
/// (<c>SD_TEST_TIMEFACTOR</c> environment variable, else <c>spacedrive.test.timefactor</c>) for slow CI machines.
/// </summary>
public sealed class TestKitSettings
{
    public TestKitSettings(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        SingleExpectDefault = config.GetTimeSpan("spacedrive.test.single-expect-default", TimeSpan.FromSeconds(3), allowInfinite: false);
        DefaultTimeout = config.GetTimeSpan("spacedrive.test.default-timeout", TimeSpan.FromSeconds(5), allowInfinite: false);
        ExpectNoMessageDefault = config.GetTimeSpan("spacedrive.test.expect-no-message-default", TimeSpan.FromMilliseconds(300), allowInfinite: false);
        var fromEnvironment = Environment.GetEnvironmentVariable("SD_TEST_TIMEFACTOR");
        TimeFactor = double.TryParse(fromEnvironment, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0
            ? factor
            : config.GetDouble("spacedrive.test.timefactor", 1.0);
        if (TimeFactor <= 0) TimeFactor = 1.0;
    }

    public TimeSpan SingleExpectDefault { get; }
    public TimeSpan DefaultTimeout { get; }
    public TimeSpan ExpectNoMessageDefault { get; }
    public double TimeFactor { get; }

    public TimeSpan Dilated(TimeSpan duration) => duration == Timeout.InfiniteTimeSpan ? duration : duration * TimeFactor;
}
