using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Spacedrive.Actors.Volumes;

/// <summary>A mounted file system as this device sees it.</summary>
public sealed record VolumeInfo(
    string Fingerprint,
    string Name,
    string MountPoint,
    string FileSystem,
    string Source,
    long? TotalCapacity,
    long? AvailableCapacity,
    bool IsRemovable,
    bool IsNetwork);

/// <summary>
/// Reads /proc/self/mountinfo to find the volume holding a path (the longest mount point that
/// contains it), its capacity (statvfs, through DriveInfo), and a stable fingerprint: the file
/// system UUID from /dev/disk/by-uuid when the source device has one, else a hash of the device
/// numbers and the mount point (stable while the mount is).
/// </summary>
public static class VolumeProbe
{
    private static readonly HashSet<string> NetworkTypes = new(StringComparer.Ordinal)
    {
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "afs", "ncpfs", "9p", "fuse.sshfs", "sshfs", "davfs", "fuse.rclone", "ceph", "glusterfs",
    };

    public sealed record Mount(string DeviceNumbers, string MountPoint, string FileSystem, string Source);

    public static IReadOnlyList<Mount> Mounts(string mountInfoPath = "/proc/self/mountinfo")
    {
        var result = new List<Mount>();
        if (!File.Exists(mountInfoPath))
        {
            return result;
        }
        foreach (var line in File.ReadLines(mountInfoPath))
        {
            // id parent major:minor root mountpoint options [optional...] - fstype source superoptions
            var parts = line.Split(' ');
            var dash = Array.IndexOf(parts, "-");
            if (parts.Length < 7 || dash < 0 || dash + 2 >= parts.Length)
            {
                continue;
            }
            result.Add(new Mount(parts[2], Unescape(parts[4]), parts[dash + 1], Unescape(parts[dash + 2])));
        }
        return result;
    }

    /// <summary>The volume holding <paramref name="path"/>, or null when the mounts cannot be read.</summary>
    public static VolumeInfo? ForPath(string path, string mountInfoPath = "/proc/self/mountinfo")
    {
        ArgumentNullException.ThrowIfNull(path);
        var mount = Mounts(mountInfoPath)
            .Where(m => path == m.MountPoint || m.MountPoint == "/" || path.StartsWith(m.MountPoint + "/", StringComparison.Ordinal))
            .OrderByDescending(m => m.MountPoint.Length)
            .FirstOrDefault();
        return mount is null ? null : Describe(mount);
    }

    public static VolumeInfo Describe(Mount mount)
    {
        ArgumentNullException.ThrowIfNull(mount);
        long? total = null, available = null;
        try
        {
            var drive = new DriveInfo(mount.MountPoint);
            total = drive.TotalSize;
            available = drive.AvailableFreeSpace;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException)
        {
        }
        var uuid = FileSystemUuid(mount.Source);
        var fingerprint = uuid is not null
            ? "uuid:" + uuid
            : "dev:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(mount.DeviceNumbers + "|" + mount.MountPoint)))[..16];
        var name = mount.MountPoint == "/" ? "root" : Path.GetFileName(mount.MountPoint);
        return new VolumeInfo(fingerprint, name, mount.MountPoint, mount.FileSystem, mount.Source, total, available,
            IsRemovable(mount.DeviceNumbers), NetworkTypes.Contains(mount.FileSystem));
    }

    private static string? FileSystemUuid(string source)
    {
        const string ByUuid = "/dev/disk/by-uuid";
        if (!source.StartsWith("/dev/", StringComparison.Ordinal) || !Directory.Exists(ByUuid))
        {
            return null;
        }
        try
        {
            foreach (var link in Directory.EnumerateFileSystemEntries(ByUuid))
            {
                var target = new FileInfo(link).ResolveLinkTarget(returnFinalTarget: true)?.FullName;
                if (target == source)
                {
                    return Path.GetFileName(link);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    private static bool IsRemovable(string deviceNumbers)
    {
        foreach (var candidate in new[] { $"/sys/dev/block/{deviceNumbers}/removable", $"/sys/dev/block/{deviceNumbers}/../removable" })
        {
            try
            {
                if (File.Exists(candidate))
                {
                    return File.ReadAllText(candidate).Trim() == "1";
                }
            }
            catch (IOException)
            {
            }
        }
        return false;
    }

    // mountinfo escapes space, tab, newline and backslash as \ooo.
    private static string Unescape(string text)
    {
        if (!text.Contains('\\', StringComparison.Ordinal))
        {
            return text;
        }
        var builder = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 3 < text.Length)
            {
                builder.Append((char)Convert.ToInt32(text.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(text[i]);
            }
        }
        return builder.ToString();
    }

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);
}
