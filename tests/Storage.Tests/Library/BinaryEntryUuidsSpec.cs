using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Tags;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Library.Migrations;
using Spacedrive.Storage.Tags;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

/// <summary>
/// Entry uuids are 16-byte BLOBs in RFC 4122 byte order (entries.uuid, user_metadata.entry_uuid,
/// collection_entries.entry_uuid); the binary_entry_uuids migration converts a library that stored them as text.
/// </summary>
public sealed class BinaryEntryUuidsSpec : IDisposable
{
    private static readonly int MigrationVersion = LibraryMigrations.All.Single(m => m.Name == "binary_entry_uuids").Version;

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_entry_uuid_must_be_stored_as_its_16_bytes_in_big_endian_order()
    {
        using var db = LibraryDatabase.Create(_dir.File("library.db"));
        var uuid = Guid.Parse("01936b2e-7c4a-7d3f-8e21-0a1b2c3d4e5f");
        using (var tx = db.Writer.BeginTransaction())
        {
            var (device, location, root) = AddLocationWithRoot(db.Writer, tx, "/home/me");
            using var closure = new EntryClosure(db.Writer, tx);
            closure.Insert(Entry(device, location, root, "a.txt", EntryKind.File) with { Uuid = uuid });
            tx.Commit();
        }

        Assert.Equal(["blob 16 01936B2E7C4A7D3F8E210A1B2C3D4E5F"], Strings(db.Writer, null, "SELECT typeof(uuid) || ' ' || length(uuid) || ' ' || hex(uuid) FROM entries WHERE name = 'a.txt'"));
        var tags = new TagStore(db.Writer, TimeProvider.System);
        tags.Create(new CreateTag(null, "red"));
        Assert.Equal("/home/me/a.txt", Assert.Single(tags.Apply(new ApplyTags(null, ["red"], [uuid.ToString("D")])).Targets).Path);
        Assert.Equal(["01936B2E7C4A7D3F8E210A1B2C3D4E5F"], Strings(db.Writer, null, "SELECT hex(entry_uuid) FROM user_metadata"));
        using var edits = new IndexEdits(db.Writer, db.Writer.BeginTransaction());
        Assert.Equal(uuid, edits.Find("/home/me/a.txt")!.Uuid);
    }

    [Fact]
    public void An_entry_uuid_written_as_text_must_be_refused()
    {
        using var db = LibraryDatabase.Create(_dir.File("library.db"));
        using var tx = db.Writer.BeginTransaction();
        var (device, location, _) = AddLocationWithRoot(db.Writer, tx, "/home/me");

        var e = Assert.Throws<SqliteException>(() => Execute(db.Writer, tx,
            $"INSERT INTO entries (uuid, device_id, location_id, name, kind, indexed_at) VALUES ('{Guid.NewGuid():D}', {device}, {location}, 'x', 0, 1)"));
        Assert.Contains("BLOB", e.Message, StringComparison.Ordinal);
        Assert.Throws<SqliteException>(() => Execute(db.Writer, tx,
            $"INSERT INTO user_metadata (uuid, entry_uuid, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', '{Guid.NewGuid():D}', 1, 1)"));
    }

    [Fact]
    public void A_library_with_text_uuids_must_keep_its_entries_tags_triggers_and_references_after_migrating()
    {
        var path = _dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, MigrationVersion - 1, LibraryOpenOptions.Default);
        Old old;
        List<string> entriesSchemaBefore;
        using (var connection = LibraryDatabase.Connect(path, SqliteOpenMode.ReadWrite, LibraryOpenOptions.Default))
        {
            Execute(connection, null, "PRAGMA foreign_keys = ON");
            old = SeedWithTextUuids(connection);
            // A view naming entries (none ships today) must not stop the rebuild.
            Execute(connection, null, "CREATE VIEW entry_names AS SELECT name FROM entries");
            entriesSchemaBefore = EntriesSchema(connection);
        }

        using var db = LibraryDatabase.Open(path);
        var w = db.Writer;

