using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class AskSpec : TestKit.TestKit
{
    private sealed class Replier : ReceiveActor
    {
        public Replier()
        {
            Receive<string>(s => s == "fail", _ => Sender.Tell(new Status.Failure(new InvalidOperationException("nope"))));
            Receive<string>(s => s == "silent", _ => { });
            Receive<string>(s => Sender.Tell(s.Length));
        }
    }

    [Fact]
    public async Task Ask_must_complete_with_the_reply()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        Assert.Equal(5, await actor.Ask<int>("hello", TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task Ask_must_fault_with_the_cause_of_a_Status_Failure_reply()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => actor.Ask<int>("fail", TimeSpan.FromSeconds(3)));
        Assert.Equal("nope", e.Message);
    }

    [Fact]
    public async Task Ask_must_fault_with_ArgumentException_for_a_reply_of_another_type()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        var e = await Assert.ThrowsAsync<ArgumentException>(() => actor.Ask<string>("hello", TimeSpan.FromSeconds(3)));
        Assert.Contains("Ask expected message of type", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_must_time_out_with_AskTimeoutException()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        await Assert.ThrowsAsync<AskTimeoutException>(() => actor.Ask<int>("silent", TimeSpan.FromMilliseconds(100)));
    }

    [Fact]
    public void Ask_must_refuse_zero_or_negative_timeouts()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = actor.Ask<int>("x", TimeSpan.Zero); });
        Assert.Throws<ArgumentOutOfRangeException>(() => { _ = actor.Ask<int>("x", TimeSpan.FromSeconds(-1)); });
    }

    [Fact]
    public async Task Ask_must_be_cancellable()
    {
        var actor = Sys.ActorOf(Props.Create<Replier>());
        using var cts = new CancellationTokenSource();
        var ask = actor.Ask<int>("silent", TimeSpan.FromSeconds(30), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => ask);
    }

    [Fact]
    public async Task Ask_must_use_a_temp_ref_as_sender_that_resolves_by_path()
    {
        var probe = CreateTestProbe();
        var ask = probe.Ref.Ask<string>("question", TimeSpan.FromSeconds(3));
        probe.ExpectMsg("question");
        var tempPath = probe.LastSender.Path;
        Assert.Equal("/temp", tempPath.Parent!.ToStringWithoutAddress());
        Assert.Equal(probe.LastSender, Sys.ResolveActorRef(tempPath));
        probe.Reply("answer");
        Assert.Equal("answer", await ask);
    }

    [Fact]
    public async Task Ask_must_time_out_on_the_systems_clock()
    {
        var clock = new ManualTimeProvider();
        using var kit = new TestKit.TestKit(Spacedrive.Runtime.Actor.BootstrapSetup.Create().WithTimeProvider(clock));
        var actor = kit.Sys.ActorOf(Props.Create<Replier>());
        var ask = actor.Ask<int>("silent", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.False(ask.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await Assert.ThrowsAsync<AskTimeoutException>(() => ask);
    }

    [Fact]
    public async Task PipeTo_must_send_the_result_or_a_Status_Failure()
    {
        await Task.FromResult(7).PipeTo(TestActor);
        ExpectMsg(7);
        await Task.FromException<int>(new InvalidOperationException("bad")).PipeTo(TestActor);
        Assert.Equal("bad", ExpectMsg<Status.Failure>().Cause.Message);
    }
}
