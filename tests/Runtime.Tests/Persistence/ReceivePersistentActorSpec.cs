using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Runtime.Tests.Persistence;

public sealed record Added(int Amount);

public sealed record CounterState(int Total, int Events);

public sealed record Unregistered(int X);

/// <summary>A counter that persists every change; reports what happens to a probe.</summary>
internal sealed class PersistentCounter : ReceivePersistentActor
{
    public sealed record Add(int Amount);
    public sealed record AddMany(int[] Amounts);
    public sealed record AddThenDefer(int Amount);
    public sealed record AddUnregistered;
    public sealed record Get;
    public sealed record Snap;
    public sealed record Delete(long ToSequenceNr);
    public sealed record Crash;
    public sealed record AddThenCrash(int Amount);
    public sealed record Reply(string Text, int Total, long LastSequenceNr);

    private readonly string _persistenceId;
    private readonly IActorRef _probe;
    private readonly string? _journalPluginId;
    private int _total;
    private int _events;

    public PersistentCounter(string persistenceId, IActorRef probe, string? journalPluginId = null, bool failInRecovery = false)
    {
        _persistenceId = persistenceId;
        _probe = probe;
        _journalPluginId = journalPluginId;

        Recover<SnapshotOffer>(offer =>
        {
            var state = (CounterState)offer.Snapshot;
            (_total, _events) = (state.Total, state.Events);
            probe.Tell($"offer@{offer.Metadata.SequenceNr}:{_total}");
        });
        Recover<Added>(e =>
        {
            if (failInRecovery)
            {
                throw new InvalidOperationException("recovery handler failed");
            }

            Apply(e);
        });
        Recover<RecoveryCompleted>(_ => probe.Tell(new Reply("recovered", _total, LastSequenceNr)));

        Command<Add>(c => Persist(new Added(c.Amount), e =>
        {
            Apply(e);
            Sender.Tell(new Reply("added", _total, LastSequenceNr));
        }));
        Command<AddMany>(c => PersistAll(c.Amounts.Select(a => new Added(a)), e =>
        {
            Apply(e);
            Sender.Tell(new Reply("added", _total, LastSequenceNr));
        }));
        Command<AddThenDefer>(c =>
        {
            Persist(new Added(c.Amount), e =>
            {
                Apply(e);
                probe.Tell("persisted");
            });
            Defer("deferred", d => Sender.Tell(new Reply(d, _total, LastSequenceNr)));
        });
        Command<AddUnregistered>(_ => Persist(new Unregistered(1), _ => probe.Tell("handler of a rejected event ran")));
        Command<Get>(_ => Sender.Tell(new Reply("state", _total, LastSequenceNr)));
        Command<Snap>(_ => SaveSnapshot(new CounterState(_total, _events)));
        Command<SaveSnapshotSuccess>(s => probe.Tell($"snapshot@{s.Metadata.SequenceNr}"));
        Command<SaveSnapshotFailure>(f => probe.Tell("snapshot failed: " + f.Cause.Message));
        Command<Delete>(d => DeleteMessages(d.ToSequenceNr));
        Command<DeleteMessagesSuccess>(s => probe.Tell($"deleted to {s.ToSequenceNr}"));
        Command<DeleteMessagesFailure>(f => probe.Tell("delete failed"));
        Command<Crash>(_ => throw new InvalidOperationException("crash"));
        Command<AddThenCrash>(c =>
        {
            Persist(new Added(c.Amount), _ => probe.Tell("handler of a failed command ran"));
            throw new InvalidOperationException("crash after persist");
        });
    }

    public override string PersistenceId => _persistenceId;
    public override string? JournalPluginId => _journalPluginId;

    public static Props Props(string persistenceId, IActorRef probe, string? journalPluginId = null, bool failInRecovery = false) =>
        Spacedrive.Runtime.Actor.Props.Create(() => new PersistentCounter(persistenceId, probe, journalPluginId, failInRecovery));

    protected override void OnRecoveryFailure(Exception reason, object? message)
    {
        _probe.Tell(new RecoveryFailure(reason, message));
        base.OnRecoveryFailure(reason, message);
    }

    protected override void OnPersistFailure(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell($"persist failed #{sequenceNr}");
        base.OnPersistFailure(cause, @event, sequenceNr);
    }

    protected override void OnPersistRejected(Exception cause, object @event, long sequenceNr)
    {
        _probe.Tell($"persist rejected #{sequenceNr}");
        base.OnPersistRejected(cause, @event, sequenceNr);
    }

    private void Apply(Added e)
    {
        _total += e.Amount;
        _events++;
    }

    public sealed record RecoveryFailure(Exception Reason, object? Message);
}

/// <summary>A journal whose writes wait until the test opens the gate, or fail when told to.</summary>
internal sealed class GatedJournal(IJournal inner) : IJournal
{
    private volatile TaskCompletionSource _gate = Open();

