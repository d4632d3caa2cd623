using System.Text.RegularExpressions;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// Where a node keeps its state. Resolution order: <c>--data-dir</c>, then <c>SD_DATA_DIR</c>, then
/// <c>$XDG_DATA_HOME/spacedrive</c>, then <c>~/.local/share/spacedrive</c>. A named instance lives in
/// <c>&lt;root&gt;/instances/&lt;name&gt;</c> so several nodes can run side by side on one machine.
/// </summary>
public sealed partial class DataDirectory
{
    private DataDirectory(string root, string? instance)
    {
        Root = root;
        Instance = instance;
    }

    public string Root { get; }
    public string? Instance { get; }

    public string ConfigFile => Path.Combine(Root, "node.conf");
    public string DeviceFile => Path.Combine(Root, "device.json");
    public string LockFile => Path.Combine(Root, "node.lock");
    public string PidFile => Path.Combine(Root, "node.pid");
    public string RunDirectory => Path.Combine(Root, "run");
    public string SocketPath => Path.Combine(RunDirectory, "api.sock");
    public string LogDirectory => Path.Combine(Root, "logs");
    public string LibrariesDirectory => Path.Combine(Root, "libraries");

    public static DataDirectory Resolve(string? dataDirOption, string? instance, IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Env(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);

        var root = dataDirOption;
        if (string.IsNullOrWhiteSpace(root)) root = Env("SD_DATA_DIR");
        if (string.IsNullOrWhiteSpace(root))
        {
            var xdg = Env("XDG_DATA_HOME");
            if (!string.IsNullOrWhiteSpace(xdg)) root = Path.Combine(xdg, "spacedrive");
        }
        if (string.IsNullOrWhiteSpace(root))
        {
            var home = Env("HOME");
            if (string.IsNullOrWhiteSpace(home)) home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
            root = Path.Combine(home, ".local", "share", "spacedrive");
        }

        root = Path.GetFullPath(ExpandHome(root, Env("HOME")));
        if (instance is not null)
        {
            if (!InstanceNamePattern().IsMatch(instance))
                throw new ArgumentException($"Instance name '{instance}' is invalid: use 1-64 characters from A-Z, a-z, 0-9, '_' and '-'.", nameof(instance));
            root = Path.Combine(root, "instances", instance);
        }
        return new DataDirectory(root, instance);
    }

    /// <summary>Creates the directory tree with owner-only permissions: the API socket lives here.</summary>
    public void EnsureCreated()
    {
        foreach (var dir in new[] { Root, RunDirectory, LogDirectory, LibrariesDirectory })
        {
            Directory.CreateDirectory(dir);
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            File.SetUnixFileMode(RunDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string ExpandHome(string path, string? home) =>
        path == "~" || path.StartsWith("~/", StringComparison.Ordinal)
            ? Path.Combine(home ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path.Length > 2 ? path[2..] : "")
            : path;

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex InstanceNamePattern();
}
