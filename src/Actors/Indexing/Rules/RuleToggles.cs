namespace Spacedrive.Actors.Indexing.Rules;

/// <summary>
/// Which rule sets are on for a location or a run (System.Text.Json-friendly). Names are those of
/// hocon/indexer-rules.conf plus <c>gitignore</c>. A set not named keeps its default, unless
/// <see cref="NoDefaultRules"/> is set, which turns every default off (named ones still apply).
/// <see cref="Extra"/> are the location's own patterns (gitignore syntax, relative to the root).
/// </summary>
public sealed record RuleToggles
{
    public const string NoSystemFiles = "no-system-files";
    public const string NoHidden = "no-hidden";
    public const string NoGit = "no-git";
    public const string NoDevDirs = "no-dev-dirs";
    public const string OnlyImages = "only-images";
    public const string Gitignore = "gitignore";

    public static RuleToggles Default { get; } = new();

    public IReadOnlyDictionary<string, bool> Set { get; init; } = new Dictionary<string, bool>();

    public bool NoDefaultRules { get; init; }

    public IReadOnlyList<string> Extra { get; init; } = [];

    public RuleToggles With(string name, bool on)
    {
        var set = new Dictionary<string, bool>(Set, StringComparer.Ordinal) { [name] = on };
        return this with { Set = set };
    }

    /// <summary>Run toggles over location toggles: the run's named sets win, extras add up.</summary>
    public RuleToggles OverlaidBy(RuleToggles? run)
    {
        if (run is null)
        {
            return this;
        }
        var set = new Dictionary<string, bool>(Set, StringComparer.Ordinal);
        foreach (var (name, on) in run.Set)
        {
            set[name] = on;
        }
        return new RuleToggles { Set = set, NoDefaultRules = NoDefaultRules || run.NoDefaultRules, Extra = [.. Extra, .. run.Extra] };
    }

    public bool IsOn(string name, bool defaultOn) =>
        Set.TryGetValue(name, out var on) ? on : !NoDefaultRules && defaultOn;
}