    public bool FailWrites { get; set; }

    public void Close() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    public async Task<IReadOnlyList<Exception?>> WriteAsync(IReadOnlyList<AtomicWrite> writes, CancellationToken cancellationToken = default)
    {
        await _gate.Task.ConfigureAwait(false);
        if (FailWrites)
        {
            throw new IOException("disk on fire");
        }

        return await inner.WriteAsync(writes, cancellationToken).ConfigureAwait(false);
    }

    public Task ReplayAsync(string persistenceId, long fromSequenceNr, long toSequenceNr, long max, Action<PersistentRepr> recoveryCallback, CancellationToken cancellationToken = default) =>
        inner.ReplayAsync(persistenceId, fromSequenceNr, toSequenceNr, max, recoveryCallback, cancellationToken);

    public Task<long> ReadHighestSequenceNrAsync(string persistenceId, long fromSequenceNr = 0, CancellationToken cancellationToken = default) =>
        inner.ReadHighestSequenceNrAsync(persistenceId, fromSequenceNr, cancellationToken);

    public Task DeleteMessagesToAsync(string persistenceId, long toSequenceNr, CancellationToken cancellationToken = default) =>
        inner.DeleteMessagesToAsync(persistenceId, toSequenceNr, cancellationToken);

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}

public sealed class ReceivePersistentActorSpec : TestKit.TestKit
{
    private static readonly PersistenceSerializerRegistry Registry = new PersistenceSerializerRegistry()
        .Register<Added>("test.Added.v1")
        .Register<CounterState>("test.CounterState.v1");

    private readonly MemoryJournal _journal = new(Registry);
    private readonly MemorySnapshotStore _snapshots = new(Registry);
    private readonly GatedJournal _gated;

    public ReceivePersistentActorSpec()
    {
        _gated = new GatedJournal(_journal);
        Sys.RegisterPersistence(_gated, _snapshots);
    }

    private IActorRef Counter(string pid, TestKit.TestProbe probe, string? pluginId = null)
    {
        var actor = Sys.ActorOf(PersistentCounter.Props(pid, probe.Ref, pluginId));
        probe.ExpectMsg<PersistentCounter.Reply>(r => Assert.Equal("recovered", r.Text));
        return actor;
    }

    private static void AddAll(IActorRef actor, TestKit.TestProbe probe, params int[] amounts)
    {
        foreach (var amount in amounts)
        {
            probe.Send(actor, new PersistentCounter.Add(amount));
            probe.ExpectMsg<PersistentCounter.Reply>(r => Assert.Equal("added", r.Text));
        }
    }

