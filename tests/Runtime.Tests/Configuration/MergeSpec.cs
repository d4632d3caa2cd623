using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class MergeSpec
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "test.conf");

    [Fact]
    public void Repeated_objects_merge_deeply_and_later_keys_win()
    {
        var config = Parse("""
            a { x = 1, y = 2, inner { p = 1 } }
            a { y = 3, z = 4, inner { q = 2 } }
            a.inner.p = 5
            """);
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(3, config.GetInt("a.y"));
        Assert.Equal(4, config.GetInt("a.z"));
        Assert.Equal(5, config.GetInt("a.inner.p"));
        Assert.Equal(2, config.GetInt("a.inner.q"));
        Assert.Equal(["x", "y", "inner", "z"], config.GetConfig("a").Keys);
    }

    [Fact]
    public void A_non_object_replaces_an_object_and_back()
    {
        var config = Parse("a { x = 1 }\na = 5\nb = 5\nb { y = 2 }");
        Assert.Equal(5, config.GetInt("a"));
        Assert.False(config.HasPath("b.x"));
        Assert.Equal(2, config.GetInt("b.y"));
    }

    [Fact]
    public void Null_blocks_the_merge_with_earlier_fields()
    {
        var config = Parse("a { x = 1 }\na = null\na { y = 2 }");
        Assert.False(config.HasPath("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Arrays_are_replaced_not_merged()
    {
        var config = Parse("a = [1, 2]\na = [3]");
        Assert.Equal([3], config.GetIntList("a"));
    }

    [Fact]
    public void WithFallback_receiver_wins_and_objects_merge()
    {
        var user = Parse("a { x = user }\nlist = [u]");
        var reference = Parse("a { x = ref, y = ref }\nb = ref\nlist = [r1, r2]");
        var config = user.WithFallback(reference);
        Assert.Equal("user", config.GetString("a.x"));
        Assert.Equal("ref", config.GetString("a.y"));
        Assert.Equal("ref", config.GetString("b"));
        Assert.Equal(["u"], config.GetStringList("list"));
    }

    [Fact]
    public void Chained_fallbacks_take_the_first_that_has_a_value()
    {
        var flags = Parse("a = flags");
        var env = Parse("a = env\nb = env");
        var node = Parse("a = node\nb = node\nc = node");
        var reference = Parse("a = ref\nb = ref\nc = ref\nd = ref");
        var config = flags.WithFallback(env).WithFallback(node).WithFallback(reference);
        Assert.Equal(["flags", "env", "node", "ref"], new[] { "a", "b", "c", "d" }.Select(p => config.GetString(p)));
    }

    [Fact]
    public void WithFallback_with_empty_or_self_returns_same_values()
    {
        var config = Parse("a = 1");
        Assert.Same(config, config.WithFallback(Config.Empty));
        Assert.Same(config, Config.Empty.WithFallback(config));
        Assert.Equal(1, config.WithFallback(config).GetInt("a"));
    }

    [Fact]
    public void Substitutions_in_a_layer_see_values_of_its_fallback()
    {
        var node = Parse("spacedrive.jobs.timeout = ${spacedrive.defaults.timeout}");
        var reference = Parse("spacedrive.defaults.timeout = 5s");
        Assert.Equal(TimeSpan.FromSeconds(5), node.WithFallback(reference).GetTimeSpan("spacedrive.jobs.timeout"));
    }

    [Fact]
    public void Overrides_change_what_fallback_substitutions_see()
    {
        var reference = Parse("base = /var/sd\nlogs = ${base}/logs");
        var node = Parse("base = /home/me/sd");
        Assert.Equal("/home/me/sd/logs", node.WithFallback(reference).GetString("logs"));
        Assert.Equal("/var/sd/logs", reference.GetString("logs"));
    }

    [Fact]
    public void Plus_equals_in_a_layer_appends_to_the_fallback_array()
    {
        var reference = Parse("seeds = [a]");
        var node = Parse("seeds += b");
        Assert.Equal(["a", "b"], node.WithFallback(reference).GetStringList("seeds"));
    }

    [Fact]
    public void WithValue_sets_and_overrides_values()
    {
        var config = Parse("a { x = 1, y = 2 }")
            .WithValue("a.x", 10)
            .WithValue("b.\"c.d\"", "text")
            .WithValue("flag", true)
            .WithValue("ratio", 0.25)
            .WithValue("timeout", TimeSpan.FromMilliseconds(1500))
            .WithValue("list", ["p", "q"]);
        Assert.Equal(10, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
        Assert.Equal("text", config.GetString("b.\"c.d\""));
        Assert.True(config.GetBoolean("flag"));
        Assert.Equal(0.25, config.GetDouble("ratio"));
        Assert.Equal(TimeSpan.FromMilliseconds(1500), config.GetTimeSpan("timeout"));
        Assert.Equal(["p", "q"], config.GetStringList("list"));
    }

    [Fact]
    public void WithValue_does_not_change_the_original()
    {
        var original = Parse("a = 1");
        _ = original.WithValue("a", 2);
        Assert.Equal(1, original.GetInt("a"));
    }

    [Fact]
    public void WithValue_of_an_object_merges()
    {
        var value = ConfigurationFactory.ParseString("y = 2").Root;
        var config = Parse("a { x = 1 }").WithValue("a", value);
        Assert.Equal(1, config.GetInt("a.x"));
        Assert.Equal(2, config.GetInt("a.y"));
    }

    [Fact]
    public void Substitution_of_an_object_sees_later_additions_to_it()
    {
        var config = Parse("a { x = 1 }\nb = ${a}\na { y = 2 }\na.z = 3");
        Assert.Equal(["x", "y", "z"], config.GetConfig("b").Keys);
    }

    [Fact]
    public void Dotted_keys_after_a_substitution_merge_when_it_resolves_to_an_object()
    {
        var config = Parse("base { x = 1 }\na = ${base}\na.y = 2\na { z = 3 }");
        Assert.Equal(["x", "y", "z"], config.GetConfig("a").Keys);
        Assert.Equal(["x"], config.GetConfig("base").Keys);
    }

    [Fact]
    public void Fallback_layers_are_not_changed_by_merging()
    {
        var reference = Parse("a { x = 1 }");
        var node = Parse("a { y = 2 }");
        _ = node.WithFallback(reference).Resolve();
        Assert.Equal(["x"], reference.GetConfig("a").Keys);
        Assert.Equal(["y"], node.GetConfig("a").Keys);
    }

    [Fact]
    public void WithValue_changes_what_substitutions_see()
    {
        var config = Parse("a = ${b}\nb = 1").WithValue("b", 2);
        Assert.Equal(2, config.GetInt("a"));
    }
}
