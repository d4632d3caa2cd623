using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Storage.Tests.Persistence;

/// <summary>Persistent actors over a real journal.db: what a job relies on across node restarts.</summary>
public sealed class SqlitePersistentActorSpec : Runtime.TestKit.TestKit, IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("sd-journal-actor-").FullName;

    /// <summary>Appends each text it is told to its persisted list, tagged; answers "list" with the list.</summary>
    private sealed class Notebook : ReceivePersistentActor
    {
        private readonly string _id;
        private readonly List<string> _lines = [];

        public Notebook(string id, IActorRef probe, string? pluginId)
        {
            _id = id;
            JournalPluginId = pluginId;
            Recover<Evt>(e => _lines.Add(e.Text));
            Recover<SnapshotOffer>(o => _lines.AddRange(((Evt)o.Snapshot).Text.Split(',')));
            Recover<RecoveryCompleted>(_ => probe.Tell("recovered"));
            Command<string>(s => s == "list", _ => Sender.Tell(string.Join(",", _lines)));
            Command<string>(s => s == "snap", _ => SaveSnapshot(new Evt(string.Join(",", _lines))));
            Command<SaveSnapshotSuccess>(s => probe.Tell($"snapshot@{s.Metadata.SequenceNr}"));
            Command<string>(s => Persist(new Tagged(new Evt(s), "notebook"), _ =>
            {
                _lines.Add(s);
                Sender.Tell($"ok {LastSequenceNr}");
            }));
        }

        public override string PersistenceId => _id;
        public override string? JournalPluginId { get; }

        public static Props Props(string id, IActorRef probe, string? pluginId = null) =>
            Runtime.Actor.Props.Create(() => new Notebook(id, probe, pluginId));
    }

    private SqlitePersistence OpenDb(string name = "journal.db") => SqlitePersistence.Open(Path.Combine(_dir, name), TestRegistry.Create());

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        Shutdown();
        Directory.Delete(_dir, recursive: true);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PersistentActor_must_recover_from_a_reopened_journal_file_in_a_new_actor_system()
    {
        var probe = CreateTestProbe();
        await using (var db = OpenDb())
        {
            Sys.RegisterPersistence(db.Journal, db.SnapshotStore);
            var notebook = Sys.ActorOf(Notebook.Props("job-1", probe.Ref));
            probe.ExpectMsg("recovered");
            foreach (var line in new[] { "a", "b", "c" })
            {
                probe.Send(notebook, line);
            }

            probe.ExpectMsg("ok 1");
            probe.ExpectMsg("ok 2");
            probe.ExpectMsg("ok 3");
            probe.Send(notebook, "snap");
            probe.ExpectMsg("snapshot@3");
            probe.Send(notebook, "d");
            probe.ExpectMsg("ok 4");
            probe.Watch(notebook);
            Sys.Stop(notebook);
            probe.ExpectTerminated(notebook);
        }

        await using var reopened = OpenDb();
        var system = ActorSystem.Create("node-restarted");
        try
        {
            system.RegisterPersistence(reopened.Journal, reopened.SnapshotStore);
            var notebook = system.ActorOf(Notebook.Props("job-1", probe.Ref));
            probe.ExpectMsg("recovered");
            probe.Send(notebook, "list");
            probe.ExpectMsg("a,b,c,d");
            probe.Send(notebook, "e");
            probe.ExpectMsg("ok 5");
            var tagged = await reopened.Journal.CurrentEventsByTagAsync("notebook");
            Assert.Equal(["a", "b", "c", "d", "e"], tagged.Select(e => ((Evt)e.Event).Text));
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public async Task PersistentActor_must_write_to_the_journal_of_its_library()
    {
        var probe = CreateTestProbe();
        await using var libraryA = OpenDb("a.db");
        await using var libraryB = OpenDb("b.db");
        Sys.RegisterPersistence(libraryA.Journal, libraryA.SnapshotStore, "library-a");
        Sys.RegisterPersistence(libraryB.Journal, libraryB.SnapshotStore, "library-b");
        var inA = Sys.ActorOf(Notebook.Props("job-a", probe.Ref, "library-a"));
        probe.ExpectMsg("recovered");
        var inB = Sys.ActorOf(Notebook.Props("job-b", probe.Ref, "library-b"));
        probe.ExpectMsg("recovered");
        probe.Send(inA, "x");
        probe.ExpectMsg("ok 1");
        probe.Send(inB, "y");
        probe.ExpectMsg("ok 1");

        Assert.Equal(["job-a"], await libraryA.Journal.CurrentPersistenceIdsAsync());
        Assert.Equal(["job-b"], await libraryB.Journal.CurrentPersistenceIdsAsync());
    }

    [Fact]
    public async Task PersistentActor_must_let_many_actors_persist_concurrently_to_one_file()
    {
        const int actors = 30, lines = 10;
        await using var db = OpenDb();
        Sys.RegisterPersistence(db.Journal, db.SnapshotStore);
        var probe = CreateTestProbe();
        var refs = new IActorRef[actors];
        for (var i = 0; i < actors; i++)
        {
            refs[i] = Sys.ActorOf(Notebook.Props($"job-{i:D2}", probe.Ref));
            probe.ExpectMsg("recovered");
        }

        for (var k = 1; k <= lines; k++)
        {
            foreach (var actor in refs)
            {
                probe.Send(actor, $"line-{k}");
            }
        }

        for (var n = 0; n < actors * lines; n++)
        {
            Assert.StartsWith("ok ", await probe.ExpectMsgAsync<string>(), StringComparison.Ordinal);
        }

        Assert.Equal(actors, (await db.Journal.CurrentPersistenceIdsAsync("job-")).Count);
        Assert.Equal(actors * lines, (await db.Journal.CurrentEventsByTagAsync("notebook")).Count);
        foreach (var i in Enumerable.Range(0, actors))
        {
            Assert.Equal(lines, await db.Journal.ReadHighestSequenceNrAsync($"job-{i:D2}"));
        }
    }
}
