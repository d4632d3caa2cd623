using System.Collections.Concurrent;
using Spacedrive.Runtime.Configuration;
using Spacedrive.Runtime.Dispatch;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Dispatchers by config path. <c>spacedrive.actor.default-dispatcher</c> runs on the thread pool;
/// <c>spacedrive.actor.blocking-io-dispatcher</c> has its own threads for actors that block.
/// </summary>
public sealed class Dispatchers
{
    public const string DefaultDispatcherId = Props.DefaultDispatcherId;
    public const string BlockingIoDispatcherId = "spacedrive.actor.blocking-io-dispatcher";

    private readonly Config _config;
    private readonly ConcurrentDictionary<string, MessageDispatcher> _dispatchers = new(StringComparer.Ordinal);

    internal Dispatchers(Config config)
    {
        _config = config;
        DefaultDispatcher = Lookup(DefaultDispatcherId);
    }

    public MessageDispatcher DefaultDispatcher { get; }

    public MessageDispatcher Lookup(string id) =>
        _dispatchers.TryGetValue(id, out var dispatcher) ? dispatcher : _dispatchers.GetOrAdd(id, Create);

    private MessageDispatcher Create(string id)
    {
        var known = id is DefaultDispatcherId or BlockingIoDispatcherId;
        if (!known && !_config.HasPath(id)) throw new ConfigurationException($"Dispatcher [{id}] not configured");
        var section = _config.GetConfig(id);
        var blocking = id == BlockingIoDispatcherId;
        var type = section.GetString("type", blocking ? "dedicated-thread-pool" : "thread-pool");
        var throughput = section.GetInt("throughput", blocking ? 1 : 30);
        return type switch
        {
            "thread-pool" => new ThreadPoolDispatcher(id, throughput),
            "dedicated-thread-pool" => new DedicatedThreadPoolDispatcher(id, throughput, section.GetInt("thread-count", 4)),
            _ => throw new ConfigurationException($"Dispatcher [{id}] has unknown type [{type}]"),
        };
    }

    internal void Shutdown()
    {
        foreach (var dispatcher in _dispatchers.Values) dispatcher.Shutdown();
    }
}
