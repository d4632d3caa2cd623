using System.Collections.Concurrent;

namespace Spacedrive.Actors.Jobs;

/// <summary>
/// Objects a library offers to the work of its jobs, by type (e.g. the indexer's access to library.db). Registered by
/// the LibraryActor before its job manager starts; read by jobs through <see cref="JobContext{TState}.Services"/>.
/// </summary>
public sealed class JobServices
{
    private readonly ConcurrentDictionary<Type, object> _services = new();

    public static JobServices Empty => new();

    public JobServices Add<T>(T service)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(service);
        _services[typeof(T)] = service;
        return this;
    }

    public T? Get<T>()
        where T : class => _services.TryGetValue(typeof(T), out var service) ? (T)service : null;

    public T Require<T>()
        where T : class => Get<T>() ?? throw new InvalidOperationException($"This library offers its jobs no {typeof(T).Name}.");
}
