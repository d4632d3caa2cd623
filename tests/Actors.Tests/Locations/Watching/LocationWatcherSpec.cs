using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Locations;
using Spacedrive.Actors.Locations.Watching;
using Spacedrive.Actors.Tests.Indexing;
using Spacedrive.Messages.Locations;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Actors.Tests.Locations.Watching;

/// <summary>Story tests with real inotify: a scripted sequence of file system changes, the library checked against a fresh index after each.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class LocationWatcherSpec : TestKit, IDisposable
{
    private static readonly TimeSpan Converges = TimeSpan.FromSeconds(60);
    private readonly IndexFixture _fx = new();
    private readonly IndexerLibraryAccess _access;
    private readonly Guid _locationUuid = Guid.NewGuid();

    public LocationWatcherSpec()
    {
        _access = new IndexerLibraryAccess(Path.Combine(_fx.Base, "library.db"), new IndexerSettings { DiscoveryWorkers = 2 });
        _fx.Exec("UPDATE locations SET index_mode = 'content'");
    }

    void IDisposable.Dispose()
    {
        Shutdown();
        _access.Dispose();
        _fx.Dispose();
    }

    private string P(string relative) => Path.Combine(_fx.Root, relative);

    private async Task<IActorRef> StartWatcherAsync()
    {
        var location = new LocationInfo(_fx.LocationId, _locationUuid, "tree", _fx.Root, IndexMode.Content, null, false, 0, 0, RuleToggles.Default);
        var watcher = ActorOf(LocationWatcherActor.Props(Guid.NewGuid(), location, _access,
            new WatcherSettings { Debounce = TimeSpan.FromMilliseconds(50), OfflinePollInterval = TimeSpan.FromMilliseconds(100) }));
        await AwaitAssertAsync(async () =>
            Assert.True((await watcher.Ask<LocationWatcherActor.WatchStatus>(new LocationWatcherActor.GetWatchStatus(), TimeSpan.FromSeconds(5))).Watching),
            TimeSpan.FromSeconds(10));
        return watcher;
    }

    // The tree is left alone from here on: the live library must reach what a fresh index of it holds.
    private async Task AssertConvergesAsync()
    {
        var fresh = await FreshIndex.DumpOfAsync(_fx.Root, IndexMode.Content);
        await AwaitAssertAsync(() => Assert.Equal(fresh, FreshIndex.Dump(_fx.Connection, _fx.LocationId)), Converges, TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task Every_kind_of_change_made_in_a_watched_location_reaches_the_library()
    {
        _fx.File("docs/a.txt", "a");
        _fx.File("docs/b.txt", "b");
        _fx.File("photos/2024/x.jpg", "jpeg");
        await _fx.IndexAsync(IndexMode.Content);
        Sys.EventStream.Subscribe<ResourceChanged>(TestActor);
        await StartWatcherAsync();

        _fx.File("docs/new.txt", "new");
        await AssertConvergesAsync();
        var changed = await ExpectMsgAsync<ResourceChanged>(TimeSpan.FromSeconds(10));
        Assert.Equal(_locationUuid, changed.LocationId);
        Assert.Contains(P("docs"), changed.Paths);

        File.AppendAllText(P("docs/a.txt"), " more");
        await AssertConvergesAsync();

        File.Delete(P("docs/b.txt"));
        await AssertConvergesAsync();

        var before = _fx.Entries();
        File.Move(P("docs/new.txt"), P("docs/renamed.txt"));
        await AssertConvergesAsync();
        Assert.Equal(before[P("docs/new.txt")].Uuid, _fx.Entries()[P("docs/renamed.txt")].Uuid);

        before = _fx.Entries();
        Directory.Move(P("photos"), P("pictures"));
        await AssertConvergesAsync();
        Assert.Equal(before[P("photos/2024/x.jpg")].Uuid, _fx.Entries()[P("pictures/2024/x.jpg")].Uuid);
        Assert.Equal(before[P("photos/2024")].Uuid, _fx.Entries()[P("pictures/2024")].Uuid);

        // Files written into a folder created a moment before (before its watch existed).
        Directory.CreateDirectory(P("fresh/inner"));
        for (var i = 0; i < 20; i++)
        {
            File.WriteAllText(P($"fresh/inner/f{i}.txt"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await AssertConvergesAsync();
        File.WriteAllText(P("fresh/inner/later.txt"), "later"); // the new folder is watched now
        await AssertConvergesAsync();

        var outside = Path.Combine(_fx.Base, "outside");
        Directory.Move(P("pictures"), outside);
        await AssertConvergesAsync();
        Assert.DoesNotContain(P("pictures/2024/x.jpg"), _fx.Entries().Keys);
        Directory.Move(outside, P("back"));
        await AssertConvergesAsync();

        // Symlink swapped to another target, and replaced by a folder.
        File.CreateSymbolicLink(P("link"), P("docs"));
        await AssertConvergesAsync();
        File.Delete(P("link"));
        File.CreateSymbolicLink(P("link"), P("back"));
        await AssertConvergesAsync();
        File.Delete(P("link"));
        Directory.CreateDirectory(P("link"));
        await AssertConvergesAsync();
    }

    [Fact]
    public async Task Rapid_create_and_delete_of_the_same_name_ends_as_the_disk_does()
    {
        _fx.Dir("d");
        await _fx.IndexAsync(IndexMode.Content);
        await StartWatcherAsync();
        for (var i = 0; i < 300; i++)
        {
            File.WriteAllText(P("d/flicker.txt"), "v" + i);
            File.Delete(P("d/flicker.txt"));
            Directory.CreateDirectory(P("d/flicker.txt"));
            Directory.Delete(P("d/flicker.txt"));
        }
        File.WriteAllText(P("d/flicker.txt"), "final");
        await AssertConvergesAsync();
    }

    [Fact]
    public async Task Bursts_of_thousands_of_files_end_equal_to_a_fresh_index()
    {
        _fx.Dir("bulk");
        _fx.File("keep/k.txt", "k");
        await _fx.IndexAsync(IndexMode.Content);
        await StartWatcherAsync();

        for (var i = 0; i < 10_000; i++)
        {
            File.WriteAllText(P($"bulk/f{i:D5}.txt"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        await AssertConvergesAsync();

        // A folder of 10,000 files renamed: one move, every UUID kept.
        var before = _fx.Entries();
        Directory.Move(P("bulk"), P("bulk-renamed"));
        await AssertConvergesAsync();
        var after = _fx.Entries();
        Assert.Equal(before[P("bulk/f00000.txt")].Uuid, after[P("bulk-renamed/f00000.txt")].Uuid);
        Assert.Equal(before[P("bulk/f09999.txt")].Uuid, after[P("bulk-renamed/f09999.txt")].Uuid);

        // A git-checkout-like swap: thousands deleted and others created across folders.
        for (var i = 0; i < 3_000; i++)
        {
            File.Delete(P($"bulk-renamed/f{i:D5}.txt"));
        }
        for (var d = 0; d < 30; d++)
        {
            for (var i = 0; i < 100; i++)
            {
                _fx.File($"src/m{d}/c{i}.cs", $"class C{d}_{i} {{}}");
            }
        }
        await AssertConvergesAsync();
    }

    [Fact]
    public async Task A_deleted_root_takes_the_location_offline_keeps_its_entries_and_it_catches_up_when_back()
    {
        _fx.File("a/b.txt", "b");
        await _fx.IndexAsync(IndexMode.Content);
        Sys.EventStream.Subscribe<LocationStatusChanged>(TestActor);
        await StartWatcherAsync();
        var entries = _fx.Scalar("SELECT COUNT(*) FROM entries");

        var aside = _fx.Root + "-aside";
        Directory.Move(_fx.Root, aside);
        var offline = await ExpectMsgAsync<LocationStatusChanged>(TimeSpan.FromSeconds(10));
        Assert.True(offline.IsOffline);
        Assert.Equal(1, _fx.Scalar("SELECT is_offline FROM locations"));
        Assert.Equal(entries, _fx.Scalar("SELECT COUNT(*) FROM entries"));

        // Changed while away, then back: the location comes online and the library catches up.
        File.WriteAllText(Path.Combine(aside, "a/c.txt"), "c");
        Directory.Move(aside, _fx.Root);
        var online = await ExpectMsgAsync<LocationStatusChanged>(TimeSpan.FromSeconds(10));
        Assert.False(online.IsOffline);
        await AssertConvergesAsync();
        Assert.Equal(0, _fx.Scalar("SELECT is_offline FROM locations"));
        File.WriteAllText(P("a/d.txt"), "watched again");
        await AssertConvergesAsync();
    }

    [Fact]
    public async Task Changes_made_while_no_watcher_ran_are_caught_up_when_it_starts()
    {
        _fx.File("a/old.txt", "old");
        _fx.File("b/gone.txt", "gone");
        await _fx.IndexAsync(IndexMode.Content);
        File.WriteAllText(P("a/old.txt"), "changed while down");
        Directory.Delete(P("b"), recursive: true);
        _fx.File("c/new.txt", "new");
        await StartWatcherAsync();
        await AssertConvergesAsync();
    }

    [Fact]
    public async Task A_reconcile_asked_for_is_applied_at_once_and_answered()
    {
        _fx.Dir("a");
        await _fx.IndexAsync(IndexMode.Content);
        var watcher = await StartWatcherAsync();
        _fx.File("a/x.txt", "x");
        var result = await watcher.Ask<ReconcileResult>(new LocationWatcherActor.ReconcileNow([new DirtyPath(P("a"), false)]), TimeSpan.FromSeconds(30));
        Assert.Contains(P("a/x.txt"), _fx.Entries().Keys);
        Assert.True(result.New <= 1);
    }
}
