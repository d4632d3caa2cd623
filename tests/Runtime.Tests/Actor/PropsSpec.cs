using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class PropsSpec : TestKit.TestKit
{
    private sealed class Greeter : ReceiveActor
    {
        public Greeter() : this("hello") { }

        public Greeter(string greeting) => Receive<string>(name => Sender.Tell(greeting + " " + name));
    }

    [Fact]
    public void Props_must_create_actors_in_all_three_forms()
    {
        Sys.ActorOf(Props.Create<Greeter>()).Tell("a");
        ExpectMsg("hello a");
        Sys.ActorOf(Props.Create(() => new Greeter("hi"))).Tell("b");
        ExpectMsg("hi b");
        Sys.ActorOf(Props.Create(typeof(Greeter), "hey")).Tell("c");
        ExpectMsg("hey c");
    }

    [Fact]
    public void Props_must_refuse_non_actor_types_and_non_new_expressions()
    {
        Assert.Throws<ArgumentException>(() => Props.Create(typeof(string)));
        Assert.Throws<ArgumentException>(() => Props.Create(() => Build()));
    }

    private static Greeter Build() => throw new InvalidOperationException();

    [Fact]
    public void Props_must_call_the_factory_again_on_every_restart()
    {
        var created = 0;
        var actor = Sys.ActorOf(Props.Create(() => new Counting(() => Interlocked.Increment(ref created))));
        actor.Tell("crash");
        actor.Tell("crash");
        actor.Tell("ping");
        ExpectMsg("pong");
        Assert.Equal(3, Volatile.Read(ref created));
    }

    private sealed class Counting : ReceiveActor
    {
        public Counting(Action onCreate)
        {
            onCreate();
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException());
            Receive<string>(_ => Sender.Tell("pong"));
        }
    }

    [Fact]
    public void Forward_must_keep_the_original_sender()
    {
        var echo = Sys.ActorOf(EchoActor.Props());
        var forwarder = Sys.ActorOf(Props.Create(() => new Forwarder(echo)));
        forwarder.Tell("through");
        ExpectMsg("through");
        Assert.Equal(echo, LastSender); // the echo replied straight to the TestActor
    }

    private sealed class Forwarder : ReceiveActor
    {
        public Forwarder(IActorRef target) => ReceiveAny(m => target.Forward(m));
    }

    [Fact]
    public void Context_must_list_children_and_find_them_by_name()
    {
        var parent = Sys.ActorOf(Props.Create<ChildLister>());
        parent.Tell("list");
        Assert.Equal(["x", "y"], ExpectMsg<string[]>());
        parent.Tell("missing");
        ExpectMsg(true);
    }

    private sealed class ChildLister : ReceiveActor
    {
        public ChildLister()
        {
            Context.ActorOf(EchoActor.Props(), "x");
            Context.ActorOf(EchoActor.Props(), "y");
            Receive<string>(s => s == "list", _ => Sender.Tell(Context.Children.Select(c => c.Path.Name).Order().ToArray()));
            Receive<string>(s => s == "missing", _ => Sender.Tell(Context.Child("z") is Nobody && Context.Child("x").Path.Name == "x"));
        }
    }
}