        Assert.Equal(LibraryMigrations.LatestVersion, db.SchemaVersion);
        Assert.Equal(["ok"], Strings(w, null, "PRAGMA integrity_check"));
        Assert.Empty(Strings(w, null, "PRAGMA foreign_key_check"));
        Assert.Equal(["1"], Strings(w, null, "PRAGMA foreign_keys"));
        Assert.Equal(["0"], Strings(w, null, "PRAGMA freelist_count")); // the old tables' pages were given back
        Execute(w, null, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");
        // Same uuids, now as bytes; the location still points at its root (a DROP TABLE with foreign keys on would have
        // set it to NULL) and the sidecar at its source entry.
        Assert.Equal(old.Uuids.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key} {p.Value:N}"),
            Strings(w, null, "SELECT name || ' ' || lower(hex(uuid)) FROM entries ORDER BY name"));
        Assert.Equal(["blob"], Strings(w, null, "SELECT DISTINCT typeof(uuid) FROM entries"));
        Assert.Equal([old.Root.ToString(CultureInfo.InvariantCulture)], Strings(w, null, "SELECT entry_id FROM locations"));
        Assert.Equal(["beach.jpg"], Strings(w, null, "SELECT e.name FROM sidecars s JOIN entries e ON e.id = s.source_entry_id"));
        Assert.Equal(["beach.jpg"], Strings(w, null, "SELECT e.name FROM collection_entries c JOIN entries e ON e.uuid = c.entry_uuid"));
        Assert.Equal(entriesSchemaBefore, EntriesSchema(w));
        Assert.Equal(4L, Scalar(w, null, "SELECT count(*) FROM entry_names"));
        Assert.Equal(["0"], Strings(w, null, "PRAGMA legacy_alter_table"));
        // The entry-scoped tag follows the entry's uuid.
        var tags = new TagStore(w, TimeProvider.System);
        var tagged = Assert.Single(tags.Show(new ShowTag(null, "red")).Entries);
        Assert.Equal((old.Uuids["beach.jpg"], "/home/me/holiday-photos/beach.jpg", TagScope.Entry), (tagged.EntryId, tagged.Path, tagged.Scope));
        tags.Apply(new ApplyTags(null, ["red"], [old.Uuids["notes.txt"].ToString("D")]));
        Assert.Equal(2L, tags.Show(new ShowTag(null, "red")).EntryCount);

        // The triggers came back: FTS and content counts follow inserts, renames and deletes; a file cannot be a parent.
        using (var tx = w.BeginTransaction())
        {
            using var closure = new EntryClosure(w, tx);
            closure.Insert(Entry(old.Device, old.Location, old.Photos, "sunset.jpg", EntryKind.File) with { ContentId = old.Content });
            Assert.Equal(2L, Scalar(w, tx, $"SELECT entry_count FROM content_identities WHERE id = {old.Content}"));
            Assert.Equal(["sunset.jpg"], Strings(w, tx, "SELECT name FROM entries_fts WHERE entries_fts MATCH 'sun AND uns AND nse AND set'"));
            var e = Assert.Throws<SqliteException>(() => Execute(w, tx,
                $"INSERT INTO entries (uuid, device_id, location_id, parent_id, name, kind, indexed_at) VALUES (randomblob(16), {old.Device}, {old.Location}, {old.Beach}, 'inside-a-file', 0, 1)"));
            Assert.Contains("must reference a directory", e.Message, StringComparison.Ordinal);
            using var edits = new IndexEdits(w, tx);
            edits.Move(edits.Find("/home/me/holiday-photos/beach.jpg")!, old.Photos, "seaside.jpg");
            Assert.Empty(Strings(w, tx, "SELECT name FROM entries_fts WHERE entries_fts MATCH 'bea AND eac AND ach'"));
            Assert.Equal(["seaside.jpg"], Strings(w, tx, "SELECT name FROM entries_fts WHERE entries_fts MATCH 'sea AND eas AND asi AND sid AND ide'"));
            Assert.Equal(old.Uuids["beach.jpg"], edits.Find("/home/me/holiday-photos/seaside.jpg")!.Uuid);
            edits.Remove(edits.Find("/home/me/holiday-photos")!);
            Assert.Equal(0L, Scalar(w, tx, $"SELECT entry_count FROM content_identities WHERE id = {old.Content}"));
            Assert.Empty(Strings(w, tx, "SELECT name FROM entries_fts WHERE entries_fts MATCH 'sea AND eas AND asi AND sid AND ide' OR entries_fts MATCH 'sun AND uns AND nse AND set'"));
            // Entry-scoped metadata of removed entries goes with them (the comparison is bytes to bytes).
            Assert.Equal(["notes.txt"], Strings(w, tx, "SELECT e.name FROM user_metadata um JOIN entries e ON e.uuid = um.entry_uuid"));
            tx.Commit();
        }
        Execute(w, null, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(["ok"], Strings(w, null, "PRAGMA integrity_check"));
        Assert.Empty(Strings(w, null, "PRAGMA foreign_key_check"));
    }

