using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class SupervisionSpec : TestKit.TestKit
{
    /// <summary>Counts messages; throws what it is told to throw; answers "count" with its count.</summary>
    private sealed class Counter : ReceiveActor
    {
        private int _count;

        public Counter(IActorRef probe)
        {
            probe.Tell("started", Self);
            Receive<Exception>(e => throw e);
            Receive<string>(s => s == "count", _ => Sender.Tell(_count));
            ReceiveAny(_ => _count++);
        }
    }

    /// <summary>A parent with a given strategy that creates children on request.</summary>
    private sealed class Supervisor : ReceiveActor
    {
        private readonly SupervisorStrategy _strategy;

        public sealed record CreateChild(Props Props, string Name);

        public Supervisor(SupervisorStrategy strategy)
        {
            _strategy = strategy;
            Receive<CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => _strategy;
    }

    private IActorRef CreateSupervisor(SupervisorStrategy strategy) =>
        Sys.ActorOf(Props.Create(() => new Supervisor(strategy)));

    private IActorRef CreateChild(IActorRef supervisor, IActorRef probe, string name)
    {
        supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new Counter(probe)), name));
        return ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Supervision_must_restart_by_default_losing_state_but_keeping_ref_and_mailbox()
    {
        var probe = CreateTestProbe();
        var child = Sys.ActorOf(Props.Create(() => new Counter(probe.Ref)));
        probe.ExpectMsg("started");
        child.Tell("a");
        child.Tell(new InvalidOperationException("boom"));
        child.Tell("b");
        probe.ExpectMsg("started");
        child.Tell("count");
        ExpectMsg(1); // "a" was lost with the old state; "b" (queued during the restart) was kept
    }

    [Fact]
    public void Supervision_must_resume_keeping_state()
    {
        var probe = CreateTestProbe();
        var supervisor = CreateSupervisor(new OneForOneStrategy(_ => Directive.Resume));
        var child = CreateChild(supervisor, probe.Ref, "c");
        probe.ExpectMsg("started");
        child.Tell("a");
        child.Tell(new InvalidOperationException("boom"));
        child.Tell("count");
        ExpectMsg(1);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Supervision_must_stop_on_Stop_directive()
    {
        var probe = CreateTestProbe();
        var supervisor = CreateSupervisor(new OneForOneStrategy(_ => Directive.Stop));
        var child = CreateChild(supervisor, probe.Ref, "c");
        Watch(child);
        child.Tell(new InvalidOperationException("boom"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Supervision_must_stop_a_child_whose_constructor_throws()
    {
        var child = Sys.ActorOf(Props.Create(() => new ThrowingConstructor()));
        Watch(child);
        ExpectTerminated(child);
    }

    private sealed class ThrowingConstructor : ReceiveActor
    {
        public ThrowingConstructor() => throw new InvalidOperationException("cannot start");
    }

    [Fact]
    public void Supervision_must_escalate_to_the_grandparent()
    {
        var probe = CreateTestProbe();
        var supervisor = CreateSupervisor(new OneForOneStrategy(_ => Directive.Escalate));
        var child = CreateChild(supervisor, probe.Ref, "c");
        probe.ExpectMsg("started");
        Watch(child);
        child.Tell(new InvalidOperationException("boom"));
        // The supervisor fails and is restarted by the user guardian; its default PreRestart stops the child.
        ExpectTerminated(child);
        supervisor.Tell(new Supervisor.CreateChild(EchoActor.Props(), "c"));
        ExpectMsg<IActorRef>();
    }

    [Fact]
    public void Supervision_must_stop_after_maxNrOfRetries()
    {
        var probe = CreateTestProbe();
        var supervisor = CreateSupervisor(new OneForOneStrategy(2, null, _ => Directive.Restart));
        var child = CreateChild(supervisor, probe.Ref, "c");
        Watch(child);
        probe.ExpectMsg("started");
        for (var i = 0; i < 2; i++)
        {
            child.Tell(new InvalidOperationException("boom"));
            probe.ExpectMsg("started");
        }
        child.Tell(new InvalidOperationException("third"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Supervision_must_never_restart_when_maxNrOfRetries_is_zero()
    {
        var probe = CreateTestProbe();
        var supervisor = CreateSupervisor(new OneForOneStrategy(0, null, _ => Directive.Restart));
        var child = CreateChild(supervisor, probe.Ref, "c");
        Watch(child);
        child.Tell(new InvalidOperationException("boom"));
        ExpectTerminated(child);
    }

    [Fact]
    public void Supervision_must_restart_all_children_with_AllForOne()
    {
        var probe1 = CreateTestProbe();
        var probe2 = CreateTestProbe();
        var supervisor = CreateSupervisor(new AllForOneStrategy(_ => Directive.Restart));
        var first = CreateChild(supervisor, probe1.Ref, "first");
        CreateChild(supervisor, probe2.Ref, "second");
        probe1.ExpectMsg("started");
        probe2.ExpectMsg("started");
        first.Tell(new InvalidOperationException("boom"));
        probe1.ExpectMsg("started");
        probe2.ExpectMsg("started");
    }

    [Fact]
    public void Supervision_must_stop_all_children_with_AllForOne_Stop()
    {
        var probe = CreateTestProbe();
        var supervisor = CreateSupervisor(new AllForOneStrategy(_ => Directive.Stop));
        var first = CreateChild(supervisor, probe.Ref, "first");
        var second = CreateChild(supervisor, probe.Ref, "second");
        Watch(first);
        Watch(second);
        first.Tell(new InvalidOperationException("boom"));
        var stopped = new[] { ExpectMsg<Terminated>().ActorRef, ExpectMsg<Terminated>().ActorRef };
        Assert.Contains(first, stopped);
        Assert.Contains(second, stopped);
    }

    [Fact]
    public void Supervision_must_see_the_failed_child_as_Sender_in_the_decider()
    {
        var probe = CreateTestProbe();
        var supervisor = Sys.ActorOf(Props.Create(() => new SenderCapturingSupervisor(probe.Ref)));
        supervisor.Tell(new Supervisor.CreateChild(Props.Create(() => new Counter(probe.Ref)), "c"));
        var child = ExpectMsg<IActorRef>();
        probe.ExpectMsg("started");
        child.Tell(new InvalidOperationException("boom"));
        Assert.Equal(child, probe.ExpectMsg<IActorRef>());
    }

    private sealed class SenderCapturingSupervisor : ReceiveActor
    {
        private readonly IActorRef _probe;

        public SenderCapturingSupervisor(IActorRef probe)
        {
            _probe = probe;
            Receive<Supervisor.CreateChild>(c => Sender.Tell(Context.ActorOf(c.Props, c.Name)));
        }

        protected override SupervisorStrategy SupervisorStrategy() => new OneForOneStrategy(_ =>
        {
            _probe.Tell(Sender);
            return Directive.Resume;
        });
    }

    [Fact]
    public void Supervision_must_count_retries_within_a_time_window()
    {
        var stats = new ChildRestartStats(Nobody.Instance);
        var window = TimeSpan.FromSeconds(10);
        Assert.True(stats.RequestRestartPermission(2, window, 0));
        Assert.True(stats.RequestRestartPermission(2, window, 1_000));
        Assert.False(stats.RequestRestartPermission(2, window, 2_000)); // third restart inside the window
        Assert.True(stats.RequestRestartPermission(2, window, 20_000)); // window passed: counter resets
        Assert.True(stats.RequestRestartPermission(2, window, 21_000));
        Assert.False(stats.RequestRestartPermission(2, window, 22_000));
    }

    [Fact]
    public void Supervision_must_restart_unlimited_without_limits() =>
        Assert.All(Enumerable.Range(0, 100), i => Assert.True(new ChildRestartStats(Nobody.Instance).RequestRestartPermission(null, null, i)));
}
