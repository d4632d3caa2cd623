using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Scheduling;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Runtime.Tests.Scheduling;

public sealed class SchedulerSpec : TestKit.TestKit
{
    private readonly ManualTimeProvider _clock;

    public SchedulerSpec() : this(new ManualTimeProvider()) { }

    private SchedulerSpec(ManualTimeProvider clock) : base(BootstrapSetup.Create().WithTimeProvider(clock)) => _clock = clock;

    [Fact]
    public void Scheduler_must_tell_once_after_the_delay()
    {
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(5), TestActor, "tick", null);
        _clock.Advance(TimeSpan.FromSeconds(4));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        _clock.Advance(TimeSpan.FromSeconds(60));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Scheduler_must_tell_repeatedly_until_cancelled()
    {
        var cancelable = Sys.Scheduler.ScheduleTellRepeatedlyCancelable(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TestActor, "tick", null);
        _clock.Advance(TimeSpan.FromSeconds(1));
        ExpectMsg("tick");
        _clock.Advance(TimeSpan.FromSeconds(4));
        ExpectMsg("tick");
        ExpectMsg("tick");
        cancelable.Cancel();
        Assert.True(cancelable.IsCancellationRequested);
        _clock.Advance(TimeSpan.FromSeconds(10));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Scheduler_must_honour_a_shared_Cancelable()
    {
        var cancelable = new Cancelable();
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), TestActor, "a", null, cancelable);
        Sys.Scheduler.ScheduleTellOnce(TimeSpan.FromSeconds(1), TestActor, "b", null, cancelable);
        cancelable.Cancel();
        _clock.Advance(TimeSpan.FromSeconds(2));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Scheduler_must_read_the_injected_clock() =>
        Assert.Equal(_clock.GetUtcNow(), Sys.Scheduler.Now);
}
