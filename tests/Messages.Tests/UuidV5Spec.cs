using Spacedrive.Messages;

namespace Spacedrive.Messages.Tests;

public class UuidV5Spec
{
    [Theory]
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "python.org")
    [InlineData("python.org", "886313e1-3b8a-5372-9b90-0c9aee199e5d")]
    // Python: uuid.uuid5(uuid.NAMESPACE_DNS, "www.example.com") (RFC 9562 appendix A.4)
    [InlineData("www.example.com", "2ed6657d-e927-568b-95e1-2665a8aea6a2")]
    public void Must_match_known_vectors_in_the_DNS_namespace(string name, string expected) =>
        Assert.Equal(Guid.Parse(expected), UuidV5.Create(UuidV5.DnsNamespace, name));

    [Fact]
    public void Must_set_version_5_and_the_RFC_4122_variant()
    {
        var text = UuidV5.Create(UuidV5.DnsNamespace, "anything").ToString("D");
        Assert.Equal('5', text[14]);
        Assert.Contains(text[19], "89ab");
    }
}
