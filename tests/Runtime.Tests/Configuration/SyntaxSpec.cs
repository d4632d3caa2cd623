using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class SyntaxSpec
{
    private static Config Parse(string text) => ConfigurationFactory.ParseString(text, "test.conf");

    [Fact]
    public void Nested_objects_and_dotted_keys_are_the_same_tree()
    {
        var config = Parse("""
            a { b { c = 1 } }
            x.y.z = 2
            """);
        Assert.Equal(1, config.GetInt("a.b.c"));
        Assert.Equal(2, config.GetInt("x.y.z"));
        Assert.True(config.HasPath("x.y"));
    }

    [Theory]
    [InlineData("a = 1")]
    [InlineData("a : 1")]
    [InlineData("a=1")]
    [InlineData("{ a = 1 }")]
    [InlineData("\"a\" = 1")]
    public void Both_separators_and_root_braces_work(string text) => Assert.Equal(1, Parse(text).GetInt("a"));

    [Fact]
    public void Object_without_separator()
    {
        var config = Parse("a { b = x }\nc.d { e = y }");
        Assert.Equal("x", config.GetString("a.b"));
        Assert.Equal("y", config.GetString("c.d.e"));
    }

    [Fact]
    public void Comments_of_both_kinds_are_ignored()
    {
        var config = Parse("""
            # hash comment
            a = 1 # trailing
            // slash comment
            b = 2 // trailing
            c = "# not a comment"
            d = "// neither"
            """);
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
        Assert.Equal("# not a comment", config.GetString("c"));
        Assert.Equal("// neither", config.GetString("d"));
    }

    [Fact]
    public void Fields_separated_by_commas_or_newlines()
    {
        var config = Parse("a = 1, b = 2\nc = 3,\nd { e = 4, f = 5, }");
        Assert.Equal([1, 2, 3, 4, 5], new[] { "a", "b", "c", "d.e", "d.f" }.Select(p => config.GetInt(p)));
    }

    [Theory]
    [InlineData("\"a\\\"b\"", "a\"b")]
    [InlineData("\"tab\\there\"", "tab\there")]
    [InlineData("\"line\\nbreak\"", "line\nbreak")]
    [InlineData("\"back\\\\slash\"", "back\\slash")]
    [InlineData("\"slash\\/\"", "slash/")]
    [InlineData("\"\\u00e9t\\u00E9\"", "été")]
    [InlineData("\"\"", "")]
    public void Quoted_strings_decode_json_escapes(string literal, string expected) =>
        Assert.Equal(expected, Parse("a = " + literal).GetString("a"));

    [Fact]
    public void Unquoted_strings_join_with_their_inner_whitespace()
    {
        var config = Parse("a = hello   big world   \nb = foo\"bar\"baz\nc = 10 s");
        Assert.Equal("hello   big world", config.GetString("a"));
        Assert.Equal("foobarbaz", config.GetString("b"));
        Assert.Equal("10 s", config.GetString("c"));
    }

    [Fact]
    public void Triple_quoted_strings_are_raw_and_multiline()
    {
        var config = Parse("a = \"\"\"line one\n  \"quoted\" \\n raw\"\"\"\nb = \"\"\"x\"\"\"\"");
        Assert.Equal("line one\n  \"quoted\" \\n raw", config.GetString("a"));
        Assert.Equal("x\"", config.GetString("b"));
    }

    [Fact]
    public void Unquoted_literals_are_typed()
    {
        var config = Parse("i = 42\nn = -1.5e3\nt = true\nf = false\nz = null\ns = 42abc");
        Assert.Equal(HoconValueType.Number, config.GetValue("i")!.Type);
        Assert.Equal(-1500.0, config.GetDouble("n"));
        Assert.Equal(HoconValueType.Boolean, config.GetValue("t")!.Type);
        Assert.False(config.GetBoolean("f", true));
        Assert.False(config.HasPath("z"));
        Assert.Equal("fallback", config.GetString("z", "fallback"));
        Assert.Equal(HoconValueType.String, config.GetValue("s")!.Type);
    }

    [Fact]
    public void Arrays_multiline_with_or_without_commas_and_trailing_comma()
    {
        var config = Parse("""
            a = [1, 2, 3]
            b = [
              x
              y,
              "z",
            ]
            c = []
            d = [ foo bar, [1, 2], { k = v } ]
            """);
        Assert.Equal([1, 2, 3], config.GetIntList("a"));
        Assert.Equal(["x", "y", "z"], config.GetStringList("b"));
        Assert.Empty(config.GetStringList("c"));
        var d = (HoconArray)config.GetValue("d")!;
        Assert.Equal("foo bar", ((HoconScalar)d[0]).Text);
        Assert.Equal(2, ((HoconArray)d[1]).Count);
        Assert.Equal("v", ((HoconScalar)((HoconObject)d[2])["k"]).Text);
    }

    [Fact]
    public void Quoted_key_segments_keep_their_dots()
    {
        var config = Parse("""
            a."b.c".d = 1
            bindings { "System.Object" = json }
            """);
        Assert.Equal(1, config.GetInt("a.\"b.c\".d"));
        Assert.False(config.HasPath("a.b"));
        Assert.Equal("json", config.GetString("bindings.\"System.Object\""));
        Assert.Equal(["b.c"], config.GetConfig("a").Keys);
    }

    [Fact]
    public void Keys_may_contain_inner_whitespace_and_numbers()
    {
        var config = Parse("a b c = 1\n10.5 = x");
        Assert.Equal(1, config.GetInt("a b c"));
        Assert.Equal("x", config.GetString("10.5"));
        Assert.Equal("x", config.GetConfig("10").GetString("5"));
    }

    [Fact]
    public void Plus_equals_appends_to_an_array()
    {
        var config = Parse("a = [1]\na += 2\na += 3\nb += x");
        Assert.Equal([1, 2, 3], config.GetIntList("a"));
        Assert.Equal(["x"], config.GetStringList("b"));
    }

    [Fact]
    public void Empty_document_is_empty()
    {
        Assert.True(Parse("").IsEmpty);
        Assert.True(Parse("  \n # only a comment\n").IsEmpty);
        Assert.True(Parse("{}").IsEmpty);
    }

    [Fact]
    public void Crlf_line_endings_are_accepted()
    {
        var config = Parse("a = 1\r\nb = two words\r\nc = [x\r\n y]\r\n");
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal("two words", config.GetString("b"));
        Assert.Equal(["x", "y"], config.GetStringList("c"));
    }
}
