using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Indexing.Rules;

/// <summary>A rule set of indexer-rules.conf: a named toggle with reject and/or accept patterns.</summary>
public sealed record RuleSet(string Name, bool DefaultOn, IReadOnlyList<string> Reject, IReadOnlyList<string> Accept);

/// <summary>
/// The compiled rules of one run: the rule sets that are on, the location's own patterns and whether
/// .gitignore files count. <see cref="Rejects"/> is called once per discovered entry, so literal names
/// are one hash lookup and common shapes (suffix, prefix) a string compare; only the rest backtrack.
/// Thread-safe (immutable).
/// </summary>
public sealed class IndexerRules
{
    public const string ResourceName = "indexer-rules.conf";
    public const string ConfigPath = "spacedrive.indexer-rules";

    private static readonly Lazy<IReadOnlyList<RuleSet>> BuiltInSets = new(() =>
        LoadSets(ConfigurationFactory.FromResource(ResourceName, typeof(IndexerRules).Assembly)));

    private readonly HashSet<string> _rejectNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rejectDirectoryNames = new(StringComparer.Ordinal);
    private readonly IgnoreFile _rejectOther;
    private readonly IgnoreFile? _accept;
    private readonly IgnoreFile? _extra;

    private IndexerRules(IEnumerable<RuleSet> sets, RuleToggles toggles)
    {
        var other = new List<IgnorePattern>();
        var accept = new List<IgnorePattern>();
        var active = new List<string>();
        foreach (var set in sets)
        {
            if (!toggles.IsOn(set.Name, set.DefaultOn))
            {
                continue;
            }
            active.Add(set.Name);
            foreach (var pattern in set.Reject.SelectMany(IgnorePattern.Parse))
            {
                if (pattern.IsLiteralName(out var name))
                {
                    (pattern.DirectoryOnly ? _rejectDirectoryNames : _rejectNames).Add(name);
                }
                else
                {
                    other.Add(pattern);
                }
            }
            accept.AddRange(set.Accept.SelectMany(IgnorePattern.Parse));
        }
        _rejectOther = new IgnoreFile(other);
        _accept = accept.Count > 0 ? new IgnoreFile(accept) : null;
        _extra = toggles.Extra.Count > 0 ? IgnoreFile.FromLines(toggles.Extra) : null;
        UseGitignore = toggles.IsOn(RuleToggles.Gitignore, defaultOn: true);
        if (UseGitignore)
        {
            active.Add(RuleToggles.Gitignore);
        }
        ActiveSets = active;
    }

    public static IReadOnlyList<RuleSet> BuiltIn => BuiltInSets.Value;

    /// <summary>Rules of the built-in sets (indexer-rules.conf) under these toggles.</summary>
    public static IndexerRules Create(RuleToggles? toggles = null, IReadOnlyList<RuleSet>? sets = null) =>
        new(sets ?? BuiltIn, toggles ?? RuleToggles.Default);

    /// <summary>No rule at all (not even .gitignore): every entry is indexed.</summary>
    public static IndexerRules None { get; } = new([], new RuleToggles { NoDefaultRules = true });

    public bool UseGitignore { get; }

    public IReadOnlyList<string> ActiveSets { get; }

    public static IReadOnlyList<RuleSet> LoadSets(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var root = config.GetConfig(ConfigPath);
        var sets = new List<RuleSet>();
        foreach (var name in root.Keys)
        {
            var set = root.GetConfig(name);
            sets.Add(new RuleSet(name, set.GetBoolean("default"),
                set.HasPath("reject") ? set.GetStringList("reject") : [],
                set.HasPath("accept") ? set.GetStringList("accept") : []));
        }
        return sets;
    }

    /// <summary>
    /// Whether an entry is left out. <paramref name="absolutePath"/> is its full path,
    /// <paramref name="relativePath"/> the path below the location root ('/'-separated).
    /// </summary>
    public bool Rejects(string absolutePath, string relativePath, string name, bool isDirectory, IgnoreStack? gitignores)
    {
        if (_rejectNames.Contains(name) || (isDirectory && _rejectDirectoryNames.Contains(name)))
        {
            return true;
        }
        if (_rejectOther.Count > 0 && _rejectOther.Decide(absolutePath.AsSpan(1), name, isDirectory) == true)
        {
            return true;
        }
        if (_extra is not null && _extra.Decide(relativePath, name, isDirectory) == true)
        {
            return true;
        }
        if (UseGitignore && gitignores is not null && IgnoreStack.IsIgnored(gitignores, relativePath, name, isDirectory))
        {
            return true;
        }
        return !isDirectory && _accept is not null && _accept.Decide(relativePath, name, isDirectory) != true;
    }
}
