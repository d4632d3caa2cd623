namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// Search leaves out hidden entries and everything under a hidden directory by default. Finding the hidden
/// directories must not scan the entries table on every query, so a partial index holds just them (a handful of
/// rows: it costs the indexer nothing on ordinary entries).
/// </summary>
internal sealed class M003SearchIndexes : SqlMigration
{
    public override int Version => 3;

    public override string Name => "search_indexes";

    protected override string Sql => """
        CREATE INDEX idx_entries_hidden_directories ON entries (id) WHERE hidden = 1 AND kind = 1;
        """;
}
