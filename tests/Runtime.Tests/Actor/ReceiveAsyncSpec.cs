using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class ReceiveAsyncSpec : TestKit.TestKit
{
    /// <summary>Awaits an external task per message; records overlap and keeps Sender across awaits.</summary>
    private sealed class AsyncWorker : ReceiveActor
    {
        private int _inside;

        public AsyncWorker(Func<string, Task> work)
        {
            ReceiveAsync<string>(async s =>
            {
                if (Interlocked.Increment(ref _inside) != 1) Sender.Tell("overlap");
                await work(s);
                await Task.Yield();
                Interlocked.Decrement(ref _inside);
                if (s == "fail") throw new InvalidOperationException("async failure");
                Sender.Tell("done " + s); // Sender is still the original sender after the awaits
            });
            Receive<int>(i => Sender.Tell(i));
        }
    }

    [Fact]
    public void ReceiveAsync_must_suspend_the_mailbox_until_the_task_completes()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(s => s == "slow" ? gate.Task : Task.CompletedTask)));
        actor.Tell("slow");
        actor.Tell(1);
        actor.Tell("fast");
        ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // 1 waits behind the suspended handler
        gate.SetResult();
        ExpectMsg("done slow");
        ExpectMsg(1);
        ExpectMsg("done fast");
    }

    private static Task HopOffTheActor(string _) => Task.Run(() => { });

    [Fact]
    public void ReceiveAsync_must_treat_a_faulted_task_as_a_failure_and_restart()
    {
        var actor = Sys.ActorOf(Props.Create(() => new AsyncWorker(HopOffTheActor)));
        actor.Tell("fail");
        actor.Tell(7);
        ExpectMsg(7); // restarted (default strategy) and the mailbox resumed; no "done fail" reply
    }

    [Fact]
    public void ReceiveAsync_must_run_continuations_inside_the_actor()
    {
        var actor = Sys.ActorOf(Props.Create<ContextChecker>());
        actor.Tell("check");
        ExpectMsg(true);
    }

    private sealed class ContextChecker : ReceiveActor
    {
        public ContextChecker()
        {
            ReceiveAsync<string>(async _ =>
            {
                var self = Self;
                await Task.Run(() => { }); // a real hop off the actor and back
                Sender.Tell(ReferenceEquals(Self, self) && ImplicitSender.Current == Self);
            });
        }
    }
}
