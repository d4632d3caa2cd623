using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Actors.Locations.Watching;
using Spacedrive.Actors.Tests.Indexing;

namespace Spacedrive.Actors.Tests.Locations.Watching;

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DirectoryReconcilerSpec : IDisposable
{
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private ReconcileResult Reconcile(params DirtyPath[] paths) =>
        new DirectoryReconciler(_fx.Db, _fx.LocationId, new IndexerSettings { BatchSize = 7, ContentBatchSize = 5 }).Reconcile(paths);

    private static DirtyPath D(string path, bool recursive = false) => new(path, recursive);

    private async Task AssertEqualsFreshIndex()
    {
        var fresh = await FreshIndex.DumpOfAsync(_fx.Root, IndexMode.Content);
        Assert.Equal(fresh, FreshIndex.Dump(_fx.Connection, _fx.LocationId));
    }

    private string P(string relative) => Path.Combine(_fx.Root, relative);

    [Fact]
    public async Task Each_change_applied_to_its_folders_leaves_the_library_equal_to_a_fresh_index()
    {
        _fx.File("a/one.txt", "one");
        _fx.File("a/two.txt", "two");
        _fx.File("b/deep/three.txt", "three");
        _fx.File("top.txt", "top");
        await _fx.IndexAsync(IndexMode.Content);
        await AssertEqualsFreshIndex();

        // Create, modify, delete.
        _fx.File("a/new.txt", "new");
        File.WriteAllText(P("a/one.txt"), "one, longer now");
        File.Delete(P("a/two.txt"));
        var r = Reconcile(D(P("a")));
        Assert.Equal((1, 1), (r.New, r.Deleted));
        Assert.True(r.Modified >= 1);
        await AssertEqualsFreshIndex();

        // Rename a file in place and move another between folders: same UUIDs.
        var before = _fx.Entries();
        File.Move(P("a/new.txt"), P("a/renamed.txt"));
        File.Move(P("top.txt"), P("b/top.txt"));
        r = Reconcile(D(_fx.Root), D(P("a")), D(P("b")));
        Assert.Equal(2, r.Moved);
        Assert.Equal(0, r.New);
        Assert.Equal(before[P("a/new.txt")].Uuid, _fx.Entries()[P("a/renamed.txt")].Uuid);
        Assert.Equal(before[P("top.txt")].Uuid, _fx.Entries()[P("b/top.txt")].Uuid);
        await AssertEqualsFreshIndex();

        // Rename a folder with contents: the folder and everything below keep their UUIDs.
        before = _fx.Entries();
        Directory.Move(P("b"), P("b2"));
        r = Reconcile(D(_fx.Root), D(P("b2"), recursive: true));
        Assert.Equal(1, r.Moved);
        var after = _fx.Entries();
        Assert.Equal(before[P("b/deep/three.txt")].Uuid, after[P("b2/deep/three.txt")].Uuid);
        Assert.Equal(before[P("b/deep")].Uuid, after[P("b2/deep")].Uuid);
        await AssertEqualsFreshIndex();

        // A folder created with contents, in one step.
        _fx.File("c/x/y/z.txt", "z");
        _fx.File("c/w.txt", "w");
        r = Reconcile(D(_fx.Root), D(P("c"), recursive: true));
        Assert.Equal(5, r.New);
        await AssertEqualsFreshIndex();

        // Moved out of the location: removed. Moved in from outside: indexed as new.
        var outside = Path.Combine(_fx.Base, "outside");
        Directory.Move(P("c"), outside);
        Reconcile(D(_fx.Root));
        Assert.DoesNotContain(P("c/w.txt"), _fx.Entries().Keys);
        await AssertEqualsFreshIndex();
        Directory.Move(outside, P("back"));
        r = Reconcile(D(_fx.Root), D(P("back"), recursive: true));
        Assert.Equal(5, r.New);
        await AssertEqualsFreshIndex();

        // A file replaced by a folder of the same name.
        File.Delete(P("a/one.txt"));
        _fx.File("a/one.txt/inner.txt", "inner");
        Reconcile(D(P("a")), D(P("a/one.txt"), recursive: true));
        await AssertEqualsFreshIndex();
    }

    [Fact]
    public async Task A_move_between_two_dirty_folders_keeps_the_entry_in_either_order()
    {
        _fx.File("z/last/file.txt", "moving");
        _fx.Dir("a");
        await _fx.IndexAsync(IndexMode.Content);
        var uuid = _fx.Entries()[P("z/last/file.txt")].Uuid;

        // The source folder sorts (and is read) after the destination…
        File.Move(P("z/last/file.txt"), P("a/file.txt"));
        Assert.Equal(1, Reconcile(D(P("a")), D(P("z/last"))).Moved);
        Assert.Equal(uuid, _fx.Entries()[P("a/file.txt")].Uuid);
        // …and before it.
        File.Move(P("a/file.txt"), P("z/last/file.txt"));
        Assert.Equal(1, Reconcile(D(P("a")), D(P("z/last"))).Moved);
        Assert.Equal(uuid, _fx.Entries()[P("z/last/file.txt")].Uuid);
        await AssertEqualsFreshIndex();
    }

    [Fact]
    public async Task Only_the_dirty_folders_are_read()
    {
        for (var d = 0; d < 40; d++)
        {
            _fx.File($"d{d}/f.txt", "x");
        }
        await _fx.IndexAsync(IndexMode.Content);
        _fx.File("d7/g.txt", "g");
        var r = Reconcile(D(P("d7")));
        Assert.Equal(1, r.DirectoriesRead);
        Assert.Equal(1, r.New);
        Assert.Equal([P("d7")], r.ChangedDirectories);
        await AssertEqualsFreshIndex();
    }

    [Fact]
    public async Task A_folder_the_library_does_not_know_is_found_through_its_parent()
    {
        _fx.Dir("a");
        await _fx.IndexAsync(IndexMode.Content);
        _fx.File("a/b/c/d.txt", "d");
        // Only the deepest folder is reported (its creation events were missed).
        Reconcile(D(P("a/b/c")));
        Assert.Contains(P("a/b/c/d.txt"), _fx.Entries().Keys);
        await AssertEqualsFreshIndex();
    }

    [Fact]
    public void A_location_never_indexed_is_reported_not_indexed_and_nothing_is_written()
    {
        _fx.File("a.txt");
        var r = Reconcile(D(_fx.Root, recursive: true));
        Assert.True(r.NotIndexed);
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM entries"));
    }

    [Fact]
    public async Task Paths_outside_the_location_are_ignored_and_a_missing_root_is_reported()
    {
        _fx.File("a.txt");
        await _fx.IndexAsync(IndexMode.Content);
        Assert.Equal(0, Reconcile(D("/etc"), D(_fx.Base)).Changes);
        Directory.Move(_fx.Root, _fx.Root + "-gone");
        var r = Reconcile(D(_fx.Root, recursive: true));
        Assert.True(r.RootMissing);
        Assert.Equal(2, _fx.Scalar("SELECT COUNT(*) FROM entries"));
        Directory.Move(_fx.Root + "-gone", _fx.Root);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_opened_is_simulated_and_what_the_library_knows_below_it_is_kept()
    {
        // Works as root too: the reconciler is told the folder cannot be opened (EACCES), as for an unreadable one.
        _fx.File("locked/a.txt", "a");
        _fx.File("open/b.txt", "b");
        await _fx.IndexAsync(IndexMode.Content);
        File.WriteAllText(P("open/c.txt"), "c");
        var reconciler = new DirectoryReconciler(_fx.Db, _fx.LocationId, new IndexerSettings { BatchSize = 7, ContentBatchSize = 5 })
        {
            OpenFolder = (string path, bool followLast, out int errno) =>
            {
                if (path == P("locked"))
                {
                    errno = 13; // EACCES
                    return -1;
                }
                return DirectoryReader.OpenDirectory(path, followLast, out errno);
            },
        };

        var r = reconciler.Reconcile([D(_fx.Root, recursive: true)]);

        Assert.Contains(r.Errors, e => e.Path == P("locked") && e.Kind == "read-dir");
        Assert.Contains(P("locked/a.txt"), _fx.Entries().Keys);
        Assert.Contains(P("open/c.txt"), _fx.Entries().Keys);
    }

    [NotRootFact(nameof(A_folder_that_cannot_be_opened_is_simulated_and_what_the_library_knows_below_it_is_kept))]
    public async Task An_unreadable_folder_keeps_what_the_library_knows_below_it()
    {
        _fx.File("locked/a.txt", "a");
        await _fx.IndexAsync(IndexMode.Content);
        File.SetUnixFileMode(P("locked"), UnixFileMode.None);
        try
        {
            var r = Reconcile(D(_fx.Root), D(P("locked")));
            Assert.Contains(r.Errors, e => e.Path == P("locked"));
            Assert.Contains(P("locked/a.txt"), _fx.Entries().Keys);
        }
        finally
        {
            File.SetUnixFileMode(P("locked"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
