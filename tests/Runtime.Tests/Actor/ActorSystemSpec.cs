using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class ActorSystemSpec : TestKit.TestKit
{
    [Fact]
    public void ActorSystem_must_deliver_a_told_message_with_its_sender()
    {
        var echo = Sys.ActorOf(EchoActor.Props(), "echo");
        echo.Tell("hello");
        Assert.Equal("hello", ExpectMsg<string>());
        Assert.Equal(echo, LastSender);
    }

    [Fact]
    public async Task ActorSystem_must_answer_an_ask()
    {
        var echo = Sys.ActorOf(EchoActor.Props());
        Assert.Equal(42, await echo.Ask<int>(42, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task ActorSystem_must_complete_WhenTerminated_after_every_PostStop()
    {
        var probe = CreateTestProbe();
        Sys.ActorOf(LifecycleReporter.Props(probe.Ref), "a");
        probe.ExpectMsg("ctor");
        probe.ExpectMsg("preStart");
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(Sys.WhenTerminated.IsCompletedSuccessfully);
        Assert.Equal("postStop", probe.ExpectMsg<string>());
    }

    [Fact]
    public void ActorSystem_must_refuse_invalid_system_names() =>
        Assert.Throws<ArgumentException>(() => ActorSystem.Create("bad name"));
}
