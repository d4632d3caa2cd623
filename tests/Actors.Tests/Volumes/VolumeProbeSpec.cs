using Spacedrive.Actors.Volumes;

namespace Spacedrive.Actors.Tests.Volumes;

public sealed class VolumeProbeSpec
{
    [Fact]
    public void The_volume_of_a_path_is_its_longest_mount_point_with_a_stable_fingerprint()
    {
        var volume = VolumeProbe.ForPath(Path.GetTempPath().TrimEnd('/'));
        Assert.NotNull(volume);
        Assert.StartsWith(volume.MountPoint == "/" ? "/" : volume.MountPoint, Path.GetTempPath(), StringComparison.Ordinal);
        Assert.True(volume.TotalCapacity > 0);
        Assert.Equal(volume.Fingerprint, VolumeProbe.ForPath(Path.GetTempPath().TrimEnd('/'))!.Fingerprint);
        Assert.Matches("^(uuid|dev):", volume.Fingerprint);
    }

    [Fact]
    public void Mountinfo_lines_are_parsed_with_escapes_and_network_types()
    {
        var file = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(file,
            [
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "40 22 0:50 / /mnt/my\\040share rw - cifs //server/share rw",
            ]);
            var mounts = VolumeProbe.Mounts(file);
            Assert.Equal("/mnt/my share", mounts[1].MountPoint);
            Assert.Equal("cifs", mounts[1].FileSystem);
            var share = VolumeProbe.ForPath("/mnt/my share/docs", file)!;
            Assert.True(share.IsNetwork);
            Assert.Equal("/mnt/my share", share.MountPoint);
            Assert.Equal("/", VolumeProbe.ForPath("/home/x", file)!.MountPoint);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
