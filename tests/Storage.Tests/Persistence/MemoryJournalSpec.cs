using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Tests.Persistence;

public sealed class MemoryJournalSpec : JournalSpec
{
    private MemoryJournal? _journal;
    private MemorySnapshotStore? _snapshots;

    protected override PersistenceUnderTest Open(PersistenceSerializerRegistry registry)
    {
        _journal = _journal is null ? new MemoryJournal(registry) : _journal.WithRegistry(registry);
        _snapshots = _snapshots is null ? new MemorySnapshotStore(registry) : _snapshots.WithRegistry(registry);
        return new PersistenceUnderTest(_journal, _journal, _snapshots);
    }
}
