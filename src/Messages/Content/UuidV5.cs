using System.Security.Cryptography;
using System.Text;

namespace Spacedrive.Messages;

/// <summary>
/// Name-based UUIDs, version 5 (RFC 4122 §4.3, RFC 9562 §5.5): SHA-1 over namespace bytes (network
/// order) followed by the name bytes, first 16 bytes of the digest, version and variant bits set.
/// Deterministic, so every device derives the same content UUID from the same content hash.
/// </summary>
public static class UuidV5
{
    /// <summary>RFC 4122 NAMESPACE_DNS, the namespace Spacedrive uses for content UUIDs.</summary>
    public static readonly Guid DnsNamespace = new("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    public static Guid Create(Guid namespaceId, string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Create(namespaceId, Encoding.UTF8.GetBytes(name));
    }

    public static Guid Create(Guid namespaceId, ReadOnlySpan<byte> name)
    {
        var input = new byte[16 + name.Length];
        // The namespace is hashed in network byte order (bigEndian), not .NET's mixed-endian layout.
        namespaceId.TryWriteBytes(input, bigEndian: true, out _);
        name.CopyTo(input.AsSpan(16));

#pragma warning disable CA5350 // SHA-1 is what the UUID v5 definition prescribes; it is an identifier, not a security boundary.
        Span<byte> digest = stackalloc byte[20];
        SHA1.HashData(input, digest);
#pragma warning restore CA5350

        digest[6] = (byte)((digest[6] & 0x0F) | 0x50); // version 5
        digest[8] = (byte)((digest[8] & 0x3F) | 0x80); // RFC 4122 variant
        return new Guid(digest[..16], bigEndian: true);
    }
}
