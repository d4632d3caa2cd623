using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Locations;
using Spacedrive.Actors.Tests.Indexing;
using Spacedrive.Messages.Locations;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Actors.Tests.Locations.Watching;

/// <summary>The locations actor starts a watcher per location (catching up with changes made while it was not running) and reconciles paths on request.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocationsActorWatchSpec : IDisposable
{
    private readonly IndexFixture _fx = new();
    private readonly IndexerLibraryAccess _access;

    public LocationsActorWatchSpec()
    {
        _access = new IndexerLibraryAccess(Path.Combine(_fx.Base, "library.db"), new IndexerSettings { DiscoveryWorkers = 2 });
        _fx.Exec("UPDATE locations SET index_mode = 'content'");
    }

    public void Dispose()
    {
        _access.Dispose();
        _fx.Dispose();
    }

    private string P(string relative) => Path.Combine(_fx.Root, relative);

    [Fact]
    public async Task Reconcile_paths_brings_the_named_folders_in_line_at_once_even_without_watchers()
    {
        _fx.File("a/old.txt", "old");
        await _fx.IndexAsync(IndexMode.Content);
        using var kit = new TestKit("spacedrive.watcher.enabled = off");
        var locations = kit.ActorOf(LocationsActor.Props(Guid.NewGuid(), _access, kit.TestActor, Guid.NewGuid(), "test"));

        _fx.File("a/copied.txt", "copied");
        File.Delete(P("a/old.txt"));
        _fx.File("b/c/moved-in.txt", "in");
        var reply = await locations.Ask<PathsReconciled>(
            new ReconcilePathsRequest(null, [P("a/copied.txt"), P("a/old.txt"), P("b")], Recursive: true), TimeSpan.FromSeconds(30));
        Assert.Equal((4, 1), (reply.New, reply.Deleted)); // copied.txt, b, b/c, b/c/moved-in.txt; old.txt
        Assert.Equal(await FreshIndex.DumpOfAsync(_fx.Root, IndexMode.Content), FreshIndex.Dump(_fx.Connection, _fx.LocationId));

        var outside = await locations.Ask<PathsReconciled>(new ReconcilePathsRequest(null, ["/etc/hostname"]), TimeSpan.FromSeconds(30));
        Assert.Equal(0, outside.New + outside.Modified + outside.Moved + outside.Deleted);
        kit.Shutdown();
    }

    [Fact]
    public async Task On_start_each_location_is_caught_up_with_the_disk_and_then_watched()
    {
        _fx.File("a/kept.txt", "kept");
        _fx.File("a/changed.txt", "before");
        _fx.File("gone/x.txt", "x");
        await _fx.IndexAsync(IndexMode.Content);
        // Changes made while no node ran.
        File.WriteAllText(P("a/changed.txt"), "after the crash");
        Directory.Delete(P("gone"), recursive: true);
        _fx.File("new/y.txt", "y");

        using var kit = new TestKit("spacedrive.watcher.debounce = 20ms");
        kit.ActorOf(LocationsActor.Props(Guid.NewGuid(), _access, kit.TestActor, Guid.NewGuid(), "test"));
        var fresh = await FreshIndex.DumpOfAsync(_fx.Root, IndexMode.Content);
        await kit.AwaitAssertAsync(() => Assert.Equal(fresh, FreshIndex.Dump(_fx.Connection, _fx.LocationId)), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));

        _fx.File("new/z.txt", "watched");
        fresh = await FreshIndex.DumpOfAsync(_fx.Root, IndexMode.Content);
        await kit.AwaitAssertAsync(() => Assert.Equal(fresh, FreshIndex.Dump(_fx.Connection, _fx.LocationId)), TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(50));
        kit.Shutdown();
    }
}
