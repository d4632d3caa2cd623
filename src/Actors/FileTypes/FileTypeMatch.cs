namespace Spacedrive.Actors.FileTypes;

/// <summary>How a file's type was found.</summary>
public enum IdentificationMethod
{
    /// <summary>Nothing matched: no known extension, no signature, not text.</summary>
    Unknown,

    /// <summary>By name only (no content read, or the content could neither confirm nor contradict it).</summary>
    Extension,

    /// <summary>By a magic-byte signature alone (no extension, an unknown one, or one the content contradicts).</summary>
    Magic,

    /// <summary>The extension's type and its signature agree.</summary>
    ExtensionAndMagic,

    /// <summary>The extension names a text type and the content is text.</summary>
    ExtensionAndText,

    /// <summary>No type by name or signature, but the content is text.</summary>
    TextHeuristic,
}

/// <summary>
/// The type of one file. <see cref="Confidence"/> is 0..100 (the reference's scale: 100 extension and
/// signature agree, 95 signature decides, 90 extension of a type without signature, 70 extension whose
/// signature is missing, 60 text guess). When the content contradicts the name,
/// <see cref="ExtensionType"/> is the type the name suggested and <see cref="Type"/> the one the content
/// proves (<see cref="IsMismatch"/>).
/// </summary>
public sealed record FileTypeMatch(FileType? Type, IdentificationMethod Method, int Confidence, FileType? ExtensionType = null)
{
    public static FileTypeMatch Unknown { get; } = new(null, IdentificationMethod.Unknown, 0);

    public ContentKind Category => Type?.Category ?? ContentKind.Unknown;

    public string Mime => Type?.Mime ?? "application/octet-stream";

    /// <summary>True when the content proves a different type than the extension says.</summary>
    public bool IsMismatch => ExtensionType is not null && Type is not null && !ReferenceEquals(ExtensionType, Type);
}
