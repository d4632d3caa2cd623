using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Dispatch;

namespace Spacedrive.Runtime.Tests.Dispatch;

public sealed class DispatcherSpec : TestKit.TestKit
{
    private sealed class ThreadReporter : ReceiveActor
    {
        public ThreadReporter() => ReceiveAny(_ => Sender.Tell((Thread.CurrentThread.IsThreadPoolThread, Thread.CurrentThread.Name ?? "")));
    }

    [Fact]
    public void Dispatcher_must_run_default_actors_on_the_thread_pool()
    {
        var actor = Sys.ActorOf(Props.Create<ThreadReporter>());
        actor.Tell("where");
        Assert.True(ExpectMsg<(bool IsPool, string Name)>().IsPool);
    }

    [Fact]
    public void Dispatcher_must_run_blocking_io_actors_on_their_own_threads()
    {
        var actor = Sys.ActorOf(Props.Create<ThreadReporter>().WithDispatcher(Dispatchers.BlockingIoDispatcherId));
        actor.Tell("where");
        var (isPool, name) = ExpectMsg<(bool IsPool, string Name)>();
        Assert.False(isPool);
        Assert.StartsWith(Dispatchers.BlockingIoDispatcherId, name, StringComparison.Ordinal);
    }

    [Fact]
    public void Dispatcher_must_use_configured_throughput_and_refuse_unknown_ids()
    {
        Assert.Equal(30, Sys.Dispatchers.DefaultDispatcher.Throughput);
        var blocking = Assert.IsType<DedicatedThreadPoolDispatcher>(Sys.Dispatchers.Lookup(Dispatchers.BlockingIoDispatcherId));
        Assert.Equal(4, blocking.ThreadCount);
        Assert.Throws<ConfigurationException>(() => Sys.ActorOf(Props.Create<ThreadReporter>().WithDispatcher("no.such.dispatcher")));
    }

    [Fact]
    public async Task Dispatcher_must_not_need_a_thread_per_actor()
    {
        var actors = Enumerable.Range(0, 2_000).Select(_ => Sys.ActorOf(Props.Create<ThreadReporter>())).ToArray();
        var replies = await Task.WhenAll(actors.Select(a => a.Ask<(bool IsPool, string Name)>("where", TimeSpan.FromSeconds(10))));
        Assert.All(replies, r => Assert.True(r.IsPool));
        Assert.True(System.Diagnostics.Process.GetCurrentProcess().Threads.Count < 500);
    }
}
