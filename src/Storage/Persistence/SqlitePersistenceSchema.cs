namespace Spacedrive.Storage.Persistence;

/// <summary>
/// The tables of Akka.Persistence.Sql's default mapping (<c>table-mapping = default</c>, <c>tag-write-mode = TagTable</c>),
/// so that Akka.Persistence.Sql could open the same file. Timestamps are UTC ticks; payloads carry
/// <see cref="Spacedrive.Runtime.Persistence.PersistenceSerializerRegistry.SerializerId"/> and their manifest.
/// The highest sequence number of a persistence id survives deletion as a tombstone row (<c>deleted = 1</c>),
/// as in Akka.Persistence.Sql, so no metadata table is needed.
/// <para>
/// Deviation: of Akka's journal indexes only <c>journal_uq</c> (persistence_id, sequence_number) is created.
/// <c>journal_created_idx</c> and <c>journal_sequence_number_idx</c> serve no query of ours and cost about a third of
/// the insert time; Akka.Persistence.Sql reads the file without them (create them if a port needs them).
/// <c>ordering</c> is AUTOINCREMENT so that an ordering (a tag query's offset) is never reused.
/// </para>
/// </summary>
internal static class SqlitePersistenceSchema
{
    public const int Version = 1;

    public const string Create = """
        CREATE TABLE IF NOT EXISTS journal (
            ordering        INTEGER PRIMARY KEY AUTOINCREMENT,
            deleted         INTEGER NOT NULL DEFAULT 0,
            persistence_id  TEXT NOT NULL,
            sequence_number INTEGER NOT NULL,
            created         INTEGER NOT NULL,
            message         BLOB NOT NULL,
            identifier      INTEGER NULL,
            manifest        TEXT NULL,
            writer_uuid     TEXT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS journal_uq ON journal (persistence_id, sequence_number);

        CREATE TABLE IF NOT EXISTS tags (
            ordering_id     INTEGER NOT NULL,
            tag             TEXT NOT NULL,
            persistence_id  TEXT NOT NULL,
            sequence_nr     INTEGER NOT NULL,
            PRIMARY KEY (ordering_id, tag)
        );
        CREATE INDEX IF NOT EXISTS tags_persistence_id_sequence_nr_idx ON tags (persistence_id, sequence_nr);
        CREATE INDEX IF NOT EXISTS tags_tag_idx ON tags (tag, ordering_id);

        CREATE TABLE IF NOT EXISTS snapshot (
            persistence_id  TEXT NOT NULL,
            sequence_number INTEGER NOT NULL,
            created         INTEGER NOT NULL,
            snapshot        BLOB NOT NULL,
            manifest        TEXT NULL,
            serializer_id   INTEGER NULL,
            PRIMARY KEY (persistence_id, sequence_number)
        );
        """;
}
