using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;

namespace Spacedrive.Actors.Tests.Indexing;

public sealed class RulesSpec : IDisposable
{
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private static bool Rejects(IndexerRules rules, string relative, bool dir = false, IgnoreStack? stack = null) =>
        rules.Rejects("/loc/" + relative, relative, relative.Split('/')[^1], dir, stack);

    [Theory]
    [InlineData("**/node_modules", "a/node_modules", true)]
    [InlineData("*.log", "deep/x/app.log", true)]
    [InlineData("/build", "build", true)]
    [InlineData("/build", "src/build", false)]
    [InlineData("doc/*.txt", "doc/a.txt", true)]
    [InlineData("doc/*.txt", "doc/sub/a.txt", false)]
    [InlineData("doc/**/*.txt", "doc/sub/deeper/a.txt", true)]
    [InlineData("a/**", "a/b/c", true)]
    [InlineData("*.{jpg,png}", "x/y.png", true)]
    [InlineData("file[0-9].txt", "file7.txt", true)]
    [InlineData("file[!0-9].txt", "file7.txt", false)]
    [InlineData("?.md", "ab.md", false)]
    public void Gitignore_patterns_match_as_git_does(string pattern, string path, bool ignored)
    {
        var file = IgnoreFile.Parse(pattern);
        Assert.Equal(ignored, IgnoreStack.IsIgnored(IgnoreStack.Push(null, file, ""), path, path.Split('/')[^1], isDirectory: false));
    }

    [Fact]
    public void Negation_and_directory_only_patterns()
    {
        var stack = IgnoreStack.Push(null, IgnoreFile.Parse("*.log\n!keep.log\nout/\n# comment\n"), "");
        Assert.True(IgnoreStack.IsIgnored(stack, "a.log", "a.log", false));
        Assert.False(IgnoreStack.IsIgnored(stack, "keep.log", "keep.log", false));
        Assert.True(IgnoreStack.IsIgnored(stack, "x/out", "out", true));
        Assert.False(IgnoreStack.IsIgnored(stack, "x/out", "out", false));
    }

    [Fact]
    public void A_nested_gitignore_overrides_its_parent()
    {
        var root = IgnoreStack.Push(null, IgnoreFile.Parse("*.tmp"), "");
        var nested = IgnoreStack.Push(root, IgnoreFile.Parse("!special.tmp\n/local-only"), "sub");
        Assert.True(IgnoreStack.IsIgnored(nested, "sub/a.tmp", "a.tmp", false));
        Assert.False(IgnoreStack.IsIgnored(nested, "sub/special.tmp", "special.tmp", false));
        Assert.True(IgnoreStack.IsIgnored(nested, "sub/local-only", "local-only", false));
        Assert.False(IgnoreStack.IsIgnored(nested, "sub/x/local-only", "local-only", false));
    }

    [Fact]
    public void The_built_in_sets_load_from_indexer_rules_conf()
    {
        var names = IndexerRules.BuiltIn.Select(s => s.Name).ToList();
        Assert.Equal(["no-system-files", "no-hidden", "no-git", "no-dev-dirs", "only-images"], names);
        Assert.Equal(["no-system-files", "no-git", "no-dev-dirs", "gitignore"], IndexerRules.Create().ActiveSets);
    }

    [Fact]
    public void No_system_files_is_on_by_default_and_switchable()
    {
        var on = IndexerRules.Create();
        Assert.True(Rejects(on, "a/.DS_Store"));
        Assert.True(Rejects(on, "a/._resource"));
        Assert.True(Rejects(on, "a/notes.txt~"));
        Assert.True(Rejects(on, "Thumbs.db"));
        Assert.True(on.Rejects("/dev", "dev", "dev", true, null));
        Assert.False(Rejects(on, "a/notes.txt"));
        var off = IndexerRules.Create(RuleToggles.Default.With(RuleToggles.NoSystemFiles, false));
        Assert.False(Rejects(off, "a/.DS_Store"));
    }

    [Fact]
    public void No_hidden_is_off_by_default()
    {
        Assert.False(Rejects(IndexerRules.Create(), ".bashrc"));
        Assert.True(Rejects(IndexerRules.Create(RuleToggles.Default.With(RuleToggles.NoHidden, true)), ".bashrc"));
        Assert.True(Rejects(IndexerRules.Create(RuleToggles.Default.With(RuleToggles.NoHidden, true)), "a/.config", dir: true));
    }

    [Fact]
    public void No_git_drops_git_folders_and_files()
    {
        var on = IndexerRules.Create();
        Assert.True(Rejects(on, "repo/.git", dir: true));
        Assert.True(Rejects(on, "repo/.gitignore"));
        Assert.False(Rejects(IndexerRules.Create(RuleToggles.Default.With(RuleToggles.NoGit, false)), "repo/.git", dir: true));
    }

