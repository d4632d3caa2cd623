using Spacedrive.Messages.Jobs;

namespace Spacedrive.Messages.Locations;

/// <summary>A request about the locations of one library (id, id prefix or name; null = the only or default library).</summary>
public interface ILocationRequest
{
    string? Library { get; }
}

/// <summary>
/// A location as the API shows it. <c>Mode</c>: shallow, content or deep. <c>Watch</c> (while a node runs): <c>watching</c>,
/// <c>watching, N folders rescanned every …</c> (inotify watch limit reached), <c>not watched, rescanned every …</c>, <c>offline</c>; null when nothing watches.
/// </summary>
public sealed record LocationView(
    long Id,
    Guid Uuid,
    string Name,
    string Path,
    string Mode,
    bool IsOffline,
    long Files,
    long Bytes,
    bool NoDefaultRules,
    IReadOnlyDictionary<string, bool> Rules,
    string? Watch = null);

/// <summary>
/// Adds a folder as a location and queues its indexer job. <paramref name="Rules"/> turns rule sets on or off by name
/// (no-hidden, no-git, no-dev-dirs, no-system-files, only-images, gitignore).
/// </summary>
public sealed record AddLocationRequest(string? Library, string Path, string? Name = null, string? Mode = null,
    bool NoDefaultRules = false, IReadOnlyDictionary<string, bool>? Rules = null) : ILocationRequest;

/// <summary>A location and the indexer job queued for it (add, rescan).</summary>
public sealed record LocationJobReply(Guid LibraryId, LocationView Location, JobSummary Job);

public sealed record ListLocationsRequest(string? Library) : ILocationRequest;

public sealed record LocationListReply(Guid LibraryId, IReadOnlyList<LocationView> Locations);

/// <summary>Removes a location (id, uuid prefix, name or path) and its entries; files on disk are never touched.</summary>
public sealed record RemoveLocationRequest(string? Library, string Location) : ILocationRequest;

public sealed record LocationRemovedReply(Guid LibraryId, LocationView Location);

/// <summary>Queues an indexer job over a location. Full: at least content mode plus analysis (deep).</summary>
public sealed record RescanLocationRequest(string? Library, string Location, bool Full = false) : ILocationRequest;

/// <summary>What a location holds: counts by kind, the biggest folders, the bytes held by duplicate copies.</summary>
public sealed record LocationReportRequest(string? Library, string Location) : ILocationRequest;

public sealed record KindCount(string Kind, long Files, long Bytes);

public sealed record FolderSize(string Path, long Files, long Bytes);

public sealed record LocationReport(Guid LibraryId, LocationView Location, long Files, long Directories, long Bytes,
    long FilesWithContent, long DuplicateFiles, long DuplicateBytes, IReadOnlyList<KindCount> Kinds, IReadOnlyList<FolderSize> BiggestFolders);

/// <summary>The stable error codes of location operations (sent as <c>LibraryOperationFailed</c> codes).</summary>
public static class LocationErrors
{
    public const string NotFound = "location_not_found";
    public const string Ambiguous = "ambiguous_location";
    public const string Invalid = "invalid_location";
    public const string Offline = "location_offline";
    public const string Busy = "location_busy";
}
