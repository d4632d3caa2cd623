using System.Text.Json;
using Spacedrive.Messages;

namespace Spacedrive.Messages.Tests;

public class ContentIdSpec
{
    private const string Hash = "0123456789abcdef";

    [Fact]
    public void Uuid_must_be_uuid_v5_of_the_hash_string_in_the_DNS_namespace()
    {
        var id = ContentId.FromHash(Hash);
        Assert.Equal(Hash, id.Hash);
        Assert.Equal(UuidV5.Create(UuidV5.DnsNamespace, Hash), id.Uuid);
        Assert.Equal(id, ContentId.FromHash(Hash));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789abcde")]
    [InlineData("0123456789abcdef0")]
    [InlineData("0123456789ABCDEF")]
    [InlineData("0123456789abcdeg")]
    public void Must_reject_anything_but_16_lowercase_hex_characters(string hash)
    {
        Assert.Throws<FormatException>(() => ContentId.FromHash(hash));
        Assert.False(ContentId.TryFromHash(hash, out _));
    }

    [Fact]
    public void Json_form_is_the_hash_string()
    {
        var json = JsonSerializer.Serialize(ContentId.FromHash(Hash));
        Assert.Equal($"\"{Hash}\"", json);
        Assert.Equal(ContentId.FromHash(Hash), JsonSerializer.Deserialize<ContentId>(json));
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<ContentId>("\"nothex\""));
    }
}
