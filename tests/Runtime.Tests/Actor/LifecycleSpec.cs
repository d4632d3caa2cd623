using System.Runtime.CompilerServices;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class LifecycleSpec : TestKit.TestKit
{
    private sealed class Parent : ReceiveActor
    {
        public Parent(IActorRef probe)
        {
            Context.ActorOf(LifecycleReporter.Props(probe), "child");
            ReceiveAny(_ => { });
        }

        protected override void PostStop() => Context.System.EventStream.Publish("parent stopped");
    }

    [Fact]
    public void Lifecycle_must_run_constructor_then_PreStart_asynchronously_after_ActorOf()
    {
        var probe = CreateTestProbe();
        Sys.ActorOf(LifecycleReporter.Props(probe.Ref));
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");
    }

    [Fact]
    public void Lifecycle_must_stop_children_before_the_parent_and_run_PostStop_once()
    {
        var probe = CreateTestProbe();
        Sys.EventStream.Subscribe<string>(probe.Ref);
        var parent = Sys.ActorOf(Props.Create(() => new Parent(probe.Ref)), "parent");
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");
        Sys.Stop(parent);
        probe.ExpectMsg("postStop");
        probe.ExpectMsg("parent stopped");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Lifecycle_must_process_queued_messages_before_a_PoisonPill()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(LifecycleReporter.Props(probe.Ref));
        actor.Tell(1);
        actor.Tell(2);
        actor.Tell(PoisonPill.Instance);
        actor.Tell(3);
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");
        probe.ExpectMsg(1);
        probe.ExpectMsg(2);
        probe.ExpectMsg("postStop");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200));
    }

    [Fact]
    public void Lifecycle_must_call_restart_hooks_with_the_failed_message_and_keep_the_ref()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(LifecycleReporter.Props(probe.Ref));
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");
        actor.Tell("throw");
        Assert.Equal(("preRestart", (object?)"throw"), probe.ExpectMsg<(string, object?)>());
        probe.ExpectMsg("postStop"); // default PreRestart calls PostStop
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("postRestart");
        probe.ExpectMsg("preStart"); // default PostRestart calls PreStart
        actor.Tell("after");
        probe.ExpectMsg("after");
    }

    [Fact]
    public void Lifecycle_must_stop_on_Kill()
    {
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(LifecycleReporter.Props(probe.Ref));
        Watch(actor);
        actor.Tell(Kill.Instance);
        ExpectTerminated(actor);
        probe.FishForMessage(m => m is "postStop");
    }

    private sealed class SlowPostStop(StrongBox<bool> stopped) : ReceiveActor
    {
        protected override void PostStop()
        {
            Thread.SpinWait(100_000); // widen the window in which an early completion would show
            Volatile.Write(ref stopped.Value, true);
        }
    }

    [Fact]
    public async Task Lifecycle_must_complete_GracefulStop_after_PostStop()
    {
        var stopped = new StrongBox<bool>();
        var actor = Sys.ActorOf(Props.Create(() => new SlowPostStop(stopped)));
        Assert.True(await actor.GracefulStop(TimeSpan.FromSeconds(3)));
        Assert.True(Volatile.Read(ref stopped.Value));
    }

    [Fact]
    public async Task Lifecycle_must_answer_false_from_GracefulStop_on_timeout()
    {
        var clockless = CreateTestProbe(); // a probe never stops on a custom stop message it does not understand
        Assert.False(await clockless.Ref.GracefulStop(TimeSpan.FromMilliseconds(200), "not a stop message"));
    }

    [Fact]
    public void Lifecycle_must_refuse_duplicate_and_invalid_child_names_and_generate_dollar_names()
    {
        Sys.ActorOf(EchoActor.Props(), "same");
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(EchoActor.Props(), "same"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(EchoActor.Props(), "$reserved"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(EchoActor.Props(), "has space"));
        Assert.Throws<InvalidActorNameException>(() => Sys.ActorOf(EchoActor.Props(), ""));
        var generated = Sys.ActorOf(EchoActor.Props());
        Assert.StartsWith("$", generated.Path.Name, StringComparison.Ordinal);
        Assert.Equal("/user/" + generated.Path.Name, generated.Path.ToStringWithoutAddress());
    }

    [Fact]
    public void Lifecycle_must_free_a_name_once_the_child_has_terminated()
    {
        var first = Sys.ActorOf(EchoActor.Props(), "reused");
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);
        AwaitAssert(() => Sys.ActorOf(EchoActor.Props(), "reused"));
    }

    [Fact]
    public void Lifecycle_must_refuse_creating_an_actor_with_new() =>
        Assert.Throws<ActorInitializationException>(() => new EchoActor());
}
