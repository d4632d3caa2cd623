using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Spacedrive.Messages;

namespace Spacedrive.Messages.Tests;

public class SdPathSpec
{
    private const string ContentUuid = "886313e1-3b8a-5372-9b90-0c9aee199e5d";

    [Theory]
    [InlineData("local://jamies-macbook/Users/jamie/a.txt", "jamies-macbook", "/Users/jamie/a.txt")]
    [InlineData("local://nas/srv/My Photos/Été 2024/日本.jpg", "nas", "/srv/My Photos/Été 2024/日本.jpg")]
    [InlineData("local://nas/odd/100%25 #1?.txt", "nas", "/odd/100%25 #1?.txt")]
    [InlineData("local://nas/", "nas", "/")]
    public void Local_paths_must_parse_verbatim_and_round_trip(string uri, string slug, string path)
    {
        var parsed = Assert.IsType<SdPath.Local>(SdPath.Parse(uri));
        Assert.Equal(slug, parsed.DeviceSlug);
        Assert.Equal(path, parsed.Path);
        Assert.Equal(uri, parsed.ToUri());
    }

    [Fact]
    public void Spacedrive_double_slash_form_must_mean_the_same_absolute_path()
    {
        var parsed = SdPath.Parse("local://mac//Users/jamie");
        Assert.Equal(SdPath.OnDevice("mac", "/Users/jamie"), parsed);
        Assert.Equal("local://mac/Users/jamie", parsed.ToUri());
    }

    [Fact]
    public void A_plain_absolute_path_must_mean_the_current_device()
    {
        var thisDevice = Assert.IsType<SdPath.Local>(SdPath.Parse("/home/me/a b.txt"));
        Assert.Null(thisDevice.DeviceSlug);
        Assert.Equal("/home/me/a b.txt", thisDevice.ToUri());
        Assert.True(thisDevice.IsOn("anything"));

        var named = Assert.IsType<SdPath.Local>(SdPath.Parse("/tmp/a://b", currentDeviceSlug: "laptop"));
        Assert.Equal("laptop", named.DeviceSlug);
        Assert.Equal("/tmp/a://b", named.Path);
    }

    [Fact]
    public void The_local_alias_and_the_own_slug_must_be_the_current_device()
    {
        Assert.True(SdPath.OnDevice("local", "/x").IsOn("laptop"));
        Assert.True(SdPath.OnDevice("laptop", "/x").IsOn("laptop"));
        Assert.False(SdPath.OnDevice("nas", "/x").IsOn("laptop"));
    }

    [Fact]
    public void Content_paths_must_parse_and_format_lowercase()
    {
        var parsed = Assert.IsType<SdPath.Content>(SdPath.Parse($"content://{ContentUuid.ToUpperInvariant()}"));
        Assert.Equal(Guid.Parse(ContentUuid), parsed.ContentUuid);
        Assert.Equal($"content://{ContentUuid}", parsed.ToUri());
    }

    [Fact]
    public void Sidecar_paths_must_parse_kind_variant_and_extension()
    {
        var uri = $"sidecar://{ContentUuid}/thumbs/grid@2x.webp";
        var parsed = Assert.IsType<SdPath.Sidecar>(SdPath.Parse(uri));
        Assert.Equal((Guid.Parse(ContentUuid), "thumbs", "grid@2x", "webp"), (parsed.ContentUuid, parsed.Kind, parsed.Variant, parsed.Extension));
        Assert.Equal(uri, parsed.ToUri());
    }

