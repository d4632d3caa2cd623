using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Event;

public sealed class EventStreamSpec : TestKit.TestKit
{
    private abstract record Animal;

    private sealed record Dog(string Name) : Animal;

    private sealed record Cat(string Name) : Animal;

    [Fact]
    public void EventStream_must_deliver_by_type_including_subclasses()
    {
        var animals = CreateTestProbe();
        var dogs = CreateTestProbe();
        Sys.EventStream.Subscribe<Animal>(animals.Ref);
        Sys.EventStream.Subscribe<Dog>(dogs.Ref);
        Sys.EventStream.Publish(new Dog("rex"));
        Sys.EventStream.Publish(new Cat("tom"));
        animals.ExpectMsg(new Dog("rex"));
        animals.ExpectMsg(new Cat("tom"));
        dogs.ExpectMsg(new Dog("rex"));
        dogs.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void EventStream_must_stop_delivering_after_Unsubscribe()
    {
        var probe = CreateTestProbe();
        Assert.True(Sys.EventStream.Subscribe<string>(probe.Ref));
        Assert.False(Sys.EventStream.Subscribe<string>(probe.Ref));
        Assert.True(Sys.EventStream.Unsubscribe(probe.Ref, typeof(string)));
        Sys.EventStream.Publish("hello");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void EventStream_must_remove_terminated_subscribers()
    {
        var subscriber = Sys.ActorOf(Tests.Actor.EchoActor.Props());
        Sys.EventStream.Subscribe<string>(subscriber);
        Watch(subscriber);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);
        AwaitAssert(() => Assert.False(Sys.EventStream.IsSubscribed(subscriber)));
    }

    [Fact]
    public void EventStream_must_keep_removing_terminated_subscribers_after_one_unsubscribed_itself()
    {
        // The unsubscriber is told of every subscriber's death; one that had already unsubscribed (as actors do in
        // PostStop) is not a subscriber any more, and that must not stop the unsubscriber (it did: a death pact).
        var first = Sys.ActorOf(Tests.Actor.EchoActor.Props());
        Sys.EventStream.Subscribe<string>(first);
        Assert.True(Sys.EventStream.Unsubscribe(first));
        Watch(first);
        Sys.Stop(first);
        ExpectTerminated(first);

        var second = Sys.ActorOf(Tests.Actor.EchoActor.Props());
        Sys.EventStream.Subscribe<string>(second);
        Watch(second);
        Sys.Stop(second);
        ExpectTerminated(second);
        AwaitAssert(() => Assert.False(Sys.EventStream.IsSubscribed(second)));
    }
}
