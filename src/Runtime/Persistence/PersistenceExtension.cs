using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Persistence;

/// <summary>
/// The journals and snapshot stores of one actor system, by plugin id (Akka's <c>Persistence</c> extension, with the
/// plugin instances injected instead of configured). A persistent actor uses the journal named by its
/// <see cref="ReceivePersistentActor.JournalPluginId"/> (null = <see cref="DefaultPluginId"/>), so each library can
/// register its own <c>journal.db</c> under its own id.
/// </summary>
/// <example>
/// <code>
/// await using var db = SqlitePersistence.Open(Path.Combine(libraryDir, "journal.db"), registry);
/// system.RegisterPersistence(db.Journal, db.SnapshotStore, pluginId: "library-" + libraryId);
/// // in the actor: public override string? JournalPluginId => "library-" + libraryId;
/// </code>
/// </example>
public sealed class PersistenceExtension
{
    /// <summary>The id used when an actor names no plugin.</summary>
    public const string DefaultPluginId = "default";

    private static readonly ConditionalWeakTable<ActorSystem, PersistenceExtension> s_extensions = [];

    private readonly ConcurrentDictionary<string, IJournal> _journals = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ISnapshotStore> _snapshotStores = new(StringComparer.Ordinal);

    private PersistenceExtension() { }

    /// <summary>The extension of <paramref name="system"/>, created on first use.</summary>
    public static PersistenceExtension Get(ActorSystem system)
    {
        ArgumentNullException.ThrowIfNull(system);
        return s_extensions.GetValue(system, static _ => new PersistenceExtension());
    }

    /// <summary>Registers (or replaces) the journal with that id; actors started later use it.</summary>
    public PersistenceExtension RegisterJournal(IJournal journal, string? pluginId = null)
    {
        ArgumentNullException.ThrowIfNull(journal);
        _journals[pluginId ?? DefaultPluginId] = journal;
        return this;
    }

    /// <summary>Registers (or replaces) the snapshot store with that id; actors started later use it.</summary>
    public PersistenceExtension RegisterSnapshotStore(ISnapshotStore snapshotStore, string? pluginId = null)
    {
        ArgumentNullException.ThrowIfNull(snapshotStore);
        _snapshotStores[pluginId ?? DefaultPluginId] = snapshotStore;
        return this;
    }

    /// <summary>Removes the journal and snapshot store with that id (for example when a library closes).</summary>
    public void Unregister(string? pluginId = null)
    {
        _journals.TryRemove(pluginId ?? DefaultPluginId, out _);
        _snapshotStores.TryRemove(pluginId ?? DefaultPluginId, out _);
    }

    /// <exception cref="InvalidOperationException">No journal has that id.</exception>
    public IJournal JournalFor(string? pluginId) =>
        _journals.TryGetValue(pluginId ?? DefaultPluginId, out var journal)
            ? journal
            : throw new InvalidOperationException(
                $"No journal is registered under '{pluginId ?? DefaultPluginId}'; call system.RegisterPersistence(journal, snapshotStore, \"{pluginId ?? DefaultPluginId}\") first.");

    /// <summary>The snapshot store with that id, or null: then loading finds no snapshot and saving fails.</summary>
    public ISnapshotStore? SnapshotStoreFor(string? pluginId) =>
        _snapshotStores.TryGetValue(pluginId ?? DefaultPluginId, out var store) ? store : null;
}

public static class PersistenceActorSystemExtensions
{
    /// <summary>Registers a journal and optionally a snapshot store under <paramref name="pluginId"/> (null = default).</summary>
    public static ActorSystem RegisterPersistence(this ActorSystem system, IJournal journal, ISnapshotStore? snapshotStore = null, string? pluginId = null)
    {
        var extension = PersistenceExtension.Get(system).RegisterJournal(journal, pluginId);
        if (snapshotStore is not null)
        {
            extension.RegisterSnapshotStore(snapshotStore, pluginId);
        }

        return system;
    }
}
