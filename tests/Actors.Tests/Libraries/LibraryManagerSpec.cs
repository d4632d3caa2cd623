using Spacedrive.Actors.Libraries;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Actors.Tests.Libraries;

public sealed class LibraryManagerSpec : TestKit, IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "sd-libmgr-" + Guid.NewGuid().ToString("N")[..12]);

    private string LibrariesDir => Path.Combine(_root, "libraries");

    private IActorRef StartManager() => Sys.ActorOf(LibraryManager.Props(LibrariesDir, TimeProvider.System));

    private LibraryListReply List(IActorRef manager)
    {
        manager.Tell(ListLibraries.Instance, TestActor);
        return ExpectMsg<LibraryListReply>();
    }

    [Fact]
    public void LibraryManager_must_create_a_default_library_on_first_start_only()
    {
        var manager = StartManager();
        Assert.Equal("Default", Assert.Single(List(manager).Libraries).Name);

        manager.Tell(new DeleteLibrary("Default", DeleteData: true, Force: false), TestActor);
        ExpectMsg<LibraryDeleted>();
        Sys.Stop(manager);
        Watch(manager);
        ExpectTerminated(manager);

        Assert.Empty(List(StartManager()).Libraries);
    }

    [Fact]
    public void LibraryManager_must_create_libraries_with_sanitized_unique_names()
    {
        var manager = StartManager();
        manager.Tell(new CreateLibrary("  Family\tPhotos  "), TestActor);
        var created = ExpectMsg<LibrarySummary>();
        Assert.Equal("Family Photos", created.Name);
        Assert.Equal(LibraryState.Open, created.State);
        Assert.True(File.Exists(Path.Combine(created.Path, "library.db")));
        Assert.Equal(created.Id, LibraryConfigFile.Read(created.Path).Id);

        manager.Tell(new CreateLibrary("FAMILY PHOTOS"), TestActor);
        Assert.Equal(LibraryErrors.Exists, ExpectMsg<LibraryOperationFailed>().Code);

        manager.Tell(new CreateLibrary("bad\u0001name"), TestActor);
        Assert.Equal(LibraryErrors.InvalidName, ExpectMsg<LibraryOperationFailed>().Code);

        manager.Tell(new CreateLibrary("a/b: c?"), TestActor);
        var odd = ExpectMsg<LibrarySummary>();
        Assert.Equal("a/b: c?", odd.Name);
        Assert.Equal("a_b_ c_.sdlibrary", Path.GetFileName(odd.Path));
    }

    [Fact]
    public void LibraryManager_must_resolve_libraries_by_id_prefix_and_name()
    {
        var manager = StartManager();
        manager.Tell(new CreateLibrary("Music"), TestActor);
        var music = ExpectMsg<LibrarySummary>();

        manager.Tell(new GetLibraryRef(music.Id.ToString()[..6]), TestActor);
        Assert.Equal(music.Id, ExpectMsg<LibraryRefReply>().Library.Id);
        manager.Tell(new GetLibraryRef("music"), TestActor);
        Assert.Equal(music.Id, ExpectMsg<LibraryRefReply>().Library.Id);
        manager.Tell(new GetLibraryRef(null), TestActor);
        Assert.Equal("Default", ExpectMsg<LibraryRefReply>().Library.Name);
        manager.Tell(new GetLibraryRef("nothing-like-it"), TestActor);
        Assert.Equal(LibraryErrors.NotFound, ExpectMsg<LibraryOperationFailed>().Code);
    }

    [Fact]
    public void LibraryManager_must_report_statistics_and_keep_working_after_a_rename()
    {
        var manager = StartManager();
        manager.Tell(new CreateLibrary("Docs"), TestActor);
        var docs = ExpectMsg<LibrarySummary>();

        manager.Tell(new RenameLibrary("Docs", "Papers"), TestActor);
        var renamed = ExpectMsg<LibrarySummary>();
        Assert.Equal(docs.Id, renamed.Id);
        Assert.Equal(LibraryState.Open, renamed.State);
        Assert.False(Directory.Exists(docs.Path));
        Assert.Equal("Papers", LibraryConfigFile.Read(renamed.Path).Name);

        manager.Tell(new GetLibraryInfo("Papers"), TestActor);
        var info = ExpectMsg<LibraryInfoReply>();
        Assert.NotNull(info.Statistics);
        Assert.Equal(0, info.Statistics.Entries);
        Assert.True(info.Statistics.DatabaseBytes > 0);
    }

    [Fact]
    public void LibraryManager_must_list_a_damaged_library_as_unavailable_and_leave_it_untouched()
    {
        var manager = StartManager();
        manager.Tell(new CreateLibrary("Damaged"), TestActor);
        var damaged = ExpectMsg<LibrarySummary>();
        Sys.Stop(manager);
        Watch(manager);
        ExpectTerminated(manager);

        var db = Path.Combine(damaged.Path, "library.db");
        File.WriteAllText(db, "this is not a database, it is a text file of sufficient length to look like one............");
        var before = File.ReadAllBytes(db);
        File.WriteAllText(Path.Combine(LibrariesDir, "NoConf.sdlibrary.tmp"), "");
        Directory.CreateDirectory(Path.Combine(LibrariesDir, "NoConf.sdlibrary"));

        var again = StartManager();
        var libraries = List(again).Libraries;
        var listed = libraries.Single(l => l.Id == damaged.Id);
        Assert.Equal(LibraryState.Unavailable, listed.State);
        Assert.Contains("library.db", listed.Reason, StringComparison.Ordinal);
        var noConf = libraries.Single(l => l.Name == "NoConf");
        Assert.Equal(LibraryState.Unavailable, noConf.State);
        Assert.Contains("library.conf", noConf.Reason, StringComparison.Ordinal);
        Assert.Equal(LibraryState.Open, libraries.Single(l => l.Name == "Default").State);
        Assert.Equal(before, File.ReadAllBytes(db));

        again.Tell(new GetLibraryRef("Damaged"), TestActor);
        Assert.Equal(LibraryErrors.Unavailable, ExpectMsg<LibraryOperationFailed>().Code);
    }

    [Fact]
    public void LibraryManager_must_move_a_deleted_library_aside_unless_asked_to_delete_its_data()
    {
        var manager = StartManager();
        manager.Tell(new CreateLibrary("Keep"), TestActor);
        var keep = ExpectMsg<LibrarySummary>();
        manager.Tell(new DeleteLibrary(keep.Id.ToString(), DeleteData: false, Force: false), TestActor);
        Assert.False(ExpectMsg<LibraryDeleted>().DataDeleted);
        Assert.False(Directory.Exists(keep.Path));
        var aside = Assert.Single(Directory.GetDirectories(Path.Combine(_root, "removed-libraries")));
        Assert.True(File.Exists(Path.Combine(aside, "library.db")));
        Assert.DoesNotContain(List(manager).Libraries, l => l.Id == keep.Id);
    }

    [Fact]
    public void LibraryActor_must_close_its_database_when_stopped()
    {
        var manager = StartManager();
        manager.Tell(new GetLibraryRef(null), TestActor);
        var reply = ExpectMsg<LibraryRefReply>();
        Watch(reply.Actor);
        Sys.Stop(manager);
        ExpectTerminated(reply.Actor);
        // The lock is released: the folder can be opened again by someone else.
        using var reopened = LibraryFolder.Open(reply.Library.Path, LibraryConfigFile.Read(reply.Library.Path));
        Assert.Equal(reply.Library.Id, reopened.Config.Id);
    }

    void IDisposable.Dispose()
    {
        Dispose();
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}
