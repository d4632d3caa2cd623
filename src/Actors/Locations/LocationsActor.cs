using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Runtime.Actor;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Locations;

public sealed record AddLocation(string Path, string? Name = null, IndexMode Mode = IndexMode.Content, RuleToggles? Rules = null);

public sealed record LocationAdded(LocationInfo Location);

public sealed record LocationRejected(string Reason);

public sealed record ListLocations;

public sealed record LocationList(IReadOnlyList<LocationInfo> Locations);

public sealed record RemoveLocation(long Id);

public sealed record LocationRemoved(long Id, bool Existed);

/// <summary>Asks for the request of a rescan (the job system wraps it in an IndexerJob).</summary>
public sealed record RescanLocation(long Id, IndexMode? Mode = null, RuleToggles? Rules = null);

public sealed record RescanReady(IndexerRequest Request);

/// <summary>The locations of one library (a child of its LibraryActor, which owns the writer): a thin shell over <see cref="LocationService"/>.</summary>
public sealed class LocationsActor : ReceiveActor
{
    public LocationsActor(LocationService service)
    {
        Receive<AddLocation>(add =>
        {
            try
            {
                Sender.Tell(new LocationAdded(service.Add(add.Path, add.Name, add.Mode, add.Rules)));
            }
            catch (Exception e) when (e is LocationException or InvalidOperationException)
            {
                Sender.Tell(new LocationRejected(e.Message));
            }
        });
        Receive<ListLocations>(_ => Sender.Tell(new LocationList(service.List())));
        Receive<RemoveLocation>(remove => Sender.Tell(new LocationRemoved(remove.Id, service.Remove(remove.Id))));
        Receive<RescanLocation>(rescan =>
        {
            try
            {
                Sender.Tell(new RescanReady(service.RescanRequest(rescan.Id, rescan.Mode, rescan.Rules)));
            }
            catch (LocationException e)
            {
                Sender.Tell(new LocationRejected(e.Message));
            }
        });
    }

    public static Props Props(LibraryDatabase db) => Runtime.Actor.Props.Create(() => new LocationsActor(new LocationService(db, null)));
}
