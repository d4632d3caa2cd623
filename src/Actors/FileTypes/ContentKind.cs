namespace Spacedrive.Actors.FileTypes;

/// <summary>
/// The category of a file (the reference's <c>ContentKind</c>; the number is the <c>kind_id</c> stored in
/// the database, so the values must not change). Written in configuration and JSON as the lowercase name,
/// with a dash between words (<c>model-entry</c>).
/// </summary>
public enum ContentKind
{
    Unknown = 0,
    Image = 1,
    Video = 2,
    Audio = 3,
    Document = 4,
    Archive = 5,
    Code = 6,
    Text = 7,
    Database = 8,
    Book = 9,
    Font = 10,
    Mesh = 11,
    Config = 12,
    Encrypted = 13,
    Key = 14,
    Executable = 15,
    Binary = 16,
    Spreadsheet = 17,
    Presentation = 18,
    Email = 19,
    Calendar = 20,
    Contact = 21,
    Web = 22,
    Shortcut = 23,
    Package = 24,
    ModelEntry = 25,
    Memory = 26,
}

public static class ContentKinds
{
    private static readonly Dictionary<string, ContentKind> ByName =
        Enum.GetValues<ContentKind>().ToDictionary(Name, k => k, StringComparer.OrdinalIgnoreCase);

    /// <summary>All 27 kinds, in id order.</summary>
    public static IReadOnlyList<ContentKind> All { get; } = Enum.GetValues<ContentKind>();

    /// <summary>The configuration and JSON name: <c>image</c>, <c>model-entry</c>.</summary>
    public static string Name(this ContentKind kind) => kind switch
    {
        ContentKind.ModelEntry => "model-entry",
        _ => kind.ToString().ToLowerInvariant(),
    };

    public static bool TryParse(string? name, out ContentKind kind)
    {
        kind = ContentKind.Unknown;
        if (name is null) return false;
        if (ByName.TryGetValue(name, out kind)) return true;
        return ByName.TryGetValue(name.Replace("_", "-", StringComparison.Ordinal), out kind)
               || Enum.TryParse(name.Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out kind);
    }

    /// <summary>Kinds whose files are text, for which a text heuristic can confirm the extension.</summary>
    public static bool IsTextual(this ContentKind kind) =>
        kind is ContentKind.Text or ContentKind.Code or ContentKind.Config or ContentKind.Web
            or ContentKind.Calendar or ContentKind.Contact;
}