    [Fact]
    public void PersistentActor_must_deliver_RecoveryCompleted_for_a_new_persistence_id_before_any_command()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(PersistentCounter.Props("new-id", probe.Ref));
        probe.Send(actor, new PersistentCounter.Get());
        probe.ExpectMsg(new PersistentCounter.Reply("recovered", 0, 0));
        probe.ExpectMsg(new PersistentCounter.Reply("state", 0, 0));
    }

    [Fact]
    public void PersistentActor_must_run_the_persist_handler_with_the_commands_sender_and_recover_after_a_restart()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-1", probe);
        probe.Send(actor, new PersistentCounter.Add(1));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 1, 1));
        Assert.Equal(actor, probe.LastSender);
        AddAll(actor, probe, 2, 3);

        actor.Tell(new PersistentCounter.Crash(), null);
        probe.ExpectMsg(new PersistentCounter.Reply("recovered", 6, 3));
        probe.Send(actor, new PersistentCounter.Add(4));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 10, 4));
    }

    /// <summary>Stops <paramref name="actor"/> and waits for it, so that a new incarnation can take its persistence id.</summary>
    private void StopAndWait(IActorRef actor, TestKit.TestProbe probe)
    {
        probe.Watch(actor);
        Sys.Stop(actor);
        probe.ExpectTerminated(actor);
    }

    [Fact]
    public async Task PersistentActor_must_recover_in_a_new_actor_system()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-sys", probe);
        AddAll(actor, probe, 5, 6);
        StopAndWait(actor, probe);

        var system = ActorSystem.Create("recreated");
        try
        {
            system.RegisterPersistence(_journal, _snapshots);
            system.ActorOf(PersistentCounter.Props("c-sys", probe.Ref));
            probe.ExpectMsg(new PersistentCounter.Reply("recovered", 11, 2));
        }
        finally
        {
            await system.Terminate();
        }
    }

    /// <summary>Watches a subject and persists on command; the Terminated it gets while persisting is stashed internally.</summary>
    private sealed class WatchingCounter : ReceivePersistentActor
    {
        public WatchingCounter(IActorRef subject, IActorRef probe)
        {
            Recover<RecoveryCompleted>(_ => Context.Watch(subject));
            Command<PersistentCounter.Add>(c => Persist(new Added(c.Amount), _ => probe.Tell("added")));
            Command<Terminated>(t => probe.Tell("terminated " + t.ActorRef.Path.Name));
        }

        public override string PersistenceId => "watching";
    }

    [Fact]
    public void PersistentActor_must_deliver_a_Terminated_that_arrived_while_persisting()
    {
        var probe = CreateTestProbe();
        var subject = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new WatchingCounter(subject.Ref, probe.Ref)));
        _gated.Close();
        probe.Send(actor, new PersistentCounter.Add(1));
        Sys.Stop(subject.Ref);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100)); // the Terminated waits behind the pending persist
        _gated.Release();
        probe.ExpectMsg("added");
        probe.ExpectMsg("terminated " + subject.Ref.Path.Name);
    }

    [Fact]
    public void PersistentActor_must_stash_commands_until_the_persist_handler_ran()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-stash", probe);
        _gated.Close();
        probe.Send(actor, new PersistentCounter.Add(1));
        probe.Send(actor, new PersistentCounter.Get());
        probe.Send(actor, new PersistentCounter.Add(2));
        probe.Send(actor, new PersistentCounter.Get());
        probe.ExpectNoMsg();

        _gated.Release();
        probe.ExpectMsg(new PersistentCounter.Reply("added", 1, 1));
        probe.ExpectMsg(new PersistentCounter.Reply("state", 1, 1));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 3, 2));
        probe.ExpectMsg(new PersistentCounter.Reply("state", 3, 2));
    }

    [Fact]
    public void PersistentActor_must_persist_all_events_atomically_and_run_handlers_in_order()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-all", probe);
        probe.Send(actor, new PersistentCounter.AddMany([1, 2, 3]));
        probe.Send(actor, new PersistentCounter.Get());
        probe.ExpectMsg(new PersistentCounter.Reply("added", 1, 1));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 3, 2));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 6, 3));
        probe.ExpectMsg(new PersistentCounter.Reply("state", 6, 3));
    }

    [Fact]
    public void PersistentActor_must_run_a_deferred_handler_after_the_preceding_persist_handlers()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-defer", probe);
        probe.Send(actor, new PersistentCounter.AddThenDefer(7));
        probe.ExpectMsg("persisted");
        probe.ExpectMsg(new PersistentCounter.Reply("deferred", 7, 1));
    }

    [Fact]
    public void PersistentActor_must_recover_from_a_snapshot_and_the_later_events()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-snap", probe);
        AddAll(actor, probe, 1, 2, 3);
        actor.Tell(new PersistentCounter.Snap(), null);
        probe.ExpectMsg("snapshot@3");
        AddAll(actor, probe, 4);

        actor.Tell(new PersistentCounter.Crash(), null);
        probe.ExpectMsg("offer@3:6");
        probe.ExpectMsg(new PersistentCounter.Reply("recovered", 10, 4));
    }

    [Fact]
    public void PersistentActor_must_fail_a_snapshot_without_snapshot_store()
    {
        var probe = CreateTestProbe();
        PersistenceExtension.Get(Sys).RegisterJournal(_journal, "no-snapshots");
        var actor = Counter("c-nosnap", probe, "no-snapshots");
        actor.Tell(new PersistentCounter.Snap(), null);
        probe.ExpectMsg<string>(s => Assert.StartsWith("snapshot failed", s, StringComparison.Ordinal));
    }

    [Fact]
    public void PersistentActor_must_not_replay_deleted_messages_and_keep_numbering()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-del", probe);
        AddAll(actor, probe, 1, 2, 3);
        actor.Tell(new PersistentCounter.Delete(2), null);
        probe.ExpectMsg("deleted to 2");
        actor.Tell(new PersistentCounter.Delete(10), null);
        probe.ExpectMsg("delete failed");

        actor.Tell(new PersistentCounter.Crash(), null);
        probe.ExpectMsg(new PersistentCounter.Reply("recovered", 3, 3));
        probe.Send(actor, new PersistentCounter.Add(4));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 7, 4));
    }

    [Fact]
    public async Task PersistentActor_must_stop_with_a_clear_error_when_a_manifest_is_unknown()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-manifest", probe);
        AddAll(actor, probe, 1);
        StopAndWait(actor, probe);

        var system = ActorSystem.Create("other-code");
        try
        {
            system.RegisterPersistence(_journal.WithRegistry(new PersistenceSerializerRegistry().Register<CounterState>("test.CounterState.v1")), _snapshots);
            var recovered = system.ActorOf(PersistentCounter.Props("c-manifest", probe.Ref));
            probe.Watch(recovered);
            var failure = probe.ExpectMsg<PersistentCounter.RecoveryFailure>();
            var unknown = Assert.IsType<UnknownManifestException>(failure.Reason);
            Assert.Equal("test.Added.v1", unknown.Manifest);
            Assert.Equal("c-manifest", unknown.PersistenceId);
            probe.ExpectTerminated(recovered);
        }
        finally
        {
            await system.Terminate();
        }
    }

    [Fact]
    public void PersistentActor_must_stop_when_a_recovery_handler_throws()
    {
        var probe = CreateTestProbe();
        var first = Counter("c-rfail", probe);
        AddAll(first, probe, 1);
        StopAndWait(first, probe);
        var actor = Sys.ActorOf(PersistentCounter.Props("c-rfail", probe.Ref, failInRecovery: true), "second-incarnation");
        probe.Watch(actor);
        var failure = probe.ExpectMsg<PersistentCounter.RecoveryFailure>();
        Assert.IsType<InvalidOperationException>(failure.Reason);
        Assert.Equal(new Added(1), failure.Message);
        probe.ExpectTerminated(actor);
    }

    [Fact]
    public void PersistentActor_must_stop_when_persisting_fails()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-pfail", probe);
        probe.Watch(actor);
        _gated.FailWrites = true;
        probe.Send(actor, new PersistentCounter.Add(1));
        probe.ExpectMsg("persist failed #1");
        probe.ExpectTerminated(actor);
    }

    [Fact]
    public void PersistentActor_must_continue_when_an_event_is_rejected()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-reject", probe);
        probe.Send(actor, new PersistentCounter.AddUnregistered());
        probe.ExpectMsg("persist rejected #1");
        probe.Send(actor, new PersistentCounter.Add(2));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 2, 2));
    }

    [Fact]
    public void PersistentActor_must_stop_when_its_journal_is_not_registered()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(PersistentCounter.Props("c-nojournal", probe.Ref, "missing"));
        probe.Watch(actor);
        probe.ExpectTerminated(actor);
    }

    [Fact]
    public async Task PersistentActor_must_use_the_journal_named_by_its_plugin_id()
    {
        var other = new MemoryJournal(Registry);
        Sys.RegisterPersistence(other, new MemorySnapshotStore(Registry), "library-b");
        var probe = CreateTestProbe();
        AddAll(Counter("c-named", probe, "library-b"), probe, 3);

        Assert.Equal(1, await other.ReadHighestSequenceNrAsync("c-named"));
        Assert.Equal(0, await _journal.ReadHighestSequenceNrAsync("c-named"));
    }

    [Fact]
    public async Task PersistentActor_must_let_many_actors_persist_concurrently()
    {
        const int actors = 40, adds = 15;
        var probes = Enumerable.Range(0, actors).Select(_ => CreateTestProbe()).ToArray();
        var refs = Enumerable.Range(0, actors).Select(i => Sys.ActorOf(PersistentCounter.Props($"many-{i}", probes[i].Ref))).ToArray();
        for (var i = 0; i < actors; i++)
        {
            await probes[i].ExpectMsgAsync<PersistentCounter.Reply>();
            for (var k = 1; k <= adds; k++)
            {
                probes[i].Send(refs[i], new PersistentCounter.Add(k));
            }
        }

        for (var i = 0; i < actors; i++)
        {
            for (var k = 1; k <= adds; k++)
            {
                await probes[i].ExpectMsgAsync(new PersistentCounter.Reply("added", k * (k + 1) / 2, k));
            }
        }

        Assert.Equal(actors, (await _journal.CurrentPersistenceIdsAsync("many-")).Count);
        for (var i = 0; i < actors; i++)
        {
            Assert.Equal(adds, await _journal.ReadHighestSequenceNrAsync($"many-{i}"));
        }
    }

    [Fact]
    public void PersistentActor_must_stash_the_same_command_object_twice_in_a_row()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-same", probe);
        var get = new PersistentCounter.Get();
        _gated.Close();
        probe.Send(actor, new PersistentCounter.Add(1));
        probe.Send(actor, get);
        probe.Send(actor, get);
        _gated.Release();
        probe.ExpectMsg(new PersistentCounter.Reply("added", 1, 1));
        probe.ExpectMsg(new PersistentCounter.Reply("state", 1, 1));
        probe.ExpectMsg(new PersistentCounter.Reply("state", 1, 1));
    }

    [Fact]
    public void PersistentActor_must_persist_nothing_from_a_command_that_throws()
    {
        var probe = CreateTestProbe();
        var actor = Counter("c-throw", probe);
        AddAll(actor, probe, 1);
        actor.Tell(new PersistentCounter.AddThenCrash(50), null);
        probe.ExpectMsg(new PersistentCounter.Reply("recovered", 1, 1));
        probe.Send(actor, new PersistentCounter.Add(2));
        probe.ExpectMsg(new PersistentCounter.Reply("added", 3, 2));
    }
}
