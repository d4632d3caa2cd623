using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// Entry uuids become 16-byte BLOBs (RFC 4122 byte order, see <see cref="EntryUuid"/>) in entries.uuid,
/// user_metadata.entry_uuid and collection_entries.entry_uuid. Why: a library of a million files must stay
/// under 250 MB, and the 36-character text form cost ~20 more bytes per entry in the table and again in
/// idx_entries_uuid (~45 MB at a million entries). Only entries are that numerous, so every other uuid stays text.
///
/// SQLite cannot change a column's type in place: each table is rebuilt the documented way
/// (https://www.sqlite.org/lang_altertable.html, "Making Other Kinds Of Table Schema Changes"), with
/// foreign keys off (<see cref="LibraryMigration.RebuildsTables"/>: dropping entries with them on would set
/// locations.entry_id and sidecars.source_entry_id to NULL), then foreign_key_check by the runner.
/// The new table's definition is the old one as recorded in sqlite_schema with just the uuid column's
/// definition replaced, and its indexes and triggers (FTS upkeep, content counts, parent-is-a-directory,
/// partial indexes) are re-created from their recorded SQL: whatever earlier migrations made survives
/// unchanged. Row ids are kept, so entries_fts (external content over entries by name) stays valid.
/// </summary>
internal sealed class M006BinaryEntryUuids : LibraryMigration
{
    public override int Version => 6;

    public override string Name => "binary_entry_uuids";

    public override bool RebuildsTables => true;

    private sealed record Rebuild(string Table, string Column, string OldDefinition, string NewDefinition);

    private static readonly Rebuild[] Rebuilds =
    [
        new("entries", "uuid",
            @"uuid\s+TEXT\s+NOT NULL CHECK \(length\(uuid\) = 36 AND uuid = lower\(uuid\)\)",
            "uuid            BLOB    NOT NULL CHECK (typeof(uuid) = 'blob' AND length(uuid) = 16)"),
        new("user_metadata", "entry_uuid",
            @"entry_uuid\s+TEXT\s+CHECK \(entry_uuid IS NULL OR \(length\(entry_uuid\) = 36 AND entry_uuid = lower\(entry_uuid\)\)\)",
            "entry_uuid             BLOB    CHECK (entry_uuid IS NULL OR (typeof(entry_uuid) = 'blob' AND length(entry_uuid) = 16))"),
        new("collection_entries", "entry_uuid",
            @"entry_uuid\s+TEXT\s+NOT NULL CHECK \(length\(entry_uuid\) = 36 AND entry_uuid = lower\(entry_uuid\)\)",
            "entry_uuid     BLOB    NOT NULL CHECK (typeof(entry_uuid) = 'blob' AND length(entry_uuid) = 16)"),
    ];

    public override void Apply(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        foreach (var rebuild in Rebuilds)
        {
            RebuildTable(connection, transaction, rebuild);
        }
    }

    private static void RebuildTable(SqliteConnection connection, SqliteTransaction transaction, Rebuild rebuild)
    {
        var table = rebuild.Table;
        var newTable = table + "_new";
        var definition = Strings(connection, transaction, $"SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = '{table}'").Single();
        // Indexes and triggers on the table, in creation order; automatic indexes (UNIQUE, PRIMARY KEY) have no SQL and
        // come back with the table.
        var dependents = Strings(connection, transaction,
            $"SELECT sql FROM sqlite_schema WHERE tbl_name = '{table}' AND type IN ('index', 'trigger') AND sql IS NOT NULL ORDER BY rowid");
        var columns = Strings(connection, transaction, $"SELECT name FROM pragma_table_info('{table}') ORDER BY cid");

        var header = new Regex($@"^CREATE TABLE ""?{table}""?\s*\(", RegexOptions.CultureInvariant);
        var column = new Regex(rebuild.OldDefinition, RegexOptions.CultureInvariant);
        if (!header.IsMatch(definition) || column.Count(definition) != 1 || !columns.Contains(rebuild.Column))
        {
            throw new SqliteException($"{table}.{rebuild.Column} is not defined as this migration expects: {definition}", 1);
        }
        var created = column.Replace(header.Replace(definition, $"CREATE TABLE {newTable} ("), rebuild.NewDefinition);

        var list = string.Join(", ", columns.Select(c => $"\"{c}\""));
        var values = string.Join(", ", columns.Select(c => c == rebuild.Column ? $"unhex(replace(\"{c}\", '-', ''))" : $"\"{c}\""));
        Execute(connection, transaction, $"""
            {created};
            INSERT INTO {newTable} ({list}) SELECT {values} FROM {table};
            DROP TABLE {table};
            """);
        // Legacy rename: the new table takes the old name and nothing that refers to that name is rewritten or
        // re-checked (the modern rename would fail on any view or other table's trigger naming the dropped table).
        Execute(connection, transaction, "PRAGMA legacy_alter_table = ON");
        try
        {
            Execute(connection, transaction, $"ALTER TABLE {newTable} RENAME TO {table}");
        }
        finally
        {
            Execute(connection, transaction, "PRAGMA legacy_alter_table = OFF");
        }
        if (dependents.Count > 0)
        {
            Execute(connection, transaction, string.Join(";\n", dependents) + ";");
        }
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static List<string> Strings(SqliteConnection connection, SqliteTransaction transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(reader.GetString(0));
        }
        return result;
    }
}
