using Spacedrive.Storage.Library;
using Spacedrive.Storage.Library.Migrations;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

public class LibraryDatabaseSpec
{
    public static readonly string[] ExpectedTables =
    [
        "audit_log", "collection_entries", "collections", "content_identities", "devices", "directory_paths",
        "entries", "entries_fts", "entry_closure", "indexer_rules", "locations", "schema_migrations", "sidecars",
        "tag_closure", "tag_relationships", "tags", "user_metadata", "user_metadata_tags", "volumes",
    ];

    [Fact]
    public void Create_must_apply_every_migration_and_make_every_table()
    {
        using var dir = new TempDirectory();
        using var db = LibraryDatabase.Create(dir.File("library.db"));

        Assert.Equal(LibraryMigrations.LatestVersion, db.SchemaVersion);
        var tables = Strings(db.Writer, null,
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'entries_fts_%' ORDER BY name");
        Assert.Equal(ExpectedTables, tables);
        Assert.Equal(
            LibraryMigrations.All.Select(m => $"{m.Version}:{m.Name}"),
            Strings(db.Writer, null, "SELECT version || ':' || name FROM schema_migrations ORDER BY version"));
    }

    [Fact]
    public void Open_must_set_the_documented_pragmas()
    {
        using var dir = new TempDirectory();
        using (LibraryDatabase.Create(dir.File("library.db")))
        {
        }
        using var db = LibraryDatabase.Open(dir.File("library.db"));

        Assert.Equal("wal", Scalar(db.Writer, null, "PRAGMA journal_mode"));
        Assert.Equal(1L, Scalar(db.Writer, null, "PRAGMA foreign_keys"));
        Assert.Equal(1L, Scalar(db.Writer, null, "PRAGMA synchronous")); // NORMAL
        Assert.Equal(5000L, Scalar(db.Writer, null, "PRAGMA busy_timeout"));
        Assert.Equal((long)LibraryDatabase.ApplicationId, Scalar(db.Writer, null, "PRAGMA application_id"));
    }

    [Fact]
    public void Create_must_refuse_a_path_that_exists_and_leave_no_temporary_files()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        File.WriteAllText(path, "precious");

        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Create(path));
        Assert.Equal(LibraryDatabaseUnavailableReason.AlreadyExists, e.Reason);
        Assert.Equal("precious", File.ReadAllText(path));
        Assert.Single(Directory.GetFiles(dir.Path));
    }

    [Fact]
    public void Readers_must_see_committed_writes_and_must_not_write()
    {
        using var dir = new TempDirectory();
        using var db = LibraryDatabase.Create(dir.File("library.db"));
        AddDevice(db.Writer, null);

        using var reader = db.OpenReader();
        Assert.Equal(1L, Scalar(reader, null, "SELECT count(*) FROM devices"));
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => AddDevice(reader, null, "other"));
    }

    [Fact]
    public void A_guid_bound_without_formatting_must_be_rejected_not_stored_in_another_form()
    {
        using var dir = new TempDirectory();
        using var db = LibraryDatabase.Create(dir.File("library.db"));

        const string Sql = "INSERT INTO devices (uuid, name, slug, created_at, updated_at) VALUES ($u, 'a', 'a', 0, 0) RETURNING id";
        // Microsoft.Data.Sqlite binds a Guid as uppercase text; the schema wants the canonical lowercase form.
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => Insert(db.Writer, null, Sql, ("$u", Guid.NewGuid())));
        Assert.ThrowsAny<Microsoft.Data.Sqlite.SqliteException>(() => Insert(db.Writer, null, Sql, ("$u", Guid.NewGuid().ToByteArray())));
        Insert(db.Writer, null, Sql, ("$u", Guid.NewGuid().ToString("D")));
    }
}
