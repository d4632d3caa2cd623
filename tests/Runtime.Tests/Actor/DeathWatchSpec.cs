using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class DeathWatchSpec : TestKit.TestKit
{
    /// <summary>Watches what it is told to, and reports Terminated (or custom messages) to a probe.</summary>
    private sealed class Watcher : ReceiveActor
    {
        public sealed record WatchIt(IActorRef Target, object? Custom = null);

        public sealed record UnwatchIt(IActorRef Target);

        public sealed record WatchedTerminated(IActorRef ActorRef, bool ExistenceConfirmed);

        public Watcher(IActorRef probe)
        {
            Receive<WatchIt>(w =>
            {
                if (w.Custom is null) Context.Watch(w.Target);
                else Context.WatchWith(w.Target, w.Custom);
                Sender.Tell("watching");
            });
            Receive<UnwatchIt>(u =>
            {
                // Stop and unwatch in the same turn: the Terminated that arrives must be suppressed.
                Context.Stop(u.Target);
                Context.Unwatch(u.Target);
                probe.Tell("unwatched");
            });
            // A Terminated told on to another actor would be dropped there (it watches nothing), as in Akka.
            Receive<Terminated>(t => probe.Tell(new WatchedTerminated(t.ActorRef, t.ExistenceConfirmed)));
            ReceiveAny(m => probe.Tell(m));
        }
    }

    [Fact]
    public void DeathWatch_must_deliver_Terminated_once()
    {
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var target = Sys.ActorOf(EchoActor.Props());
        watcher.Tell(new Watcher.WatchIt(target));
        watcher.Tell(new Watcher.WatchIt(target));
        ExpectMsg("watching");
        ExpectMsg("watching");
        Sys.Stop(target);
        var terminated = probe.ExpectMsg<Watcher.WatchedTerminated>();
        Assert.Equal(target, terminated.ActorRef);
        Assert.True(terminated.ExistenceConfirmed);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void DeathWatch_must_deliver_Terminated_when_the_actor_was_already_dead()
    {
        var target = Sys.ActorOf(EchoActor.Props());
        Watch(target);
        Sys.Stop(target);
        ExpectTerminated(target);
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        watcher.Tell(new Watcher.WatchIt(target));
        Assert.Equal(target, probe.ExpectMsg<Watcher.WatchedTerminated>().ActorRef);
    }

    [Fact]
    public void DeathWatch_must_not_deliver_Terminated_after_Unwatch_even_if_already_queued()
    {
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var target = Sys.ActorOf(EchoActor.Props());
        watcher.Tell(new Watcher.WatchIt(target));
        ExpectMsg("watching");
        watcher.Tell(new Watcher.UnwatchIt(target));
        probe.ExpectMsg("unwatched");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public void DeathWatch_must_deliver_the_custom_message_of_WatchWith()
    {
        var probe = CreateTestProbe();
        var watcher = Sys.ActorOf(Props.Create(() => new Watcher(probe.Ref)));
        var target = Sys.ActorOf(EchoActor.Props());
        watcher.Tell(new Watcher.WatchIt(target, "target is gone"));
        ExpectMsg("watching");
        Sys.Stop(target);
        probe.ExpectMsg("target is gone");
    }

    [Fact]
    public void DeathWatch_must_stop_a_watcher_that_does_not_handle_Terminated()
    {
        var target = Sys.ActorOf(EchoActor.Props());
        var watcher = Sys.ActorOf(Props.Create(() => new NoTerminatedHandler(target)));
        Watch(watcher);
        Sys.Stop(target);
        ExpectTerminated(watcher); // DeathPactException: the default decider stops it
    }

    private sealed class NoTerminatedHandler : ReceiveActor
    {
        public NoTerminatedHandler(IActorRef target)
        {
            Context.Watch(target);
            Receive<string>(_ => { });
        }
    }

    [Fact]
    public async Task DeathWatch_must_notify_the_TestKit_when_a_child_is_stopped_by_its_parent()
    {
        var parent = Sys.ActorOf(Props.Create(() => new ParentOf()));
        var child = await parent.Ask<IActorRef>("child", TimeSpan.FromSeconds(3));
        Watch(child);
        parent.Tell("stop child");
        ExpectTerminated(child);
    }

    private sealed class ParentOf : ReceiveActor
    {
        public ParentOf()
        {
            var child = Context.ActorOf(EchoActor.Props(), "child");
            Receive<string>(s => s == "child", _ => Sender.Tell(child));
            Receive<string>(s => s == "stop child", _ => Context.Stop(child));
        }
    }
}
