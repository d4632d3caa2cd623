using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class GetterSpec
{
    private static readonly Config Sample = ConfigurationFactory.ParseString("""
        text = hello
        number = 42
        big = 9000000000
        ratio = 0.75
        quoted-number = "17"
        flags { a = true, b = off, c = yes, d = no, e = on, f = false }
        strings = [a, "b c", 3]
        ints = [1, 2, 3]
        durations = [1s, 500ms]
        empty = {}
        nested { x { y = 1 }, z = 2 }
        """, "sample.conf");

    [Fact]
    public void Missing_paths_give_defaults_like_akka()
    {
        Assert.Null(Sample.GetString("missing"));
        Assert.Equal("d", Sample.GetString("missing", "d"));
        Assert.Equal(0, Sample.GetInt("missing"));
        Assert.Equal(7, Sample.GetInt("missing.deeper", 7));
        Assert.Equal(7L, Sample.GetLong("missing", 7));
        Assert.Equal(1.5, Sample.GetDouble("missing", 1.5));
        Assert.True(Sample.GetBoolean("missing", true));
        Assert.Empty(Sample.GetStringList("missing"));
        Assert.Empty(Sample.GetIntList("missing"));
        Assert.True(Sample.GetConfig("missing").IsEmpty);
        Assert.False(Sample.HasPath("missing"));
        Assert.False(Sample.HasPath("text.below.a.string"));
        Assert.Equal(0, Sample.GetInt("text.below"));
    }

    [Fact]
    public void Scalars_convert_to_the_asked_type()
    {
        Assert.Equal("hello", Sample.GetString("text"));
        Assert.Equal("42", Sample.GetString("number"));
        Assert.Equal(42, Sample.GetInt("number"));
        Assert.Equal(9_000_000_000L, Sample.GetLong("big"));
        Assert.Equal(0.75, Sample.GetDouble("ratio"));
        Assert.Equal(42.0, Sample.GetDouble("number"));
        Assert.Equal(17, Sample.GetInt("quoted-number"));
    }

    [Theory]
    [InlineData("a", true)]
    [InlineData("b", false)]
    [InlineData("c", true)]
    [InlineData("d", false)]
    [InlineData("e", true)]
    [InlineData("f", false)]
    public void Booleans_accept_true_false_on_off_yes_no(string key, bool expected) =>
        Assert.Equal(expected, Sample.GetBoolean("flags." + key));

    [Fact]
    public void Non_boolean_text_is_an_error()
    {
        var error = Assert.Throws<ConfigException>(() => Sample.GetBoolean("text"));
        Assert.Contains("sample.conf:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_numeric_text_is_an_error()
    {
        Assert.Throws<ConfigException>(() => Sample.GetInt("text"));
        Assert.Throws<ConfigException>(() => Sample.GetDouble("text"));
        Assert.Throws<ConfigException>(() => Sample.GetInt("ratio"));
    }

    [Fact]
    public void Lists()
    {
        Assert.Equal(["a", "b c", "3"], Sample.GetStringList("strings"));
        Assert.Equal([1, 2, 3], Sample.GetIntList("ints"));
        Assert.Equal([1L, 2L, 3L], Sample.GetLongList("ints"));
        Assert.Equal([TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(500)], Sample.GetTimeSpanList("durations"));
        Assert.Throws<ConfigException>(() => Sample.GetIntList("strings"));
        Assert.Throws<ConfigException>(() => Sample.GetStringList("text"));
    }

    [Fact]
    public void GetConfig_gives_the_sub_tree()
    {
        var nested = Sample.GetConfig("nested");
        Assert.Equal(1, nested.GetInt("x.y"));
        Assert.Equal(2, nested.GetInt("z"));
        Assert.Equal(["x", "z"], nested.Keys);
        Assert.True(Sample.GetConfig("empty").IsEmpty);
        Assert.Equal(1, Sample.GetConfig("nested").GetConfig("x").GetInt("y"));
    }

    [Fact]
    public void AsEnumerable_lists_the_root_fields_in_order()
    {
        var keys = Sample.GetConfig("flags").AsEnumerable().Select(pair => pair.Key);
        Assert.Equal(["a", "b", "c", "d", "e", "f"], keys);
        var values = Sample.GetConfig("nested").AsEnumerable().ToDictionary(p => p.Key, p => p.Value.Type);
        Assert.Equal(HoconValueType.Object, values["x"]);
        Assert.Equal(HoconValueType.Number, values["z"]);
    }

    [Fact]
    public void HasPath_is_true_for_objects_and_values()
    {
        Assert.True(Sample.HasPath("nested"));
        Assert.True(Sample.HasPath("nested.x.y"));
        Assert.True(Sample.HasPath("empty"));
    }

    [Fact]
    public void Getters_are_safe_in_parallel()
    {
        var config = ConfigurationFactory.ParseString("a = ${b}\nb = 5");
        Parallel.For(0, 200, _ => Assert.Equal(5, config.GetInt("a")));
    }
}
