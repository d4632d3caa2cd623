using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Library.Migrations;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

public class MigrationsSpec
{
    private static readonly LibraryOpenOptions Options = LibraryOpenOptions.Default;

    public static TheoryData<int> OlderVersions()
    {
        var data = new TheoryData<int>();
        for (var version = 1; version < LibraryMigrations.LatestVersion; version++)
        {
            data.Add(version);
        }
        return data;
    }

    /// <summary>
    /// For every released version v: a database made by v, holding data written at v, must upgrade to
    /// the latest version with its data intact and pass SQLite's integrity and foreign-key checks.
    /// </summary>
    [Theory]
    [MemberData(nameof(OlderVersions))]
    public void A_database_made_by_an_older_version_must_upgrade_to_the_latest(int version)
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, version, Options);
        using (var old = LibraryDatabase.Connect(path, SqliteOpenMode.ReadWrite, Options))
        {
            Assert.Equal(version, MigrationRunner.CurrentVersion(old));
            SeedAsWrittenBy(version, old);
        }

        using var db = LibraryDatabase.Open(path);

        Assert.Equal(LibraryMigrations.LatestVersion, db.SchemaVersion);
        Assert.Equal(["ok"], Strings(db.Writer, null, "PRAGMA integrity_check"));
        Assert.Empty(Strings(db.Writer, null, "PRAGMA foreign_key_check"));
        Execute(db.Writer, null, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");
        // Data written at the old version is still there, and searchable once the index exists.
        Assert.Equal(3L, Scalar(db.Writer, null, "SELECT count(*) FROM entries"));
        Assert.Equal(["holiday-photos"], Strings(db.Writer, null, "SELECT name FROM entries_fts WHERE entries_fts MATCH 'pho AND hot AND oto'"));
    }

    /// <summary>Representative rows as each version could write them; extend when a migration changes tables.</summary>
    private static void SeedAsWrittenBy(int version, SqliteConnection connection)
    {
        Assert.True(version >= 1);
        Execute(connection, null, "PRAGMA foreign_keys = ON");
        using var tx = connection.BeginTransaction();
        if (version < LibraryMigrations.All.Single(m => m.Name == "binary_entry_uuids").Version)
        {
            // Entry uuids were text: write the rows as SQL, then derive closure and paths.
            var oldDevice = AddDevice(connection, tx);
            var oldLocation = AddLocation(connection, tx, oldDevice, "/home/me");
            var me = AddTextUuidEntry(connection, tx, oldDevice, oldLocation, null, "me", EntryKind.Directory);
            Execute(connection, tx, $"UPDATE locations SET entry_id = {me} WHERE id = {oldLocation}");
            var holiday = AddTextUuidEntry(connection, tx, oldDevice, oldLocation, me, "holiday-photos", EntryKind.Directory);
            AddTextUuidEntry(connection, tx, oldDevice, oldLocation, holiday, "beach.jpg", EntryKind.File);
            EntryClosure.Rebuild(connection, tx);
            tx.Commit();
            return;
        }
        var (device, location, root) = AddLocationWithRoot(connection, tx, "/home/me");
        using var closure = new EntryClosure(connection, tx);
        var photos = closure.Insert(Entry(device, location, root, "holiday-photos", EntryKind.Directory));
        closure.Insert(Entry(device, location, photos, "beach.jpg", EntryKind.File));
        tx.Commit();
    }

    [Fact]
    public void Open_must_refuse_a_database_from_a_newer_program()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, null, Options);
        var future = LibraryMigrations.LatestVersion + 1;
        using (var connection = LibraryDatabase.Connect(path, SqliteOpenMode.ReadWrite, Options))
        {
            Execute(connection, null, $"INSERT INTO schema_migrations VALUES ({future}, 'from_the_future', 0)");
        }

        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Open(path));

        Assert.Equal(LibraryDatabaseUnavailableReason.SchemaTooNew, e.Reason);
        Assert.Contains($"schema version {future}", e.Message, StringComparison.Ordinal);
        Assert.Contains($"up to {LibraryMigrations.LatestVersion}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_migration_must_be_rolled_back_entirely()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, null, Options);
        var withBrokenStep = LibraryMigrations.All.Append(new BrokenMigration(LibraryMigrations.LatestVersion + 1)).ToList();

        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Open(path, withBrokenStep, Options));

        Assert.Equal(LibraryDatabaseUnavailableReason.MigrationFailed, e.Reason);
        using var db = LibraryDatabase.Open(path);
        Assert.Equal(LibraryMigrations.LatestVersion, db.SchemaVersion);
        Assert.Equal(0L, Scalar(db.Writer, null, "SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"));
    }

    [Fact]
    public void Open_must_refuse_a_database_whose_recorded_history_differs()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, null, Options);
        var rewritten = LibraryMigrations.All.Take(LibraryMigrations.LatestVersion - 1)
            .Append(new RenamedMigration(LibraryMigrations.LatestVersion)).ToList();

        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Open(path, rewritten, Options));

        Assert.Equal(LibraryDatabaseUnavailableReason.SchemaHistoryMismatch, e.Reason);
    }

    [Fact]
    public void A_table_rebuild_that_would_leave_a_dangling_reference_must_be_rolled_back()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, null, Options);
        using (var db = LibraryDatabase.Open(path))
        {
            SeedAsWrittenBy(LibraryMigrations.LatestVersion, db.Writer);
        }
        var withBadRebuild = LibraryMigrations.All.Append(new DroppingRebuild(LibraryMigrations.LatestVersion + 1)).ToList();

        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Open(path, withBadRebuild, Options));

        Assert.Equal(LibraryDatabaseUnavailableReason.MigrationFailed, e.Reason);
        Assert.Contains("foreign_key_check", e.Message, StringComparison.Ordinal);
        using var after = LibraryDatabase.Open(path);
        Assert.Equal(LibraryMigrations.LatestVersion, after.SchemaVersion);
        Assert.Equal(1L, Scalar(after.Writer, null, "SELECT count(*) FROM locations"));
        Assert.Equal(["1"], Strings(after.Writer, null, "PRAGMA foreign_keys"));
    }

    /// <summary>A rebuild gone wrong: runs with foreign keys off, and deletes a location its entries still name.</summary>
    private sealed class DroppingRebuild(int version) : SqlMigration
    {
        public override int Version => version;

        public override string Name => "dropping_rebuild";

        public override bool RebuildsTables => true;

        protected override string Sql => "DELETE FROM locations";
    }

    [Fact]
    public void The_runner_must_refuse_versions_with_gaps() =>
        Assert.Throws<ArgumentException>(() => new MigrationRunner([LibraryMigrations.All[0], new BrokenMigration(3)]));

    private sealed class BrokenMigration(int version) : SqlMigration
    {
        public override int Version => version;

        public override string Name => "broken";

        protected override string Sql => "CREATE TABLE half_done (x INTEGER); SELECT no_such_function();";
    }

    private sealed class RenamedMigration(int version) : SqlMigration
    {
        public override int Version => version;

        public override string Name => "something_else";

        protected override string Sql => "SELECT 1";
    }
}
