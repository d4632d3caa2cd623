using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>
/// The identity of a piece of content, independent of where its copies live. <see cref="Hash"/> is the
/// content_hash (first 16 lowercase hex characters of the sampled BLAKE3 digest, DESIGN §4);
/// <see cref="Uuid"/> is UUID v5 in the DNS namespace of that string, as in Spacedrive, so any
/// device in any library derives the same UUID. JSON form: the hash string (the UUID is derived).
/// </summary>
[JsonConverter(typeof(ContentIdJsonConverter))]
public sealed record ContentId
{
    public const int HashLength = 16;

    private ContentId(string hash)
    {
        Hash = hash;
        Uuid = UuidV5.Create(UuidV5.DnsNamespace, hash);
    }

    public string Hash { get; }

    public Guid Uuid { get; }

    /// <summary>
    /// Lowercase only: the UUID is derived from the exact ASCII string, so accepting "ABC…" would create a
    /// second identity for the same content.
    /// </summary>
    public static ContentId FromHash(string contentHash) =>
        TryFromHash(contentHash, out var id)
            ? id
            : throw new FormatException(
                $"content_hash must be exactly {HashLength} lowercase hex characters, got '{contentHash}'.");

    public static bool TryFromHash([NotNullWhen(true)] string? contentHash, [NotNullWhen(true)] out ContentId? id)
    {
        id = IsValidHash(contentHash) ? new ContentId(contentHash!) : null;
        return id is not null;
    }

    public static bool IsValidHash([NotNullWhen(true)] string? contentHash) =>
        contentHash is { Length: HashLength } && contentHash.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f');

    public override string ToString() => Hash;
}
