using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Tests.Configuration;

public class RenderSpec
{
    private const string Rich = """
        spacedrive {
          name = "my node"
          port = 4053
          ratio = -0.5
          enabled = on
          truth = true
          nothing = null
          word = "true"
          numeric-string = "123"
          escaped = "quote \" backslash \\ newline \n tab \t"
          "dotted.key" = 1
          "" = empty-key
          list = [a, "b c", 1, 2.5]
          objects = [{ x = 1 }, { y = [1, 2] }]
          nested { deeper { deepest = 5s } }
          empty-object {}
          empty-list = []
          path = ${spacedrive.name}/data
        }
        """;

    [Fact]
    public void Render_reparses_to_the_same_tree()
    {
        var original = ConfigurationFactory.ParseString(Rich);
        var rendered = original.Render();
        var reparsed = ConfigurationFactory.ParseString(rendered, "rendered");
        Assert.Equal(rendered, reparsed.Render());
        AssertSameTree(original.Root, reparsed.Root);
    }

    [Fact]
    public void Render_resolves_substitutions_and_keeps_types()
    {
        var rendered = ConfigurationFactory.ParseString(Rich).ToString();
        Assert.Contains("path = \"my node/data\"", rendered, StringComparison.Ordinal);
        Assert.Contains("port = 4053", rendered, StringComparison.Ordinal);
        Assert.Contains("word = \"true\"", rendered, StringComparison.Ordinal);
        Assert.Contains("\"dotted.key\" = 1", rendered, StringComparison.Ordinal);
        Assert.DoesNotContain("${", rendered, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_of_an_unresolvable_config_shows_the_error_instead_of_throwing()
    {
        var config = ConfigurationFactory.ParseString("a = ${nowhere.at.all}", "t.conf");
        Assert.StartsWith("# unresolvable configuration: ", config.ToString(), StringComparison.Ordinal);
        Assert.Throws<ConfigException>(config.Render);
    }

    [Fact]
    public void Render_of_empty_is_empty()
    {
        Assert.Equal("", Config.Empty.Render());
    }

    [Fact]
    public void Render_of_the_reference_round_trips()
    {
        var reference = ConfigurationFactory.Default();
        var reparsed = ConfigurationFactory.ParseString(reference.Render());
        AssertSameTree(reference.Root, reparsed.Root);
    }

    private static void AssertSameTree(HoconValue expected, HoconValue actual)
    {
        Assert.Equal(expected.Type, actual.Type);
        switch (expected)
        {
            case HoconObject expectedObject:
                var actualObject = (HoconObject)actual;
                Assert.Equal(expectedObject.Keys, actualObject.Keys);
                foreach (var (key, value) in expectedObject) AssertSameTree(value, actualObject[key]);
                break;
            case HoconArray expectedArray:
                var actualArray = (HoconArray)actual;
                Assert.Equal(expectedArray.Count, actualArray.Count);
                for (var i = 0; i < expectedArray.Count; i++) AssertSameTree(expectedArray[i], actualArray[i]);
                break;
            case HoconScalar expectedScalar:
                Assert.Equal(expectedScalar.Text, ((HoconScalar)actual).Text);
                break;
        }
    }
}
