namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// Full-text index over entry names: FTS5 with the trigram tokenizer, as an external-content table
/// over entries (the names are stored once, in entries). Trigrams make any substring of 3+ characters
/// an index lookup ("report" finds "Q3-final_report.pdf", which word tokenizers miss), case- and
/// diacritic-insensitively. Triggers keep it current in the same transaction as every entry write;
/// the rename trigger fires only when the name really changes, so size and time updates cost nothing.
/// Files and directories are both indexed (Spacedrive indexes files only; users look for folders too).
/// </summary>
internal sealed class M002EntryNameSearch : SqlMigration
{
    public override int Version => 2;

    public override string Name => "entry_name_search";

    protected override string Sql => """
        CREATE VIRTUAL TABLE entries_fts USING fts5 (
            name,
            content = 'entries',
            content_rowid = 'id',
            tokenize = 'trigram remove_diacritics 1'
        );

        CREATE TRIGGER entries_fts_on_insert AFTER INSERT ON entries
        BEGIN
            INSERT INTO entries_fts (rowid, name) VALUES (new.id, new.name);
        END;

        CREATE TRIGGER entries_fts_on_delete AFTER DELETE ON entries
        BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, name) VALUES ('delete', old.id, old.name);
        END;

        CREATE TRIGGER entries_fts_on_rename AFTER UPDATE OF name ON entries WHEN old.name IS NOT new.name
        BEGIN
            INSERT INTO entries_fts (entries_fts, rowid, name) VALUES ('delete', old.id, old.name);
            INSERT INTO entries_fts (rowid, name) VALUES (new.id, new.name);
        END;

        -- Entries written before this version.
        INSERT INTO entries_fts (entries_fts) VALUES ('rebuild');
        """;
}
