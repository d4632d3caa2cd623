using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class StashSpec : TestKit.TestKit
{
    /// <summary>Stashes everything until "open", then replays it in order.</summary>
    private sealed class Gatekeeper : ReceiveActor, IWithStash
    {
        public IStash Stash { get; set; } = null!;

        public Gatekeeper(IActorRef probe)
        {
            probe.Tell("started");
            Receive<string>(s => s == "open", _ =>
            {
                // A Terminated is told as text: the probe, not watching, would drop a Terminated sent to it.
                Become(() => ReceiveAny(m => probe.Tell(m is Terminated t ? "terminated " + t.ActorRef.Path.Name : m)));
                Stash.UnstashAll();
            });
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException("crash"));
            Receive<WatchIt>(w => Context.Watch(w.Subject));
            Receive<Terminated>(_ =>
            {
                probe.Tell("stashing terminated");
                Stash.Stash();
            });
            Receive<string>(s => s == "twice", _ =>
            {
                Stash.Stash();
                Stash.Stash();
            });
            ReceiveAny(_ => Stash.Stash());
        }
    }

    [Fact]
    public void Stash_must_replay_stashed_messages_in_order_before_later_ones()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Gatekeeper(probe.Ref)));
        probe.ExpectMsg("started");
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(3);
        actor.Tell("open");
        actor.Tell(4);
        probe.ExpectMsg(1);
        probe.ExpectMsg(2);
        probe.ExpectMsg(3);
        probe.ExpectMsg(4);
    }

    private sealed record WatchIt(IActorRef Subject);

    [Fact]
    public void Stash_must_deliver_a_stashed_Terminated_after_unstashing()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Gatekeeper(probe.Ref)));
        probe.ExpectMsg("started");
        var watched = CreateTestProbe();
        actor.Tell(new WatchIt(watched.Ref));
        Sys.Stop(watched.Ref);
        probe.ExpectMsg("stashing terminated");
        actor.Tell("open");
        probe.ExpectMsg("terminated " + watched.Ref.Path.Name);
    }

    [Fact]
    public void Stash_must_survive_a_restart()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Gatekeeper(probe.Ref)));
        probe.ExpectMsg("started");
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell("crash");
        probe.ExpectMsg("started"); // restarted; the new instance stashes 1 and 2 again
        actor.Tell("open");
        probe.ExpectMsg(1);
        probe.ExpectMsg(2);
    }

    [Fact]
    public void Stash_must_refuse_stashing_the_same_message_twice()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Gatekeeper(probe.Ref)));
        probe.ExpectMsg("started");
        actor.Tell("twice");
        probe.ExpectMsg("started"); // IllegalStateException -> restart
    }

    [Fact]
    public void Stash_must_send_stashed_messages_to_dead_letters_on_stop()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var actor = Sys.ActorOf(Props.Create(() => new Gatekeeper(probe.Ref)));
        actor.Tell("stashed");
        actor.Tell(PoisonPill.Instance);
        Assert.Equal("stashed", ExpectMsg<DeadLetter>().Message);
    }
}
