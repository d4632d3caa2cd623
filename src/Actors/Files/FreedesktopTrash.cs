using System.Globalization;
using System.Text;
using Spacedrive.Actors.Indexing.Native;

namespace Spacedrive.Actors.Files;

/// <summary>
/// The freedesktop.org trash (Trash specification 1.0): a file on the home trash's volume goes to
/// <c>$XDG_DATA_HOME/Trash</c> (default <c>~/.local/share/Trash</c>), any other to <c>$topdir/.Trash-$uid</c> at the top
/// of its own volume, so that trashing is always a rename (never a copy). Each trashed item gets
/// <c>info/NAME.trashinfo</c> (<c>Path=</c> percent-encoded, absolute for the home trash and relative to the top
/// directory otherwise; <c>DeletionDate=</c> local time) created first with O_EXCL, which also reserves a unique NAME
/// ("a", "a.2", "a.3"…), then the item is renamed to <c>files/NAME</c>, as file managers do so they can restore it.
/// </summary>
public sealed class FreedesktopTrash(string homeTrash)
{
    /// <summary>The home trash folder.</summary>
    public string HomeTrash { get; } = homeTrash;

    public static FreedesktopTrash FromEnvironment()
    {
        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome) || !Path.IsPathFullyQualified(dataHome))
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return new FreedesktopTrash(Path.Combine(dataHome, "Trash"));
    }

    /// <summary>Where a trashed item went: the trash folder, its unique name, and its info file.</summary>
    public sealed record Trashed(string TrashDirectory, string Name, string FilePath, string InfoPath);

    /// <summary>Moves a file, folder or symlink to the trash of its volume.</summary>
    public Trashed MoveToTrash(string path, DateTimeOffset deletedAt)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (!DirectoryReader.TryStat(full, followSymlink: false, out var item, out var errno))
            throw new IOException($"Cannot trash '{full}': {Libc.ErrorText(errno)}.");
        var (trash, topdir) = TrashFor(full, item.Device);
        var files = Path.Combine(trash, "files");
        var info = Path.Combine(trash, "info");
        Directory.CreateDirectory(files);
        Directory.CreateDirectory(info);
        if (!OperatingSystem.IsWindows())
        {
            // The spec asks for a trash only its owner can read.
            File.SetUnixFileMode(trash, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var recorded = topdir is null ? full : Path.GetRelativePath(topdir, full);
        var body = $"[Trash Info]\nPath={Escape(recorded)}\nDeletionDate={deletedAt.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture)}\n";
        var baseName = Path.GetFileName(full);
        for (var n = 1; ; n++)
        {
            var name = n == 1 ? baseName : $"{baseName}.{n}";
            var infoPath = Path.Combine(info, name + ".trashinfo");
            var target = Path.Combine(files, name);
            if (Path.Exists(target)) continue;
            FileStream stream;
            try
            {
                stream = new FileStream(infoPath, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            }
            catch (IOException) when (File.Exists(infoPath))
            {
                // Taken: the O_EXCL create is the reservation. But a reservation for this very path whose item never
                // reached files/ is what a crash between the two steps leaves: take it again rather than trashing
                // the item under a second name and leaving that info file orphaned.
                if (!ReservedFor(infoPath, recorded)) continue;
                stream = new FileStream(infoPath, FileMode.Create, FileAccess.Write, FileShare.None);
            }
            using (stream)
            {
                stream.Write(Encoding.UTF8.GetBytes(body));
                stream.Flush(flushToDisk: true);
            }
            try
            {
                if (item.Kind == Storage.Library.EntryKind.Directory) Directory.Move(full, target);
                else File.Move(full, target);
            }
            catch
            {
                File.Delete(infoPath);
                throw;
            }
            return new Trashed(trash, name, target, infoPath);
        }
    }

    private static bool ReservedFor(string infoPath, string recordedPath)
    {
        try
        {
            return File.ReadLines(infoPath).Any(line => string.Equals(line, "Path=" + Escape(recordedPath), StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The home trash when the item is on the home trash's volume, else <c>$topdir/.Trash-$uid</c>.</summary>
    private (string Trash, string? Topdir) TrashFor(string path, ulong device)
    {
        var probe = HomeTrash;
        while (!Directory.Exists(probe) && Path.GetDirectoryName(probe) is { } up) probe = up;
        if (DirectoryReader.TryStat(probe, followSymlink: true, out var home, out _) && home.Device == device) return (HomeTrash, null);
        var topdir = Path.GetDirectoryName(path) ?? "/";
        while (Path.GetDirectoryName(topdir) is { } parent
               && DirectoryReader.TryStat(parent, followSymlink: false, out var p, out _) && p.Device == device)
        {
            topdir = parent;
        }
        return (Path.Combine(topdir, ".Trash-" + Libc.geteuid().ToString(CultureInfo.InvariantCulture)), topdir);
    }

    /// <summary>Percent-encodes a path as the spec asks (RFC 2396 escaping; '/' stays).</summary>
    public static string Escape(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var sb = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(path))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || "/-_.!~*'()".Contains(c, StringComparison.Ordinal)) sb.Append(c);
            else sb.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }
        return sb.ToString();
    }
}
