namespace Spacedrive.Storage.Library.Migrations;

/// <summary>The library.db schema history, oldest first. Append only.</summary>
public static class LibraryMigrations
{
    public static IReadOnlyList<LibraryMigration> All { get; } =
    [
        new M001InitialSchema(),
        new M002EntryNameSearch(),
        new M003SearchIndexes(),
        new M004LocationRules(),
        new M005CompactNameSearch(),
        new M006BinaryEntryUuids(),
    ];

    public static int LatestVersion => All[^1].Version;
}
