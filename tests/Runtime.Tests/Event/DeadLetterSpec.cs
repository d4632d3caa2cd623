using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Event;
using Spacedrive.Runtime.Tests.Actor;

namespace Spacedrive.Runtime.Tests.Event;

public sealed class DeadLetterSpec : TestKit.TestKit
{
    [Fact]
    public void DeadLetters_must_receive_messages_sent_to_a_stopped_actor()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var actor = Sys.ActorOf(EchoActor.Props());
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        actor.Tell("too late");
        var letter = ExpectMsg<DeadLetter>();
        Assert.Equal("too late", letter.Message);
        Assert.Equal(actor, letter.Recipient);
        Assert.Equal(TestActor, letter.Sender);
    }

    [Fact]
    public void DeadLetters_must_not_loop_through_a_stopped_subscriber_of_dead_letters()
    {
        var subscriber = Sys.ActorOf(EchoActor.Props());
        Sys.EventStream.Subscribe<AllDeadLetters>(subscriber);
        Watch(subscriber);
        Sys.Stop(subscriber);
        ExpectTerminated(subscriber);
        // The stopped subscriber may still be subscribed (its unsubscription is asynchronous): the dead letter below
        // reaches it, bounces, and must not be wrapped and published again without end.
        Sys.EventStream.Subscribe<AllDeadLetters>(subscriber);
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        subscriber.Tell("too late");
        Assert.Equal("too late", ExpectMsg<DeadLetter>().Message);
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void DeadLetters_must_publish_suppressed_letters_separately()
    {
        Sys.EventStream.Subscribe<AllDeadLetters>(TestActor);
        Sys.DeadLetters.Tell(new Suppressed());
        Assert.IsType<SuppressedDeadLetter>(ExpectMsg<AllDeadLetters>());
        Sys.DeadLetters.Tell("plain");
        Assert.IsType<DeadLetter>(ExpectMsg<AllDeadLetters>());
    }

    private sealed record Suppressed : IDeadLetterSuppression;

    [Fact]
    public void DeadLetters_must_receive_replies_to_messages_without_sender()
    {
        Sys.EventStream.Subscribe<DeadLetter>(TestActor);
        var echo = Sys.ActorOf(EchoActor.Props());
        echo.Tell("no one to answer", null);
        Assert.Equal("no one to answer", ExpectMsg<DeadLetter>().Message);
    }

    [Fact]
    public void DeadLetters_must_reject_null_messages() =>
        Assert.Throws<ArgumentNullException>(() => Sys.ActorOf(EchoActor.Props()).Tell(null!, null));
}
