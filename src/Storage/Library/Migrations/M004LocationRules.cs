namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// Per-location indexer rule toggles (JSON of the indexer's RuleToggles: which rule sets are on,
/// "no default rules", the location's own patterns). NULL = the defaults.
/// </summary>
internal sealed class M004LocationRules : SqlMigration
{
    public override int Version => 4;

    public override string Name => "location_rules";

    protected override string Sql => """
        ALTER TABLE locations ADD COLUMN rule_toggles TEXT CHECK (rule_toggles IS NULL OR json_valid(rule_toggles));
        """;
}
