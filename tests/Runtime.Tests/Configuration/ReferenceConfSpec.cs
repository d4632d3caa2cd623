using System.Diagnostics;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class ReferenceConfSpec
{
    [Fact]
    public void Default_parses_the_embedded_reference_conf()
    {
        var config = ConfigurationFactory.Default().Resolve();
        Assert.NotNull(config.Render());
        Assert.Same(config, ConfigurationFactory.Default());
    }

    [Fact]
    public void Parsing_a_reference_sized_file_takes_a_few_milliseconds()
    {
        var text = string.Join('\n', Enumerable.Range(0, 60).Select(i => $$"""
            # section {{i}}
            spacedrive.section{{i}} {
              enabled = on
              timeout = 5s
              size = 64KiB
              name = "section {{i}}"
              peers = [a, b, c]
              retry { attempts = 3, backoff = ${spacedrive.section{{i}}.timeout} }
            }
            """));
        _ = ConfigurationFactory.ParseString(text).GetInt("spacedrive.section0.retry.attempts");
        var watch = Stopwatch.StartNew();
        var config = ConfigurationFactory.ParseString(text);
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("spacedrive.section59.retry.backoff"));
        watch.Stop();
        Assert.True(watch.ElapsedMilliseconds < 200, $"took {watch.ElapsedMilliseconds} ms");
    }
}