    private sealed record Old(long Device, long Location, long Root, long Photos, long Beach, long Content, Dictionary<string, Guid> Uuids);

    /// <summary>What the previous version wrote: entries, an entry-scoped tag application, a collection member and a sidecar, uuids as text.</summary>
    private static Old SeedWithTextUuids(SqliteConnection connection)
    {
        var uuids = new Dictionary<string, Guid>(StringComparer.Ordinal);
        using var tx = connection.BeginTransaction();
        var device = AddDevice(connection, tx);
        var location = AddLocation(connection, tx, device, "/home/me");
        var content = Insert(connection, tx,
            "INSERT INTO content_identities (uuid, content_hash, total_size, first_seen_at, last_verified_at) VALUES ($u, '0123456789abcdef', 42, 0, 0) RETURNING id",
            ("$u", Guid.NewGuid().ToString("D")));
        long Add(long? parent, string name, EntryKind kind, long? contentId = null)
        {
            uuids[name] = Guid.CreateVersion7();
            return Insert(connection, tx, $"""
                INSERT INTO entries (uuid, device_id, location_id, parent_id, name, kind, size, indexed_at, content_id)
                VALUES ($u, {device}, {location}, {parent?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}, $name, {(int)kind}, 42, 1, {contentId?.ToString(CultureInfo.InvariantCulture) ?? "NULL"}) RETURNING id
                """, ("$u", uuids[name].ToString("D")), ("$name", name));
        }
        var root = Add(null, "me", EntryKind.Directory);
        Execute(connection, tx, $"UPDATE locations SET entry_id = {root} WHERE id = {location}");
        var photos = Add(root, "holiday-photos", EntryKind.Directory);
        var beach = Add(photos, "beach.jpg", EntryKind.File, content);
        Add(root, "notes.txt", EntryKind.File);
        EntryClosure.Rebuild(connection, tx);

        new TagStore(connection, TimeProvider.System).Create(new CreateTag(null, "red"), tx);
        var metadata = Insert(connection, tx, "INSERT INTO user_metadata (uuid, entry_uuid, created_at, updated_at) VALUES ($u, $e, 1, 1) RETURNING id",
            ("$u", Guid.NewGuid().ToString("D")), ("$e", uuids["beach.jpg"].ToString("D")));
        Execute(connection, tx, $"INSERT INTO user_metadata_tags (uuid, user_metadata_id, tag_id, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', {metadata}, (SELECT id FROM tags), 1, 1)");
        var collection = Insert(connection, tx, "INSERT INTO collections (uuid, name, created_at, updated_at) VALUES ($u, 'best', 1, 1) RETURNING id", ("$u", Guid.NewGuid().ToString("D")));
        Execute(connection, tx, $"INSERT INTO collection_entries (collection_id, entry_uuid, uuid, added_at) VALUES ({collection}, '{uuids["beach.jpg"]:D}', '{Guid.NewGuid():D}', 1)");
        Execute(connection, tx, $"""
            INSERT INTO sidecars (uuid, content_uuid, kind, variant, format, rel_path, source_entry_id, created_at, updated_at)
            VALUES ('{Guid.NewGuid():D}', '{Guid.NewGuid():D}', 'thumb', 'small', 'webp', 'x.webp', {beach}, 1, 1)
            """);
        Assert.Equal(1L, Scalar(connection, tx, $"SELECT entry_count FROM content_identities WHERE id = {content}"));
        tx.Commit();
        return new Old(device, location, root, photos, beach, content, uuids);
    }

    /// <summary>Every index and trigger on entries, as SQL.</summary>
    private static List<string> EntriesSchema(SqliteConnection connection) =>
        Strings(connection, null, "SELECT type || ' ' || name || ': ' || sql FROM sqlite_schema WHERE tbl_name = 'entries' AND type IN ('index', 'trigger') ORDER BY name");
}
