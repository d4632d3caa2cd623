namespace Spacedrive.Actors.Indexing.Rules;

/// <summary>
/// What git ignores in a location from outside it: when the location lies inside a git repository
/// (a folder with a .git at or above the root), the .gitignore files of the folders between the
/// repository's top and the location root, and the repository's info/exclude, apply as git applies
/// them (info/exclude weakest, deeper files stronger; the root's own .gitignore and those below it
/// are read by the walk and stronger still). Outside a repository git reads no .gitignore above the
/// working tree, and neither does the indexer.
/// </summary>
public static class RepositoryIgnores
{
    /// <summary>The stack the walk starts from at <paramref name="root"/> (null: nothing applies).</summary>
    /// <param name="onError">Called with (path, message) for an ignore file that exists but cannot be read.</param>
    public static IgnoreStack? Above(string root, Action<string, string> onError)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(onError);
        var folders = new List<string>(); // the root first, then upwards
        string? repository = null;
        for (var folder = root; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            folders.Add(folder);
            if (Directory.Exists(Path.Combine(folder, ".git")) || File.Exists(Path.Combine(folder, ".git")))
            {
                repository = folder;
                break;
            }
        }
        if (repository is null)
        {
            return null;
        }

        IgnoreStack? stack = null;
        if (GitDirectory(repository, onError) is { } gitDirectory
            && Read(Path.Combine(gitDirectory, "info", "exclude"), onError) is { } exclude)
        {
            stack = IgnoreStack.PushAbove(stack, exclude, PathToRoot(repository, root));
        }
        // From the repository's top down to the root's parent (the walk reads the root's own).
        for (var i = folders.Count - 1; i >= 1; i--)
        {
            if (Read(Path.Combine(folders[i], ".gitignore"), onError) is { } file)
            {
                stack = IgnoreStack.PushAbove(stack, file, PathToRoot(folders[i], root));
            }
        }
        return stack;
    }

    private static string PathToRoot(string folder, string root)
    {
        var relative = Path.GetRelativePath(folder, root);
        return relative == "." ? "" : relative;
    }

    // .git is a folder, or (worktrees, submodules) a file "gitdir: <path>"; a worktree's info/exclude
    // is its main repository's, named by the file "commondir".
    private static string? GitDirectory(string repository, Action<string, string> onError)
    {
        var dotGit = Path.Combine(repository, ".git");
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }
        try
        {
            var line = File.ReadLines(dotGit).FirstOrDefault(l => l.StartsWith("gitdir:", StringComparison.Ordinal));
            if (line is null)
            {
                return null;
            }
            var gitDirectory = Path.GetFullPath(line["gitdir:".Length..].Trim(), repository);
            var common = Path.Combine(gitDirectory, "commondir");
            return File.Exists(common) ? Path.GetFullPath(File.ReadAllText(common).Trim(), gitDirectory) : gitDirectory;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onError(dotGit, $"cannot read: {e.Message}");
            return null;
        }
    }

    private static IgnoreFile? Read(string path, Action<string, string> onError)
    {
        if (!File.Exists(path))
        {
            return null;
        }
        try
        {
            return IgnoreFile.Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            onError(path, $"cannot read: {e.Message}");
            return null;
        }
    }
}
