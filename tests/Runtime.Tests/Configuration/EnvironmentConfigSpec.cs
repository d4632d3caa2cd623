using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class EnvironmentConfigSpec
{
    private static Config FromVariables(params (string Name, string Value)[] variables) =>
        Config.FromEnvironment(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value)));

    [Theory]
    [InlineData("SD_JOBS__MAX_CONCURRENT", "spacedrive.jobs.max-concurrent")]
    [InlineData("SD_LOG_LEVEL", "spacedrive.log-level")]
    [InlineData("SD_MESH__LINK__HEARTBEAT_INTERVAL", "spacedrive.mesh.link.heartbeat-interval")]
    [InlineData("SD_X", "spacedrive.x")]
    public void Names_map_to_paths(string name, string path) =>
        Assert.Equal(path, string.Join('.', EnvironmentConfig.ToPath(name)!));

    [Theory]
    [InlineData("PATH")]
    [InlineData("SD_")]
    [InlineData("sd_lower")]
    [InlineData("SD_A____B")]
    [InlineData("SD___A")]
    public void Other_or_empty_names_are_ignored(string name) => Assert.Null(EnvironmentConfig.ToPath(name));

    [Fact]
    public void Values_become_configuration()
    {
        var config = FromVariables(
            ("SD_JOBS__MAX_CONCURRENT", "4"),
            ("SD_JOBS__CHECKPOINT_INTERVAL", "5s"),
            ("SD_API__ENABLED", "true"),
            ("SD_NAME", "my laptop"),
            ("SD_MESH__SEEDS", "[\"a:1\", \"b:2\"]"),
            ("HOME", "/home/me"));
        Assert.Equal(4, config.GetInt("spacedrive.jobs.max-concurrent"));
        Assert.Equal(HoconValueType.Number, config.GetValue("spacedrive.jobs.max-concurrent")!.Type);
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("spacedrive.jobs.checkpoint-interval"));
        Assert.True(config.GetBoolean("spacedrive.api.enabled"));
        Assert.Equal("my laptop", config.GetString("spacedrive.name"));
        Assert.Equal(["a:1", "b:2"], config.GetStringList("spacedrive.mesh.seeds"));
        Assert.Equal(["spacedrive"], config.Keys);
    }

    [Fact]
    public void Values_are_not_substituted()
    {
        var config = FromVariables(("SD_A", "${b}"), ("SD_B", "x # y"));
        Assert.Equal("${b}", config.GetString("spacedrive.a"));
        Assert.Equal("x # y", config.GetString("spacedrive.b"));
    }

    [Fact]
    public void Origin_names_the_variable()
    {
        var config = FromVariables(("SD_JOBS__MAX_CONCURRENT", "many"));
        var error = Assert.Throws<ConfigException>(() => config.GetInt("spacedrive.jobs.max-concurrent"));
        Assert.Contains("env:SD_JOBS__MAX_CONCURRENT", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layering_flags_over_environment_over_node_conf_over_reference()
    {
        var reference = ConfigurationFactory.ParseString("spacedrive.jobs { max-concurrent = 1, retries = 1, timeout = 1s, name = ref }");
        var node = ConfigurationFactory.ParseString("spacedrive.jobs { max-concurrent = 2, retries = 2, timeout = 2s }");
        var environment = FromVariables(("SD_JOBS__MAX_CONCURRENT", "3"), ("SD_JOBS__RETRIES", "3"));
        var config = Config.Empty
            .WithValue("spacedrive.jobs.max-concurrent", 4)
            .WithFallback(environment)
            .WithFallback(node)
            .WithFallback(reference);
        Assert.Equal(4, config.GetInt("spacedrive.jobs.max-concurrent"));
        Assert.Equal(3, config.GetInt("spacedrive.jobs.retries"));
        Assert.Equal(TimeSpan.FromSeconds(2), config.GetTimeSpan("spacedrive.jobs.timeout"));
        Assert.Equal("ref", config.GetString("spacedrive.jobs.name"));
    }

    [Fact]
    public void FromEnvironment_reads_the_process_environment()
    {
        var suffix = Guid.NewGuid().ToString("N").ToUpperInvariant();
        var name = "SD_HOCONTEST" + suffix + "__LIMIT";
        Environment.SetEnvironmentVariable(name, "12");
        try
        {
            Assert.Equal(12, Config.FromEnvironment().GetInt($"spacedrive.hocontest{suffix.ToLowerInvariant()}.limit"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
