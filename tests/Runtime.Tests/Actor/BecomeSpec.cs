using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class BecomeSpec : TestKit.TestKit
{
    private sealed class Switch : ReceiveActor
    {
        public Switch() => Off();

        private void Off()
        {
            Receive<string>(s => s == "state", _ => Sender.Tell("off"));
            Receive<string>(s => s == "toggle", _ => Become(On));
            Receive<string>(s => s == "push", _ => BecomeStacked(Pushed));
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException());
        }

        private void On()
        {
            Receive<string>(s => s == "state", _ => Sender.Tell("on"));
            Receive<string>(s => s == "toggle", _ => Become(Off));
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException());
        }

        private void Pushed()
        {
            Receive<string>(s => s == "state", _ => Sender.Tell("pushed"));
            Receive<string>(s => s == "pop", _ => UnbecomeStacked());
        }
    }

    [Fact]
    public void Become_must_replace_the_behaviour()
    {
        var actor = Sys.ActorOf(Props.Create<Switch>());
        actor.Tell("state");
        ExpectMsg("off");
        actor.Tell("toggle");
        actor.Tell("state");
        ExpectMsg("on");
        actor.Tell("toggle");
        actor.Tell("state");
        ExpectMsg("off");
    }

    [Fact]
    public void BecomeStacked_must_push_and_UnbecomeStacked_pop()
    {
        var actor = Sys.ActorOf(Props.Create<Switch>());
        actor.Tell("push");
        actor.Tell("state");
        ExpectMsg("pushed");
        actor.Tell("pop");
        actor.Tell("state");
        ExpectMsg("off");
    }

    [Fact]
    public void Become_must_revert_to_the_constructor_behaviour_on_restart()
    {
        var actor = Sys.ActorOf(Props.Create<Switch>());
        actor.Tell("toggle");
        actor.Tell("crash");
        actor.Tell("state");
        ExpectMsg("off");
    }

    [Fact]
    public void Receive_must_pick_the_first_matching_handler_and_fall_through_failing_predicates()
    {
        var actor = Sys.ActorOf(Props.Create<Ordered>());
        actor.Tell(5);
        ExpectMsg("small");
        actor.Tell(50);
        ExpectMsg("any int");
        actor.Tell("text");
        ExpectMsg("anything");
    }

    private sealed class Ordered : ReceiveActor
    {
        public Ordered()
        {
            Receive<int>(i => i < 10, _ => Sender.Tell("small"));
            Receive<int>(_ => Sender.Tell("any int"));
            Receive<int>(_ => Sender.Tell("never"));
            ReceiveAny(_ => Sender.Tell("anything"));
        }
    }

    [Fact]
    public void Receive_must_refuse_registration_outside_constructor_and_Become()
    {
        var actor = Sys.ActorOf(Props.Create<LateRegistration>());
        actor.Tell("register");
        Assert.Contains("only call Receive-methods", ExpectMsg<string>(), StringComparison.Ordinal);
    }

    private sealed class LateRegistration : ReceiveActor
    {
        public LateRegistration()
        {
            Receive<string>(_ =>
            {
                try
                {
                    Receive<int>(_ => { });
                }
                catch (InvalidOperationException e)
                {
                    Sender.Tell(e.Message);
                }
            });
        }
    }

    [Fact]
    public void UntypedActor_must_receive_and_publish_unhandled_messages()
    {
        Sys.EventStream.Subscribe<UnhandledMessage>(TestActor);
        var actor = Sys.ActorOf(Props.Create<Untyped>());
        actor.Tell("hi");
        ExpectMsg("untyped hi");
        actor.Tell(42);
        var unhandled = ExpectMsg<UnhandledMessage>();
        Assert.Equal(42, unhandled.Message);
        Assert.Equal(actor, unhandled.Recipient);
    }

    private sealed class Untyped : UntypedActor
    {
        protected override void OnReceive(object message)
        {
            if (message is string s) Sender.Tell("untyped " + s);
            else Unhandled(message);
        }
    }
}
