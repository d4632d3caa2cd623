using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class ErrorSpec
{
    [Theory]
    [InlineData("a = [1, 2", 1, 5, "array")]
    [InlineData("a {\n  b = 1\n", 3, 1, "'}'")]
    [InlineData("a = 1\nb = \"unterminated", 2, 5, "unterminated")]
    [InlineData("a = 1\nb", 2, 2, "after the key 'b'")]
    [InlineData("a = 1\n  = 2", 2, 3, "expected a key")]
    [InlineData("a = \n", 2, 1, "expected a value")]
    [InlineData("a = x = y", 1, 7, "'='")]
    [InlineData("a = 1 }", 1, 7, "'}'")]
    [InlineData("a = \"bad \\q escape\"", 1, 10, "escape")]
    [InlineData("a = ${unterminated", 1, 5, "substitution")]
    [InlineData("a = ${}", 1, 5, "empty substitution")]
    [InlineData("a..b = 1", 1, 1, "empty key")]
    [InlineData("a = 1,, b = 2", 1, 7, "two commas")]
    [InlineData("a = @", 1, 5, "'@'")]
    [InlineData("[1, 2]", 1, 1, "array")]
    [InlineData("a = \"\"\"never closed", 1, 5, "\"\"\"")]
    [InlineData("a = [1 2 }", 1, 10, "']'")]
    public void Malformed_input_reports_source_line_and_column(string text, int line, int column, string mentions)
    {
        var error = Assert.Throws<HoconParseException>(() => ConfigurationFactory.ParseString(text, "bad.conf"));
        Assert.Equal("bad.conf", error.SourceName);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.StartsWith($"bad.conf:{line}:{column}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(mentions, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_exception_is_a_config_exception()
    {
        Assert.IsAssignableFrom<ConfigException>(new HoconParseException("x", 1, 1, "y"));
    }

    [Fact]
    public void Wrong_type_names_path_and_origin()
    {
        var config = ConfigurationFactory.ParseString("a = 1\nobj { name = hello }", "node.conf");
        var error = Assert.Throws<ConfigException>(() => config.GetInt("obj.name"));
        Assert.Contains("'obj.name'", error.Message, StringComparison.Ordinal);
        Assert.Contains("node.conf:2", error.Message, StringComparison.Ordinal);
        Assert.Contains("hello", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GetString")]
    [InlineData("GetInt")]
    [InlineData("GetBoolean")]
    [InlineData("GetTimeSpan")]
    [InlineData("GetByteSize")]
    [InlineData("GetStringList")]
    public void Object_where_a_scalar_is_expected_is_an_error(string getter)
    {
        var config = ConfigurationFactory.ParseString("a { b = 1 }", "t.conf");
        Action read = getter switch
        {
            "GetString" => () => config.GetString("a"),
            "GetInt" => () => config.GetInt("a"),
            "GetBoolean" => () => config.GetBoolean("a"),
            "GetTimeSpan" => () => config.GetTimeSpan("a"),
            "GetByteSize" => () => config.GetByteSize("a"),
            _ => () => config.GetStringList("a"),
        };
        var error = Assert.Throws<ConfigException>(read);
        Assert.Contains("an object", error.Message, StringComparison.Ordinal);
        Assert.Contains("t.conf:1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetConfig_on_a_scalar_is_an_error()
    {
        var config = ConfigurationFactory.ParseString("a = 1");
        Assert.Throws<ConfigException>(() => config.GetConfig("a"));
    }

    [Fact]
    public void List_of_objects_is_not_a_string_list()
    {
        var config = ConfigurationFactory.ParseString("a = [{ x = 1 }]", "t.conf");
        var error = Assert.Throws<ConfigException>(() => config.GetStringList("a"));
        Assert.Contains("a[0]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_getter_path_is_a_config_exception()
    {
        Assert.Throws<ConfigException>(() => Config.Empty.GetString("a..b"));
    }

    [Fact]
    public void Int_out_of_range_is_an_error()
    {
        var config = ConfigurationFactory.ParseString("a = 3000000000");
        Assert.Throws<ConfigException>(() => config.GetInt("a"));
        Assert.Equal(3_000_000_000L, config.GetLong("a"));
    }
}
