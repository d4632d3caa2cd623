using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Runtime.Tests.Persistence;

/// <summary>PersistAsync, async commands, Become and Recovery settings.</summary>
public sealed class PersistentActorBehaviourSpec : TestKit.TestKit
{
    private static readonly PersistenceSerializerRegistry Registry = new PersistenceSerializerRegistry()
        .Register<Added>("test.Added.v1")
        .Register<CounterState>("test.CounterState.v1");

    private readonly MemoryJournal _journal = new(Registry);
    private readonly GatedJournal _gated;

    public PersistentActorBehaviourSpec()
    {
        _gated = new GatedJournal(_journal);
        Sys.RegisterPersistence(_gated, new MemorySnapshotStore(Registry));
    }

    private sealed class Flexible : ReceivePersistentActor
    {
        private readonly string _id;
        private readonly Recovery _recovery;
        private int _total;

        public Flexible(string id, IActorRef probe, Recovery? recovery)
        {
            _id = id;
            _recovery = recovery ?? Recovery.Default;
            Recover<Added>(e => _total += e.Amount);
            Recover<RecoveryCompleted>(_ => probe.Tell($"recovered {_total} last {LastSequenceNr}"));
            Normal(probe);
        }

        private void Normal(IActorRef probe)
        {
            Command<int>(n => PersistAsync(new Added(n), e =>
            {
                _total += e.Amount;
                probe.Tell($"async-handler {_total}");
            }));
            Command<string>(s => s == "ping", _ => probe.Tell("pong"));
            CommandAsync<string>(s => s == "async", async _ =>
            {
                await Task.Yield();
                Persist(new Added(100), e =>
                {
                    _total += e.Amount;
                    probe.Tell($"after await {_total}");
                });
            });
            Command<string>(s => s == "become", _ => Become(() =>
            {
                Command<string>(s => s == "ping", _ => probe.Tell("pong from the other behaviour"));
                Command<string>(s => s == "unbecome", _ => Become(() => Normal(probe)));
            }));
        }

        public override string PersistenceId => _id;
        public override Recovery Recovery => _recovery;

        public static Props Props(string id, IActorRef probe, Recovery? recovery = null) =>
            Spacedrive.Runtime.Actor.Props.Create(() => new Flexible(id, probe, recovery));
    }

    [Fact]
    public void PersistAsync_must_keep_handling_commands_while_the_write_is_in_flight()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Flexible.Props("f-async", probe.Ref));
        probe.ExpectMsg("recovered 0 last 0");
        _gated.Close();
        actor.Tell(1, null);
        actor.Tell("ping", null);
        probe.ExpectMsg("pong");
        _gated.Release();
        probe.ExpectMsg("async-handler 1");
    }

    [Fact]
    public void CommandAsync_must_persist_after_an_await()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Flexible.Props("f-await", probe.Ref));
        probe.ExpectMsg("recovered 0 last 0");
        actor.Tell("async", null);
        actor.Tell("ping", null);
        probe.ExpectMsg("after await 100");
        probe.ExpectMsg("pong");
    }

    [Fact]
    public void Become_must_replace_the_command_handlers()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Flexible.Props("f-become", probe.Ref));
        probe.ExpectMsg("recovered 0 last 0");
        actor.Tell("become", null);
        actor.Tell("ping", null);
        probe.ExpectMsg("pong from the other behaviour");
        actor.Tell("unbecome", null);
        actor.Tell("ping", null);
        probe.ExpectMsg("pong");
    }

    [Fact]
    public void Recovery_must_stop_at_ToSequenceNr_and_continue_numbering_after_the_highest()
    {
        var probe = CreateTestProbe();
        var first = Sys.ActorOf(Flexible.Props("f-partial", probe.Ref));
        probe.ExpectMsg("recovered 0 last 0");
        for (var i = 1; i <= 3; i++)
        {
            first.Tell(i, null);
        }

        probe.ExpectMsg("async-handler 1");
        probe.ExpectMsg("async-handler 3");
        probe.ExpectMsg("async-handler 6");
        probe.Watch(first);
        Sys.Stop(first);
        probe.ExpectTerminated(first);

        var partial = Sys.ActorOf(Flexible.Props("f-partial", probe.Ref, new Recovery(SnapshotSelectionCriteria.Latest, ToSequenceNr: 2)));
        probe.ExpectMsg("recovered 3 last 3");
        partial.Tell(10, null);
        probe.ExpectMsg("async-handler 13");
        probe.Watch(partial);
        Sys.Stop(partial);
        probe.ExpectTerminated(partial);

        Sys.ActorOf(Flexible.Props("f-partial", probe.Ref, Recovery.None));
        probe.ExpectMsg("recovered 0 last 4");
    }

    [Fact]
    public async Task Recovery_must_replay_a_long_history_in_batches_and_respect_ReplayMax()
    {
        const int events = 2500;
        var writes = Enumerable.Range(1, events).Select(i => new AtomicWrite(new PersistentRepr("f-long", i, new Added(1)))).ToList();
        Assert.All(await _journal.WriteAsync(writes), Assert.Null);

        var probe = CreateTestProbe();
        var all = Sys.ActorOf(Flexible.Props("f-long", probe.Ref));
        await probe.ExpectMsgAsync($"recovered {events} last {events}");
        probe.Watch(all);
        Sys.Stop(all);
        await probe.ExpectTerminatedAsync(all);

        Sys.ActorOf(Flexible.Props("f-long", probe.Ref, new Recovery(SnapshotSelectionCriteria.Latest, ReplayMax: 1500)));
        await probe.ExpectMsgAsync($"recovered 1500 last {events}");
    }
}
