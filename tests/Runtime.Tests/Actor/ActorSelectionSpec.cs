using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class ActorSelectionSpec : TestKit.TestKit
{
    private sealed class Parent : ReceiveActor
    {
        public Parent()
        {
            Context.ActorOf(EchoActor.Props(), "child-1");
            Context.ActorOf(EchoActor.Props(), "child-2");
            Context.ActorOf(EchoActor.Props(), "other");
            Receive<string>(path => Context.ActorSelection(path).Tell("via " + path, Sender));
        }
    }

    [Fact]
    public void ActorSelection_must_deliver_to_an_absolute_path()
    {
        var echo = Sys.ActorOf(EchoActor.Props(), "echo");
        Sys.ActorSelection("/user/echo").Tell("hi");
        ExpectMsg("hi");
        Assert.Equal(echo, LastSender);
        Sys.ActorSelection(echo.Path.ToString()).Tell("full");
        ExpectMsg("full");
    }

    [Fact]
    public void ActorSelection_must_resolve_relative_paths_from_the_actor()
    {
        var parent = Sys.ActorOf(Props.Create<Parent>(), "parent");
        Sys.ActorOf(EchoActor.Props(), "sibling");
        parent.Tell("child-1");
        ExpectMsg("via child-1");
        Assert.Equal("child-1", LastSender.Path.Name);
        parent.Tell("../sibling");
        ExpectMsg("via ../sibling");
        Assert.Equal("sibling", LastSender.Path.Name);
    }

    [Fact]
    public void ActorSelection_must_support_wildcards()
    {
        var parent = Sys.ActorOf(Props.Create<Parent>(), "parent");
        parent.Tell("child-1"); // the children exist once the parent answers: its constructor made them
        ExpectMsg("via child-1");
        Sys.ActorSelection("/user/parent/child-*").Tell("all");
        var names = new[] { "child-1", "child-2" }.ToHashSet();
        ExpectMsg("all");
        Assert.Contains(LastSender.Path.Name, names);
        ExpectMsg("all");
        Assert.Contains(LastSender.Path.Name, names);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        Sys.ActorSelection("/user/parent/othe?").Tell("one");
        ExpectMsg("one");
        Assert.Equal("other", LastSender.Path.Name);
    }

    [Fact]
    public async Task ActorSelection_must_answer_Identify_and_ResolveOne()
    {
        var echo = Sys.ActorOf(EchoActor.Props(), "echo");
        Sys.ActorSelection("/user/echo").Tell(new Identify(1));
        var identity = ExpectMsg<ActorIdentity>();
        Assert.Equal(1, identity.MessageId);
        Assert.Equal(echo, identity.Subject);
        Sys.ActorSelection("/user/missing").Tell(new Identify(2));
        Assert.Null(ExpectMsg<ActorIdentity>().Subject);
        Assert.Equal(echo, await Sys.ActorSelection("/user/echo").ResolveOne(TimeSpan.FromSeconds(3)));
        await Assert.ThrowsAsync<ActorNotFoundException>(() => Sys.ActorSelection("/user/missing").ResolveOne(TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public void ActorSelection_must_match_wildcards_like_a_glob()
    {
        Assert.True(ActorSelection.WildcardMatch("a*c", "abbbc"));
        Assert.True(ActorSelection.WildcardMatch("a?c", "abc"));
        Assert.True(ActorSelection.WildcardMatch("*", ""));
        Assert.False(ActorSelection.WildcardMatch("a?c", "ac"));
        Assert.False(ActorSelection.WildcardMatch("a*d", "abc"));
    }

    [Fact]
    public void ResolveActorRef_must_find_live_incarnations_only()
    {
        var echo = Sys.ActorOf(EchoActor.Props(), "echo");
        Assert.Equal(echo, Sys.ResolveActorRef(ActorPath.Parse(echo.Path.ToSerializationFormat())));
        Assert.Equal(echo, Sys.ResolveActorRef(echo.Path.WithUid(0)));
        var stale = Sys.ResolveActorRef(echo.Path.WithUid(echo.Path.Uid + 1));
        Assert.NotEqual(echo, stale);
        stale.Tell(new Identify("x"));
        Assert.Null(ExpectMsg<ActorIdentity>().Subject);
    }
}