    [Fact]
    public void No_dev_dirs_drops_folders_only()
    {
        var on = IndexerRules.Create();
        Assert.True(Rejects(on, "app/node_modules", dir: true));
        Assert.True(Rejects(on, "app/Code Cache", dir: true));
        Assert.False(Rejects(on, "app/target")); // a FILE named target is kept
        Assert.False(Rejects(IndexerRules.Create(RuleToggles.Default.With(RuleToggles.NoDevDirs, false)), "app/node_modules", dir: true));
    }

    [Fact]
    public void Only_images_keeps_image_files_and_walks_folders()
    {
        var on = IndexerRules.Create(RuleToggles.Default.With(RuleToggles.OnlyImages, true));
        Assert.False(Rejects(on, "p/a.jpg"));
        Assert.False(Rejects(on, "p/B.PNG"));
        Assert.True(Rejects(on, "p/a.txt"));
        Assert.False(Rejects(on, "p", dir: true));
    }

    [Fact]
    public void No_default_rules_turns_every_default_off_but_named_ones_stay()
    {
        var none = IndexerRules.Create(new RuleToggles { NoDefaultRules = true });
        Assert.Empty(none.ActiveSets);
        Assert.False(Rejects(none, ".git", dir: true));
        var some = IndexerRules.Create(new RuleToggles { NoDefaultRules = true }.With(RuleToggles.NoGit, true));
        Assert.Equal(["no-git"], some.ActiveSets);
    }

    [Fact]
    public void Location_rules_and_run_toggles_combine()
    {
        var location = new RuleToggles { Extra = ["*.bak", "/private"] }.With(RuleToggles.NoHidden, true);
        var run = new RuleToggles().With(RuleToggles.NoHidden, false);
        var rules = IndexerRules.Create(location.OverlaidBy(run));
        Assert.True(Rejects(rules, "x/a.bak"));
        Assert.True(Rejects(rules, "private", dir: true));
        Assert.False(Rejects(rules, "x/private", dir: true));
        Assert.False(Rejects(rules, ".hidden"));
    }

    [Fact]
    public async Task The_walk_honours_nested_gitignore_files_and_the_toggle()
    {
        _fx.File(".gitignore", "*.log\nbuild-out/\n");
        _fx.File("a.log", "x");
        _fx.File("keep.txt", "x");
        _fx.File("build-out/artifact.bin", "x");
        _fx.File("sub/.gitignore", "!important.log\nlocal.txt\n");
        _fx.File("sub/important.log", "x");
        _fx.File("sub/other.log", "x");
        _fx.File("sub/local.txt", "x");
        _fx.File("node_modules/pkg/index.js", "x");
        _fx.File(".git/HEAD", "x");

        var result = await _fx.IndexAsync();
        var names = _fx.Entries().Keys.Select(p => Path.GetRelativePath(_fx.Root, p)).Order().ToList();
        Assert.Equal([".", "keep.txt", "sub", "sub/important.log"], names);
        Assert.True(result.Stats.Skipped >= 7);

        var off = await _fx.IndexAsync(rules: RuleToggles.Default.With(RuleToggles.Gitignore, false));
        Assert.True(off.Stats.New >= 5);
        Assert.Contains(Path.Combine(_fx.Root, "a.log"), _fx.Entries().Keys);
        Assert.DoesNotContain(Path.Combine(_fx.Root, "node_modules"), _fx.Entries().Keys);
    }
}

public sealed class IndexerSettingsSpec
{
    [Fact]
    public void Settings_come_from_reference_conf()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "../../../../../hocon/reference.conf");
        var config = Spacedrive.Runtime.Configuration.ConfigurationFactory.ParseFile(path);
        var settings = IndexerSettings.FromConfig(config);
        Assert.Equal(IndexerSettings.Default with { }, settings);
        Assert.Equal(Environment.ProcessorCount, settings.EffectiveDiscoveryWorkers);
    }
}

public sealed class RegistryContentIdentifierSpec : IDisposable
{
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    [Fact]
    public async Task The_default_content_phase_uses_the_content_hasher_and_file_types()
    {
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3 };
        File.WriteAllBytes(Path.Combine(_fx.Root, "pic.png"), png);
        _fx.File("notes.txt", "same content");
        var result = await _fx.IndexAsync(IndexMode.Content, new RuleToggles { NoDefaultRules = true });
        Assert.Equal(2, result.Stats.ContentLinked);
        Assert.Equal(1, _fx.Scalar("SELECT category FROM entries WHERE name = 'pic.png'")); // image
        Assert.Equal(1, _fx.Scalar("SELECT COUNT(*) FROM content_identities WHERE mime = 'image/png' AND kind = 1"));
        // Same hash as the engine's own sampled identifier.
        var own = SampledContentIdentifier.Instance.Identify(Path.Combine(_fx.Root, "notes.txt"), "notes.txt", 12).ContentHash;
        Assert.Equal(1, _fx.Scalar($"SELECT COUNT(*) FROM content_identities WHERE content_hash = '{own}'"));
    }
}
