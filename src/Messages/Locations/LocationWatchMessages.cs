using Spacedrive.Messages.Events;

namespace Spacedrive.Messages.Locations;

/// <summary>
/// Asks the library to bring the given paths in line with the disk now (after a copy, a move, a
/// delete done by the node itself), without waiting for the watcher: each path is the folder whose
/// children changed (a file's path stands for its folder); <c>Recursive</c> reads everything below.
/// Paths outside every location are ignored. Reply: <see cref="PathsReconciled"/>.
/// </summary>
public sealed record ReconcilePathsRequest(string? Library, IReadOnlyList<string> Paths, bool Recursive = false) : ILocationRequest;

/// <summary>What a <see cref="ReconcilePathsRequest"/> changed, summed over the locations it touched.</summary>
public sealed record PathsReconciled(Guid LibraryId, long New, long Modified, long Moved, long Deleted);

/// <summary>
/// Entries of a location changed (the watcher or a reconcile applied file system changes): clients
/// refresh what they show of <c>Paths</c> (the folders whose children changed). Event type
/// <c>resource_changed</c>, resource <c>entries</c>.
/// </summary>
public sealed record ResourceChanged(Guid LibraryId, Guid LocationId, string Resource, long New, long Modified, long Moved, long Deleted,
    IReadOnlyList<string> Paths) : NodeEvent
{
    public override string EventType => "resource_changed";
}

/// <summary>A location went offline (its folder or volume vanished: nothing is deleted) or came back. Event type <c>location_status</c>.</summary>
public sealed record LocationStatusChanged(Guid LibraryId, Guid LocationId, string Path, bool IsOffline, string Reason) : NodeEvent
{
    public override string EventType => "location_status";
}