    [Theory]
    [InlineData("", SdPathError.Empty)]
    [InlineData("relative/path.txt", SdPathError.RelativePath)]
    [InlineData("C:relative", SdPathError.RelativePath)]
    [InlineData("ftp://host/file", SdPathError.UnknownScheme)]
    [InlineData("local:///abs", SdPathError.MissingDevice)]
    [InlineData("local://Bad_Slug/abs", SdPathError.InvalidDeviceSlug)]
    [InlineData("local://-bad/abs", SdPathError.InvalidDeviceSlug)]
    [InlineData("local://laptop", SdPathError.MissingPath)]
    [InlineData("/nul\0inside", SdPathError.InvalidCharacter)]
    [InlineData("content://", SdPathError.InvalidContentUuid)]
    [InlineData("content://not-a-uuid", SdPathError.InvalidContentUuid)]
    [InlineData("sidecar://886313e1-3b8a-5372-9b90-0c9aee199e5d/thumbs", SdPathError.InvalidSidecarPath)]
    [InlineData("sidecar://886313e1-3b8a-5372-9b90-0c9aee199e5d/thumbs/a/b.webp", SdPathError.InvalidSidecarPath)]
    [InlineData("sidecar://nope/thumbs/grid.webp", SdPathError.InvalidContentUuid)]
    [InlineData("sidecar://886313e1-3b8a-5372-9b90-0c9aee199e5d/pictures/grid.webp", SdPathError.UnknownSidecarKind)]
    [InlineData("sidecar://886313e1-3b8a-5372-9b90-0c9aee199e5d/thumbs/grid", SdPathError.MissingExtension)]
    [InlineData("sidecar://886313e1-3b8a-5372-9b90-0c9aee199e5d/thumbs/grid.", SdPathError.MissingExtension)]
    public void Bad_input_must_fail_with_an_error_naming_the_problem(string text, SdPathError expected)
    {
        var e = Assert.Throws<SdPathFormatException>(() => SdPath.Parse(text));
        Assert.Equal(expected, e.Error);
        Assert.Equal(text, e.Input);
        Assert.Contains(text, e.Message, StringComparison.Ordinal);
        Assert.False(SdPath.TryParse(text, out _));
    }

    [Fact]
    public void Unknown_scheme_error_must_list_the_known_ones()
    {
        var e = Assert.Throws<SdPathFormatException>(() => SdPath.Parse("s3://bucket/key"));
        Assert.Contains("'s3'", e.Message, StringComparison.Ordinal);
        Assert.Contains("local, content, sidecar", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_absolute_path_on_any_device_must_round_trip_through_its_string_form()
    {
        var segment = Gen.Elements("a", "b c", "Été", "日本語", "%20", "#", "?", "::", "..", ".", "emoji😀", "tab\t", "~")
            .ArrayOf()
            .Select(parts => "/" + string.Join('/', parts));
        var device = Gen.Elements<string?>(null, "laptop", "nas-2", "local");
        var arb = Gen.Zip(device, segment).ToArbitrary();

        Prop.ForAll(arb, pair =>
        {
            var (slug, path) = pair;
            var original = new SdPath.Local(slug, path);
            var reparsed = SdPath.Parse(original.ToUri());
            return reparsed.Equals(original) && reparsed.ToUri() == original.ToUri();
        }).QuickCheckThrowOnFailure();
    }

    private sealed record Message(SdPath Source, SdPath Target, SdPath Thumb);

    [Fact]
    public void Json_form_is_the_uri_string()
    {
        var message = new Message(
            SdPath.OnDevice("mac", "/Users/jamie/a b.txt"),
            SdPath.Parse($"content://{ContentUuid}"),
            SdPath.Parse($"sidecar://{ContentUuid}/thumbs/grid@2x.webp"));
        var json = JsonSerializer.Serialize(message);
        Assert.Equal(
            $"{{\"Source\":\"local://mac/Users/jamie/a b.txt\",\"Target\":\"content://{ContentUuid}\",\"Thumb\":\"sidecar://{ContentUuid}/thumbs/grid@2x.webp\"}}",
            json);
        Assert.Equal(message, JsonSerializer.Deserialize<Message>(json));
        Assert.Equal(SdPath.OnThisDevice("/x"), JsonSerializer.Deserialize<SdPath>("\"/x\""));
    }

    [Fact]
    public void Json_must_reject_a_malformed_path_with_the_parse_error_inside()
    {
        var e = Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<SdPath>("\"ftp://x/y\""));
        Assert.IsType<SdPathFormatException>(e.InnerException);
    }

    [Theory]
    [InlineData("Jamie's MacBook Pro", "jamies-macbook-pro")]
    [InlineData("  NAS (basement) #2 ", "nas-basement-2")]
    [InlineData("日本", "device")]
    public void Device_slug_must_derive_from_the_device_name(string name, string slug)
    {
        Assert.Equal(slug, DeviceSlug.FromName(name));
        Assert.True(DeviceSlug.IsValid(slug));
    }
}
