using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public sealed class IncludeSpec : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("sd-hocon-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string relativePath, string text)
    {
        var path = Path.Combine(_directory, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Include_merges_the_file_at_that_point()
    {
        Write("base.conf", "a = 1\nb = 1");
        var main = Write("main.conf", "a = 0\ninclude \"base.conf\"\nb = 2");
        var config = ConfigurationFactory.ParseFile(main);
        Assert.Equal(1, config.GetInt("a"));
        Assert.Equal(2, config.GetInt("b"));
    }

    [Fact]
    public void Include_is_relative_to_the_including_file()
    {
        Write("sub/inner.conf", "value = inner");
        Write("sub/middle.conf", "include \"inner.conf\"");
        var main = Write("main.conf", "include file(\"sub/middle.conf\")");
        Assert.Equal("inner", ConfigurationFactory.ParseFile(main).GetString("value"));
    }

    [Fact]
    public void Include_inside_an_object_nests_the_file_and_its_substitutions()
    {
        Write("jobs.conf", "max = 4\nlimit = ${max}");
        var main = Write("main.conf", "spacedrive { jobs { include \"jobs.conf\" } }");
        var config = ConfigurationFactory.ParseFile(main);
        Assert.Equal(4, config.GetInt("spacedrive.jobs.max"));
        Assert.Equal(4, config.GetInt("spacedrive.jobs.limit"));
    }

    [Fact]
    public void Missing_optional_include_is_ignored()
    {
        var main = Write("main.conf", "include \"absent.conf\"\na = 1");
        Assert.Equal(1, ConfigurationFactory.ParseFile(main).GetInt("a"));
    }

    [Fact]
    public void Missing_required_include_fails_with_position()
    {
        var main = Write("main.conf", "a = 1\ninclude required(\"absent.conf\")");
        var error = Assert.Throws<HoconParseException>(() => ConfigurationFactory.ParseFile(main));
        Assert.Equal(2, error.Line);
        Assert.Contains("absent.conf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Required_file_form_and_extension_less_name()
    {
        Write("extra.conf", "x = 1");
        var main = Write("main.conf", "include required(file(\"extra.conf\"))\ninclude \"extra\"");
        Assert.Equal(1, ConfigurationFactory.ParseFile(main).GetInt("x"));
    }

    [Fact]
    public void Include_cycle_is_an_error()
    {
        Write("a.conf", "include \"b.conf\"");
        Write("b.conf", "include \"a.conf\"");
        var error = Assert.Throws<HoconParseException>(() => ConfigurationFactory.ParseFile(Path.Combine(_directory, "a.conf")));
        Assert.Contains("cycle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_in_an_included_file_names_that_file()
    {
        Write("bad.conf", "ok = 1\nbroken = [1, 2");
        var main = Write("main.conf", "include \"bad.conf\"");
        var error = Assert.Throws<HoconParseException>(() => ConfigurationFactory.ParseFile(main));
        Assert.EndsWith("bad.conf", error.SourceName, StringComparison.Ordinal);
        Assert.Equal(2, error.Line);
    }

    [Fact]
    public void Include_as_a_key_is_still_a_key()
    {
        var config = ConfigurationFactory.ParseString("include = yes\nother { include: 2 }");
        Assert.True(config.GetBoolean("include"));
        Assert.Equal(2, config.GetInt("other.include"));
    }

    [Fact]
    public void ParseString_includes_relative_to_the_given_folder()
    {
        Write("x.conf", "x = 3");
        Assert.Equal(3, ConfigurationFactory.ParseString("include \"x.conf\"", "inline", _directory).GetInt("x"));
    }

    [Fact]
    public void Missing_file_is_a_config_exception()
    {
        Assert.Throws<ConfigException>(() => ConfigurationFactory.ParseFile(Path.Combine(_directory, "nope.conf")));
    }
}
