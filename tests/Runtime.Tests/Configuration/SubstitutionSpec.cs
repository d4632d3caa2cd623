using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class SubstitutionSpec
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "test.conf");

    [Fact]
    public void Substitution_copies_a_value()
    {
        var config = Parse("a = 5s\nb = ${a}\nc.d = [1, 2]\ne = ${c.d}");
        Assert.Equal(TimeSpan.FromSeconds(5), config.GetTimeSpan("b"));
        Assert.Equal([1, 2], config.GetIntList("e"));
    }

    [Fact]
    public void Forward_references_resolve_against_the_whole_tree()
    {
        var config = Parse("a = ${b.c}\nb { c = ${d} }\nd = 7");
        Assert.Equal(7, config.GetInt("a"));
        Assert.Equal(7, config.GetInt("b.c"));
    }

    [Fact]
    public void Substitution_sees_the_final_merged_value()
    {
        var config = Parse("a = ${b}\nb = 1\nb = 2");
        Assert.Equal(2, config.GetInt("a"));
    }

    [Fact]
    public void Substitution_keeps_the_number_type()
    {
        var config = Parse("a = 3\nb = ${a}");
        Assert.Equal(HoconValueType.Number, config.GetValue("b")!.Type);
    }

    [Fact]
    public void String_concatenation_with_substitutions()
    {
        var config = Parse("dir = /data\nlogs = ${dir}/logs\nname = \"node \"${dir}\" end\"\nspaced = ${dir} and more");
        Assert.Equal("/data/logs", config.GetString("logs"));
        Assert.Equal("node /data end", config.GetString("name"));
        Assert.Equal("/data and more", config.GetString("spaced"));
    }

    [Fact]
    public void Object_substitution_merges_with_an_adjacent_object()
    {
        var config = Parse("base { a = 1, b = 2 }\nderived = ${base} { b = 3, c = 4 }");
        Assert.Equal(1, config.GetInt("derived.a"));
        Assert.Equal(3, config.GetInt("derived.b"));
        Assert.Equal(4, config.GetInt("derived.c"));
        Assert.Equal(2, config.GetInt("base.b"));
    }

    [Fact]
    public void Object_substitution_then_later_object_merges()
    {
        var config = Parse("base { a = 1 }\nderived = ${base}\nderived { b = 2 }");
        Assert.Equal(1, config.GetInt("derived.a"));
        Assert.Equal(2, config.GetInt("derived.b"));
    }

    [Fact]
    public void Array_concatenation_with_substitutions()
    {
        var config = Parse("a = [1, 2]\nb = ${a} [3]");
        Assert.Equal([1, 2, 3], config.GetIntList("b"));
    }

    [Fact]
    public void Self_reference_concatenates_onto_the_earlier_value()
    {
        var config = Parse("""
            path = /bin
            path = ${path}":/usr/bin"
            list = [a]
            list = ${list} [b]
            obj { x = 1 }
            obj = ${obj} { y = 2 }
            """);
        Assert.Equal("/bin:/usr/bin", config.GetString("path"));
        Assert.Equal(["a", "b"], config.GetStringList("list"));
        Assert.Equal(1, config.GetInt("obj.x"));
        Assert.Equal(2, config.GetInt("obj.y"));
    }

    [Fact]
    public void Self_reference_in_a_nested_field()
    {
        var config = Parse("a.b = x\na { b = ${a.b}y }");
        Assert.Equal("xy", config.GetString("a.b"));
    }

    [Fact]
    public void Self_reference_into_a_child_of_the_earlier_value()
    {
        // The HOCON spec's own example.
        var config = Parse("foo : { a : { c : 1 } }\nfoo : ${foo.a}\nfoo : { a : 2 }");
        Assert.Equal(1, config.GetInt("foo.c"));
        Assert.Equal(2, config.GetInt("foo.a"));
    }

    [Fact]
    public void Self_reference_with_no_earlier_value_is_an_error_unless_optional()
    {
        Assert.Throws<ConfigException>(() => Parse("sd_hocon_test_unset_key = ${sd_hocon_test_unset_key} x").Resolve());
        Assert.Equal("x", Parse("sd_hocon_test_unset_key = ${?sd_hocon_test_unset_key} x").GetString("sd_hocon_test_unset_key"));
    }

    [Fact]
    public void Self_reference_through_a_fallback_layer()
    {
        var reference = Parse("path = /bin");
        var node = Parse("path = ${path}\":/opt\"");
        Assert.Equal("/bin:/opt", node.WithFallback(reference).GetString("path"));
    }

    [Fact]
    public void Cycle_is_a_clear_error()
    {
        var config = Parse("a = ${b}\nb = ${c}\nc = ${a}");
        var error = Assert.Throws<ConfigException>(() => config.GetInt("a"));
        Assert.Contains("cycle", error.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("test.conf:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reference_to_an_own_parent_is_a_cycle()
    {
        var config = Parse("a { b = ${a} }");
        Assert.Throws<ConfigException>(() => config.Resolve());
    }

    [Fact]
    public void Missing_required_substitution_names_it_and_its_origin()
    {
        var config = Parse("\n\na = ${no.such.path.anywhere}");
        var error = Assert.Throws<ConfigException>(() => config.GetString("a"));
        Assert.Contains("${no.such.path.anywhere}", error.Message, StringComparison.Ordinal);
        Assert.Contains("test.conf:3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_optional_substitution_leaves_the_field_unset()
    {
        var config = Parse("a = ${?SD_TEST_SURELY_UNDEFINED_VARIABLE_X1}\nb = [1, ${?nothing.here}, 2]");
        Assert.False(config.HasPath("a"));
        Assert.Equal([1, 2], config.GetIntList("b"));
    }

    [Fact]
    public void Missing_optional_substitution_keeps_the_earlier_value()
    {
        var config = Parse("a = default\na = ${?SD_TEST_SURELY_UNDEFINED_VARIABLE_X2}");
        Assert.Equal("default", config.GetString("a"));
    }

    [Fact]
    public void Optional_substitution_uses_the_environment()
    {
        var name = "SD_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            var config = Parse($"a = default\na = ${{?{name}}}\nb = ${{{name}}}/suffix");
            Assert.Equal("from-env", config.GetString("a"));
            Assert.Equal("from-env/suffix", config.GetString("b"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Config_value_wins_over_an_environment_variable_of_the_same_name()
    {
        var name = "SD_HOCON_TEST_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(name, "from-env");
        try
        {
            Assert.Equal("from-config", Parse($"{name} = from-config\nb = ${{{name}}}").GetString("b"));
        }
        finally
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }

    [Fact]
    public void Mixing_a_string_and_an_object_is_an_error()
    {
        var config = Parse("o { x = 1 }\na = ${o} text");
        var error = Assert.Throws<ConfigException>(() => config.Resolve());
        Assert.Contains("concatenate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_inside_an_array_of_objects()
    {
        var config = Parse("port = 9\nendpoints = [{ host = a, port = ${port} }]");
        var endpoint = (HoconObject)((HoconArray)config.GetValue("endpoints")!)[0];
        Assert.Equal("9", ((HoconScalar)endpoint["port"]).Text);
    }

    [Fact]
    public void Sub_config_of_a_resolved_config_is_resolved()
    {
        var config = Parse("defaults.size = 64KiB\nstore { chunk = ${defaults.size} }");
        Assert.Equal(65536, config.GetConfig("store").GetByteSize("chunk"));
    }
}
