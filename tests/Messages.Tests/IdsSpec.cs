using System.Text.Json;
using Spacedrive.Messages;

namespace Spacedrive.Messages.Tests;

public class IdsSpec
{
    private sealed record Holder(DeviceId Device, LibraryId Library, LocationId Location, EntryId Entry, VolumeId Volume);

    [Fact]
    public void Ids_must_format_as_lowercase_canonical_uuids_and_parse_back()
    {
        var id = DeviceId.Parse("0189F7A0-1111-7000-8000-00000000ABCD");
        Assert.Equal("0189f7a0-1111-7000-8000-00000000abcd", id.ToString());
        Assert.Equal(id, DeviceId.Parse(id.ToString()));
    }

    [Fact]
    public void New_ids_must_be_time_ordered_uuid_v7()
    {
        var id = LocationId.New();
        Assert.Equal(7, id.Value.Version);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-uuid")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("{0189f7a0-1111-7000-8000-00000000abcd}")]
    public void Parse_must_reject_non_canonical_or_empty_uuids(string text)
    {
        var e = Assert.Throws<FormatException>(() => LibraryId.Parse(text));
        Assert.Contains(nameof(LibraryId), e.Message, StringComparison.Ordinal);
        Assert.False(LibraryId.TryParse(text, out _));
    }

    [Fact]
    public void Json_form_is_the_uuid_string_also_as_a_dictionary_key()
    {
        var holder = new Holder(DeviceId.New(), LibraryId.New(), LocationId.New(), EntryId.New(), VolumeId.New());
        var json = JsonSerializer.Serialize(holder);
        Assert.Contains($"\"Device\":\"{holder.Device}\"", json, StringComparison.Ordinal);
        Assert.Equal(holder, JsonSerializer.Deserialize<Holder>(json));

        var map = new Dictionary<DeviceId, int> { [holder.Device] = 1 };
        var mapJson = JsonSerializer.Serialize(map);
        Assert.Equal($"{{\"{holder.Device}\":1}}", mapJson);
        Assert.Equal(1, JsonSerializer.Deserialize<Dictionary<DeviceId, int>>(mapJson)![holder.Device]);
    }

    [Fact]
    public void Json_must_reject_a_malformed_id() =>
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<EntryId>("\"nope\""));
}
