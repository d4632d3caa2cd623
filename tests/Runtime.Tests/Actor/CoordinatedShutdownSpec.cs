using System.Collections.Concurrent;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class CoordinatedShutdownSpec : TestKit.TestKit
{
    [Fact]
    public async Task CoordinatedShutdown_must_run_phases_in_order_then_terminate_the_system()
    {
        var shutdown = CoordinatedShutdown.Get(Sys);
        var ran = new ConcurrentQueue<string>();
        Task<Done> Record(string name)
        {
            ran.Enqueue(name);
            return Task.FromResult(Done.Instance);
        }
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate, "c", () => Record("c"));
        shutdown.AddTask(CoordinatedShutdown.PhaseBeforeServiceUnbind, "a", () => Record("a"));
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "b", () => Record("b"));
        await shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["a", "b", "c"], ran);
        Assert.True(Sys.WhenTerminated.IsCompleted);
        Assert.Same(CoordinatedShutdown.UnknownReason.Instance, shutdown.ShutdownReason);
    }

    [Fact]
    public async Task CoordinatedShutdown_must_be_run_by_Terminate_and_only_once()
    {
        var shutdown = CoordinatedShutdown.Get(Sys);
        var count = 0;
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "count", () =>
        {
            Interlocked.Increment(ref count);
            return Task.FromResult(Done.Instance);
        });
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        await shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(1, count);
        Assert.Same(CoordinatedShutdown.ActorSystemTerminateReason.Instance, shutdown.ShutdownReason);
    }

    [Fact]
    public async Task CoordinatedShutdown_must_go_on_after_a_failing_task()
    {
        var shutdown = CoordinatedShutdown.Get(Sys);
        var later = false;
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceUnbind, "fails", () => Task.FromException<Done>(new InvalidOperationException()));
        shutdown.AddTask(CoordinatedShutdown.PhaseServiceStop, "later", () =>
        {
            later = true;
            return Task.FromResult(Done.Instance);
        });
        await shutdown.Run(CoordinatedShutdown.UnknownReason.Instance).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(later);
    }

    [Fact]
    public void CoordinatedShutdown_must_refuse_unknown_phases() =>
        Assert.Throws<ArgumentException>(() => CoordinatedShutdown.Get(Sys).AddTask("no-such-phase", "x", () => Task.FromResult(Done.Instance)));

    [Fact]
    public async Task Terminate_must_stop_user_actors_before_system_actors()
    {
        var order = new ConcurrentQueue<string>();
        Sys.ActorOf(Props.Create(() => new StopRecorder(order, "user")));
        ((ActorSystemImpl)Sys).SystemActorOf(Props.Create(() => new StopRecorder(order, "system")));
        await Sys.Terminate().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["user", "system"], order);
    }

    private sealed class StopRecorder(ConcurrentQueue<string> order, string name) : ReceiveActor
    {
        protected override void PostStop() => order.Enqueue(name);
    }
}
