using System.Diagnostics.CodeAnalysis;

namespace Spacedrive.Messages;

/// <summary>Parsing and formatting shared by every <see cref="IGuidId{TSelf}"/>.</summary>
public static class GuidIds
{
    /// <summary>
    /// Canonical text form: 36 lowercase characters with hyphens ("D" format), the same string that is
    /// stored in the database and sent on the wire, so ids compare equal as text everywhere.
    /// </summary>
    public static string Format(Guid value) => value.ToString("D");

    public static TId Parse<TId>(string text) where TId : struct, IGuidId<TId>
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Guid.TryParseExact(text, "D", out var value))
        {
            throw new FormatException($"{typeof(TId).Name} must be a UUID like 01890a5d-ac96-774b-bcce-b302099a8057, got '{text}'.");
        }
        if (value == Guid.Empty)
        {
            throw new FormatException($"{typeof(TId).Name} must not be the empty UUID.");
        }
        return TId.FromGuid(value);
    }

    public static bool TryParse<TId>([NotNullWhen(true)] string? text, out TId id) where TId : struct, IGuidId<TId>
    {
        if (text is not null && Guid.TryParseExact(text, "D", out var value) && value != Guid.Empty)
        {
            id = TId.FromGuid(value);
            return true;
        }
        id = default;
        return false;
    }

    /// <summary>
    /// New ids are UUID v7 (time ordered): rows created together sit together in the uuid index,
    /// which keeps bulk inserts (the indexer writes tens of thousands per second) cheap.
    /// </summary>
    public static Guid NewGuid() => Guid.CreateVersion7();
}
