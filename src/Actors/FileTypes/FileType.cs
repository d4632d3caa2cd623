namespace Spacedrive.Actors.FileTypes;

/// <summary>One file type of the registry, as defined in <c>hocon/filetypes.conf</c> (or a user's override).</summary>
public sealed record FileType(
    string Id,
    string Name,
    ContentKind Category,
    int Priority,
    IReadOnlyList<string> Extensions,
    IReadOnlyList<string> FileNames,
    IReadOnlyList<string> MimeTypes,
    string? Uti,
    IReadOnlyList<MagicPattern> Magic)
{
    /// <summary>The primary MIME type (the first listed), or <c>application/octet-stream</c>.</summary>
    public string Mime => MimeTypes.Count > 0 ? MimeTypes[0] : "application/octet-stream";

    public bool HasMagic => Magic.Count > 0;

    /// <summary>The strongest of this type's signatures matching <paramref name="header"/>, or null.</summary>
    public MagicPattern? MatchMagic(ReadOnlySpan<byte> header)
    {
        MagicPattern? best = null;
        foreach (var pattern in Magic)
        {
            if (pattern.Matches(header) && (best is null || Stronger(pattern, best))) best = pattern;
        }
        return best;
    }

    internal static bool Stronger(MagicPattern a, MagicPattern b) =>
        a.Priority != b.Priority ? a.Priority > b.Priority : a.ExactBytes > b.ExactBytes;

    public override string ToString() => $"{Id} ({Name}, {Category.Name()})";
}
