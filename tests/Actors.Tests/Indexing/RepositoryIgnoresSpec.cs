using Spacedrive.Actors.Indexing.Rules;

namespace Spacedrive.Actors.Tests.Indexing;

/// <summary>A location inside a git repository: the ignore rules git applies from above the root.</summary>
public sealed class RepositoryIgnoresSpec : IDisposable
{
    private readonly IndexFixture _fx = new("repo/project");

    public void Dispose() => _fx.Dispose();

    private string Repo => Path.Combine(_fx.Base, "repo");

    private void RepoFile(string relative, string content)
    {
        var path = Path.Combine(Repo, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private List<string> Indexed() => _fx.Entries().Keys.Select(p => Path.GetRelativePath(_fx.Root, p)).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task A_gitignore_above_the_location_root_applies_inside_its_repository()
    {
        Directory.CreateDirectory(Path.Combine(Repo, ".git"));
        RepoFile(".gitignore", "*.tmp\nproject/generated/\n");
        _fx.File("a.tmp");
        _fx.File("keep.txt");
        _fx.File("generated/out.bin");
        _fx.File("sub/generated/kept.bin"); // the anchored pattern names project/generated only

        var result = await _fx.IndexAsync();

        Assert.Equal([".", "keep.txt", "sub", "sub/generated", "sub/generated/kept.bin"], Indexed());
        Assert.Equal(0, result.Stats.Errors);
    }

    [Fact]
    public async Task Info_exclude_applies_and_the_locations_own_gitignore_overrides_it()
    {
        RepoFile(".git/info/exclude", "*.secret\n*.keep-me\n");
        _fx.File(".gitignore", "!wanted.keep-me\n");
        _fx.File("a.secret");
        _fx.File("wanted.keep-me");
        _fx.File("other.keep-me");
        _fx.File("deep/b.secret");

        await _fx.IndexAsync();

        Assert.Equal([".", "deep", "wanted.keep-me"], Indexed());
    }

    [Fact]
    public async Task A_worktree_reads_the_main_repositorys_info_exclude()
    {
        var main = Path.Combine(_fx.Base, "main.git");
        Directory.CreateDirectory(Path.Combine(main, "worktrees", "project", "info"));
        Directory.CreateDirectory(Path.Combine(main, "info"));
        File.WriteAllText(Path.Combine(main, "info", "exclude"), "*.secret\n");
        File.WriteAllText(Path.Combine(main, "worktrees", "project", "commondir"), "../..\n");
        File.WriteAllText(Path.Combine(_fx.Root, ".git"), $"gitdir: {Path.Combine(main, "worktrees", "project")}\n");
        _fx.File("a.secret");
        _fx.File("b.txt");

        await _fx.IndexAsync(rules: RuleToggles.Default.With(RuleToggles.NoGit, false));

        Assert.Equal([".", ".git", "b.txt"], Indexed());
    }

    [Fact]
    public async Task Outside_a_repository_and_with_the_toggle_off_nothing_above_the_root_applies()
    {
        RepoFile(".gitignore", "*.tmp\n"); // no .git: repo/ is just a folder
        _fx.File("a.tmp");
        await _fx.IndexAsync();
        Assert.Equal([".", "a.tmp"], Indexed());

        Directory.CreateDirectory(Path.Combine(Repo, ".git"));
        await _fx.IndexAsync(rules: RuleToggles.Default.With(RuleToggles.Gitignore, false));
        Assert.Equal([".", "a.tmp"], Indexed());

        await _fx.IndexAsync();
        Assert.Equal(["."], Indexed());
    }
}
