using Spacedrive.Storage.Library;

namespace Spacedrive.Storage.Tests.Library;

public sealed class UuidV7Spec
{
    [Fact]
    public void UuidV7_must_carry_version_7_the_RFC_variant_and_the_current_millisecond()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var uuid = UuidV7.New();
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(7, uuid.Version);
        Assert.Equal(0b10, uuid.ToByteArray(bigEndian: true)[8] >> 6);
        var bytes = uuid.ToByteArray(bigEndian: true);
        long ms = 0;
        for (var i = 0; i < 6; i++)
        {
            ms = (ms << 8) | bytes[i];
        }
        Assert.InRange(ms, before, after);
        // Its text form reads the timestamp first, as Guid.CreateVersion7's does.
        Assert.StartsWith(ms.ToString("x12", System.Globalization.CultureInfo.InvariantCulture)[..8], uuid.ToString("N"), StringComparison.Ordinal);
    }

    [Fact]
    public void UuidV7_must_not_repeat_across_pool_refills_and_threads()
    {
        // 10 random bytes per UUID from a 4 KiB pool: 409 per refill; 50,000 per thread spans over a hundred refills.
        var all = new System.Collections.Concurrent.ConcurrentBag<Guid>();
        Parallel.For(0, 4, _ =>
        {
            for (var i = 0; i < 50_000; i++)
            {
                all.Add(UuidV7.New());
            }
        });
        Assert.Equal(200_000, all.Distinct().Count());
    }
}
