using System.Text;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Locations.Watching;

/// <summary>
/// The reference a live library is compared with: the same tree indexed from scratch into a second,
/// empty library. <see cref="Dump"/> renders a location canonically (paths, kinds, sizes, times,
/// inodes, permissions, aggregates, content links; closure rows and directory paths as paths), without
/// row ids, UUIDs and indexing times, so two libraries of the same tree dump the same text.
/// </summary>
public static class FreshIndex
{
    public static async Task<string> DumpOfAsync(string root, IndexMode mode)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sd-fresh-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(folder);
        try
        {
            using var db = LibraryDatabase.Create(Path.Combine(folder, "library.db"));
            Exec(db.Writer, "INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ($u, 'fresh', 'fresh', 1, 0, 0)", Guid.NewGuid().ToString("D"));
            Exec(db.Writer, $"INSERT INTO locations (uuid, device_id, name, path, index_mode, created_at, updated_at) VALUES ($u, 1, 'fresh', '{root.Replace("'", "''", StringComparison.Ordinal)}', '{mode.ToString().ToLowerInvariant()}', 0, 0)",
                Guid.NewGuid().ToString("D"));
            var location = Convert.ToInt64(new SqliteCommand("SELECT last_insert_rowid()", db.Writer).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            await new IndexerEngine(db, new IndexerRequest { LocationId = location, Path = root, Mode = mode }, new IndexerSettings { DiscoveryWorkers = 2 })
                .RunAsync().ConfigureAwait(false);
            return Dump(db.Writer, location);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static void Exec(SqliteConnection connection, string sql, string uuid)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$u", uuid);
        command.ExecuteNonQuery();
    }

    public static string Dump(SqliteConnection connection, long locationId)
    {
        var text = new StringBuilder();
        void Query(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.Parameters.AddWithValue("$loc", locationId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "∅" : reader.GetValue(i).ToString()).Append('|');
                }
                text.Append('\n');
            }
        }
        text.Append("entries:\n");
        Query("""
            SELECT CASE WHEN e.parent_id IS NULL THEN own.path WHEN e.kind = 1 THEN own.path ELSE parent.path || '/' || e.name END AS p,
                   e.name, e.extension, e.kind, e.size, e.aggregate_size, e.child_count, e.file_count, e.inode,
                   e.created_at, e.modified_at, e.hidden, e.permissions, e.symlink_target, c.content_hash, e.category,
                   (SELECT pp.path FROM directory_paths AS pp WHERE pp.entry_id = e.parent_id) AS parent_path
            FROM entries AS e LEFT JOIN directory_paths AS own ON own.entry_id = e.id
            LEFT JOIN directory_paths AS parent ON parent.entry_id = e.parent_id
            LEFT JOIN content_identities AS c ON c.id = e.content_id
            WHERE e.location_id = $loc ORDER BY p
            """);
        text.Append("closure:\n");
        Query("""
            SELECT a.path, d.path, c.depth FROM entry_closure AS c
            JOIN directory_paths AS a ON a.entry_id = c.ancestor_id JOIN directory_paths AS d ON d.entry_id = c.descendant_id
            JOIN entries AS e ON e.id = c.descendant_id WHERE e.location_id = $loc ORDER BY 1, 2
            """);
        text.Append("orphans:\n");
        Query("""
            SELECT COUNT(*) FROM entries AS e WHERE e.location_id = $loc AND e.kind = 1
              AND (NOT EXISTS (SELECT 1 FROM directory_paths WHERE entry_id = e.id) OR NOT EXISTS (SELECT 1 FROM entry_closure WHERE descendant_id = e.id AND depth = 0))
            """);
        text.Append("totals:\n");
        Query("SELECT total_file_count, total_byte_size FROM locations WHERE id = $loc");
        return text.ToString();
    }
}
