using Spacedrive.Actors.Files;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Actors.Tests.Support;

namespace Spacedrive.Actors.Tests.Actions;

/// <summary>The freedesktop.org trash: where items go, their .trashinfo, unique names.</summary>
public sealed class FreedesktopTrashSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void An_item_on_the_home_volume_must_go_to_the_home_trash_with_an_escaped_absolute_path()
    {
        var trash = new FreedesktopTrash(_dir.File("home/Trash"));
        var folder = Directory.CreateDirectory(_dir.File("my files")).FullName;
        var file = Path.Combine(folder, "résumé 1.txt");
        File.WriteAllText(file, "x");
        var at = new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

        var trashed = trash.MoveToTrash(file, at);

        Assert.False(File.Exists(file));
        Assert.Equal(_dir.File("home/Trash"), trashed.TrashDirectory);
        Assert.Equal("x", File.ReadAllText(Path.Combine(_dir.File("home/Trash/files"), "résumé 1.txt")));
        var info = File.ReadAllLines(trashed.InfoPath);
        Assert.Equal("[Trash Info]", info[0]);
        Assert.Equal("Path=" + folder.Replace(" ", "%20", StringComparison.Ordinal) + "/r%C3%A9sum%C3%A9%201.txt", info[1]);
        Assert.Equal("DeletionDate=" + at.ToLocalTime().ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture), info[2]);
    }

    [Fact]
    public void Items_with_the_same_name_must_get_unique_names_and_info_files()
    {
        var trash = new FreedesktopTrash(_dir.File("Trash"));
        var names = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var dir = Directory.CreateDirectory(_dir.File($"d{i}")).FullName;
            File.WriteAllText(Path.Combine(dir, "same.txt"), i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            names.Add(trash.MoveToTrash(Path.Combine(dir, "same.txt"), DateTimeOffset.UtcNow).Name);
        }

        Assert.Equal(["same.txt", "same.txt.2", "same.txt.3"], names);
        Assert.Equal("2", File.ReadAllText(_dir.File("Trash/files/same.txt.3")));
        Assert.Equal(3, Directory.GetFiles(_dir.File("Trash/info"), "*.trashinfo").Length);
    }

    [Fact]
    public void An_info_file_left_by_a_crash_before_the_rename_must_be_taken_again_for_the_same_item()
    {
        var trash = new FreedesktopTrash(_dir.File("Trash"));
        var dir = Directory.CreateDirectory(_dir.File("d")).FullName;
        var file = Path.Combine(dir, "item.txt");
        File.WriteAllText(file, "z");
        // What a kill -9 between the two steps leaves: the reservation, no item in files/.
        Directory.CreateDirectory(_dir.File("Trash/info"));
        File.WriteAllText(_dir.File("Trash/info/item.txt.trashinfo"), $"[Trash Info]\nPath={FreedesktopTrash.Escape(file)}\nDeletionDate=2026-01-01T00:00:00\n");
        // Another item's reservation of the same name is left alone.
        var other = Path.Combine(Directory.CreateDirectory(_dir.File("e")).FullName, "item.txt");
        File.WriteAllText(other, "o");

        Assert.Equal("item.txt", trash.MoveToTrash(file, DateTimeOffset.UtcNow).Name);
        Assert.Equal("item.txt.2", trash.MoveToTrash(other, DateTimeOffset.UtcNow).Name);
        Assert.Equal("z", File.ReadAllText(_dir.File("Trash/files/item.txt")));
        Assert.Equal(2, Directory.GetFiles(_dir.File("Trash/info"), "*.trashinfo").Length);
    }

    [Fact]
    public void An_item_on_another_volume_must_go_to_the_trash_at_the_top_of_its_volume()
    {
        // /dev/shm is a tmpfs on Linux: another volume than the temp folder's, unless the machine mounts them together.
        var shm = Path.Combine("/dev/shm", "sd-trash-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(shm);
        try
        {
            var file = Path.Combine(shm, "item.txt");
            File.WriteAllText(file, "y");
            DirectoryReader.TryStat(shm, followSymlink: false, out var shmStat, out _);
            DirectoryReader.TryStat(_dir.Path, followSymlink: false, out var tmpStat, out _);
            var trash = new FreedesktopTrash(_dir.File("Trash"));

            var trashed = trash.MoveToTrash(file, DateTimeOffset.UtcNow);

            Assert.False(File.Exists(file));
            if (shmStat.Device == tmpStat.Device)
            {
                Assert.Equal(_dir.File("Trash"), trashed.TrashDirectory);
            }
            else
            {
                Assert.Matches(@"/\.Trash-\d+$", trashed.TrashDirectory);
                Assert.Contains("Path=" + Path.GetRelativePath(Path.GetDirectoryName(trashed.TrashDirectory)!, file), File.ReadAllText(trashed.InfoPath), StringComparison.Ordinal);
                File.Delete(trashed.FilePath);
                File.Delete(trashed.InfoPath);
                if (!Directory.EnumerateFileSystemEntries(trashed.TrashDirectory, "*", SearchOption.AllDirectories).Any(File.Exists))
                    Directory.Delete(trashed.TrashDirectory, recursive: true);
            }
        }
        finally
        {
            Directory.Delete(shm, recursive: true);
        }
    }
}
