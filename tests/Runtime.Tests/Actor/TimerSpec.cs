using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class TimerSpec : TestKit.TestKit
{
    private readonly ManualTimeProvider _clock;

    public TimerSpec() : this(new ManualTimeProvider()) { }

    private TimerSpec(ManualTimeProvider clock) : base(BootstrapSetup.Create().WithTimeProvider(clock)) => _clock = clock;

    private sealed record Start(object Key, TimeSpan Delay, bool Periodic = false);

    private sealed record CancelTimer(object Key);

    private sealed class TimerActor : ReceiveActor, IWithTimers
    {
        public ITimerScheduler Timers { get; set; } = null!;

        public TimerActor(IActorRef probe)
        {
            Receive<Start>(s =>
            {
                if (s.Periodic) Timers.StartPeriodicTimer(s.Key, "tick-" + s.Key, s.Delay);
                else Timers.StartSingleTimer(s.Key, "tick-" + s.Key, s.Delay);
                Sender.Tell("started");
            });
            Receive<CancelTimer>(c =>
            {
                Timers.Cancel(c.Key);
                Sender.Tell(Timers.IsTimerActive(c.Key));
            });
            Receive<string>(s => s == "active?", _ => Sender.Tell(Timers.ActiveTimers.Count));
            Receive<string>(s => s == "crash", _ => throw new InvalidOperationException());
            Receive<ManualResetEventSlim>(gate => gate.Wait(TimeSpan.FromSeconds(5)));
            Receive<string>(s => probe.Tell(s));
        }
    }

    private IActorRef CreateTimerActor(TestProbe probe) => Sys.ActorOf(Props.Create(() => new TimerActor(probe.Ref)));

    [Fact]
    public void Timers_must_deliver_a_single_timer_once()
    {
        var probe = CreateTestProbe();
        var actor = CreateTimerActor(probe);
        actor.Tell(new Start("a", TimeSpan.FromSeconds(1)));
        ExpectMsg("started");
        _clock.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectMsg("tick-a");
        _clock.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        actor.Tell("active?");
        ExpectMsg(0);
    }

    [Fact]
    public void Timers_must_deliver_a_periodic_timer_until_cancelled()
    {
        var probe = CreateTestProbe();
        var actor = CreateTimerActor(probe);
        actor.Tell(new Start("p", TimeSpan.FromSeconds(1), Periodic: true));
        ExpectMsg("started");
        _clock.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectMsg("tick-p");
        _clock.Advance(TimeSpan.FromSeconds(1));
        probe.ExpectMsg("tick-p");
        actor.Tell(new CancelTimer("p"));
        ExpectMsg(false);
        _clock.Advance(TimeSpan.FromSeconds(5));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Timers_must_drop_a_tick_of_a_replaced_timer_even_when_already_enqueued()
    {
        var probe = CreateTestProbe();
        var actor = CreateTimerActor(probe);
        actor.Tell(new Start("k", TimeSpan.FromSeconds(1)));
        ExpectMsg("started");
        // Keep the actor busy so that the restart command is queued before the first tick.
        using var gate = new ManualResetEventSlim();
        actor.Tell(gate);
        actor.Tell(new Start("k", TimeSpan.FromSeconds(10)));
        _clock.Advance(TimeSpan.FromSeconds(1)); // the tick of the first timer is now queued behind the restart
        gate.Set();
        ExpectMsg("started");
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the stale tick was dropped at dequeue
        _clock.Advance(TimeSpan.FromSeconds(10));
        probe.ExpectMsg("tick-k");
    }

    [Fact]
    public void Timers_must_be_cancelled_on_restart()
    {
        var probe = CreateTestProbe();
        var actor = CreateTimerActor(probe);
        actor.Tell(new Start("r", TimeSpan.FromSeconds(1), Periodic: true));
        ExpectMsg("started");
        actor.Tell("crash");
        actor.Tell("active?");
        ExpectMsg(0);
        _clock.Advance(TimeSpan.FromSeconds(3));
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Timers_must_be_cancelled_on_stop()
    {
        var probe = CreateTestProbe();
        var actor = CreateTimerActor(probe);
        actor.Tell(new Start("s", TimeSpan.FromSeconds(1), Periodic: true));
        ExpectMsg("started");
        Watch(actor);
        Sys.Stop(actor);
        ExpectTerminated(actor);
        AwaitAssert(() => Assert.Equal(0, _clock.ActiveTimerCount));
    }

    [Fact]
    public void ReceiveTimeout_must_fire_after_idle_time_and_reset_on_messages()
    {
        var actor = Sys.ActorOf(Props.Create(() => new Idle(TestActor)));
        ExpectMsg("ready");
        _clock.Advance(TimeSpan.FromSeconds(3));
        actor.Tell("ping"); // resets the timeout
        ExpectMsg("pong");
        _clock.Advance(TimeSpan.FromSeconds(3));
        ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        _clock.Advance(TimeSpan.FromSeconds(2));
        ExpectMsg("timeout");
    }

    private sealed class Idle : ReceiveActor
    {
        public Idle(IActorRef probe)
        {
            Receive<ReceiveTimeout>(_ =>
            {
                probe.Tell("timeout");
                SetReceiveTimeout(null);
            });
            Receive<string>(_ => Sender.Tell("pong"));
            probe.Tell("ready");
        }

        protected override void PreStart() => SetReceiveTimeout(TimeSpan.FromSeconds(5));
    }
}
