using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Tests.Actor;

public sealed class MailboxOrderingSpec : TestKit.TestKit
{
    /// <summary>Records whether two messages ever overlap, and whether any sender's sequence has a gap.</summary>
    private sealed class Recorder : ReceiveActor
    {
        private readonly Dictionary<int, int> _lastSeq = [];
        private int _inside;
        private bool _violation;

        public Recorder()
        {
            Receive<(int Sender, int Seq)>(m =>
            {
                if (Interlocked.Increment(ref _inside) != 1) _violation = true;
                if (_lastSeq.TryGetValue(m.Sender, out var last) && last != m.Seq - 1) _violation = true;
                _lastSeq[m.Sender] = m.Seq;
                Interlocked.Decrement(ref _inside);
            });
            Receive<string>(s => s == "report", _ => Sender.Tell((_violation, _lastSeq.Values.Sum())));
        }
    }

    [Fact]
    public async Task Mailbox_must_process_one_message_at_a_time_and_keep_order_per_sender()
    {
        const int senders = 4;
        const int perSender = 5_000;
        var recorder = Sys.ActorOf(Props.Create<Recorder>());
        var tasks = Enumerable.Range(0, senders).Select(s => Task.Run(() =>
        {
            for (var i = 1; i <= perSender; i++) recorder.Tell((s, i), null);
        }));
        await Task.WhenAll(tasks);
        var (violation, sum) = await recorder.Ask<(bool, int)>("report", TimeSpan.FromSeconds(10));
        Assert.False(violation);
        Assert.Equal(senders * perSender, sum);
    }

    private sealed class Blocker : ReceiveActor
    {
        public Blocker(ManualResetEventSlim gate, IActorRef probe)
        {
            Receive<string>(s => s == "block", _ => gate.Wait(TimeSpan.FromSeconds(10)));
            ReceiveAny(m => probe.Tell(m));
        }
    }

    [Fact]
    public void Mailbox_must_let_system_messages_overtake_user_messages()
    {
        using var gate = new ManualResetEventSlim();
        var probe = CreateTestProbe();
        var actor = Sys.ActorOf(Props.Create(() => new Blocker(gate, probe.Ref)));
        actor.Tell("block");
        actor.Tell("queued-1");
        actor.Tell("queued-2");
        Watch(actor);
        Sys.Stop(actor); // a system message: processed right after the current one
        gate.Set();
        ExpectTerminated(actor);
        probe.ExpectNoMsg(TimeSpan.FromMilliseconds(200)); // the queued user messages became dead letters
    }
}
