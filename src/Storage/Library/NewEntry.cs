namespace Spacedrive.Storage.Library;

/// <summary>
/// An entry to insert. Ids are local row ids (devices.id, locations.id…); times are
/// <see cref="UnixNanos"/>. Aggregates (aggregate_size, child_count, file_count) start at 0 and are
/// filled by the indexer's aggregation phase.
/// </summary>
public sealed record NewEntry
{
    public required Guid Uuid { get; init; }

    public required long DeviceId { get; init; }

    public required long LocationId { get; init; }

    /// <summary>The parent directory; null only for a location's root directory.</summary>
    public long? ParentId { get; init; }

    /// <summary>Full file name, extension included, no '/'.</summary>
    public required string Name { get; init; }

    public required EntryKind Kind { get; init; }

    /// <summary>Absolute path of a root directory (ParentId null); ignored otherwise.</summary>
    public string? RootPath { get; init; }

    public long Size { get; init; }

    public long? Inode { get; init; }

    public long? VolumeId { get; init; }

    public long? CreatedAt { get; init; }

    public long? ModifiedAt { get; init; }

    public long? AccessedAt { get; init; }

    public required long IndexedAt { get; init; }

    public long? ContentId { get; init; }

    public int? Category { get; init; }

    public bool Hidden { get; init; }

    public long? Permissions { get; init; }

    public string? SymlinkTarget { get; init; }

    /// <summary>
    /// entries.extension: lowercase text after the last dot of a file name; none for directories,
    /// for dot-files (".bashrc") and for names ending in a dot, as Rust's Path::extension.
    /// </summary>
    public static string? ExtensionOf(string name, EntryKind kind)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (kind != EntryKind.File)
        {
            return null;
        }
        var dot = name.LastIndexOf('.');
        return dot <= 0 || dot == name.Length - 1 ? null : name[(dot + 1)..].ToLowerInvariant();
    }
}
