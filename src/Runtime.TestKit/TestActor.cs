using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Dispatch;

namespace Spacedrive.Runtime.TestKit;

/// <summary>The actor behind a TestKit or TestProbe: queues everything it receives (including Terminated).</summary>
internal sealed class TestActor : ReceiveActor
{
    public sealed record WatchCommand(IActorRef Target);

    public sealed record UnwatchCommand(IActorRef Target);

    public TestActor(TestMessageQueue queue)
    {
        Receive<WatchCommand>(w => Context.Watch(w.Target));
        Receive<UnwatchCommand>(u => Context.Unwatch(u.Target));
        ReceiveAny(message => queue.Add(new Envelope(message, Sender)));
    }
}
