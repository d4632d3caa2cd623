using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;
using Spacedrive.Messages.Events;
using Spacedrive.Node.Api;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// Streams the actor system's <see cref="NodeEvent"/>s to API clients: each subscriber gets a small
/// actor on the EventStream that writes into a bounded channel. A slow client loses its oldest
/// events, never slows the node.
/// </summary>
public sealed class EventStreamSource(ActorSystem system) : INodeEventSource
{
    public async IAsyncEnumerable<NodeEventEnvelope> SubscribeAsync(IReadOnlySet<string>? types, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<NodeEvent>(new BoundedChannelOptions(4096) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var bridge = system.ActorOf(Props.Create(() => new EventBridgeActor(channel.Writer)));
        try
        {
            await foreach (var e in channel.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                if (types is not null && !types.Contains(e.EventType)) continue;
                yield return new NodeEventEnvelope(e.EventType, JsonSerializer.SerializeToElement(e, e.GetType(), ApiJson.Options));
            }
        }
        finally
        {
            system.Stop(bridge);
        }
    }

    private sealed class EventBridgeActor : ReceiveActor
    {
        public EventBridgeActor(ChannelWriter<NodeEvent> writer)
        {
            // A block: TryWrite's false (the reader is gone or lagging) must not leave the event unhandled.
            Receive<NodeEvent>(e => { writer.TryWrite(e); });
        }

        protected override void PreStart() => Context.System.EventStream.Subscribe<NodeEvent>(Self);

        protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
    }
}
