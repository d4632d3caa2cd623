using System.Security.Cryptography;
using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;
using Xunit.Abstractions;

namespace Spacedrive.Storage.Tests.Library;

/// <summary>A library.db that is not a healthy library must be reported, never created over or "repaired".</summary>
public class UnavailableDatabaseSpec(ITestOutputHelper output)
{
    private static LibraryDatabaseUnavailableException RefusedUnchanged(string path, LibraryOpenOptions? options = null)
    {
        var before = File.Exists(path) ? SHA256.HashData(File.ReadAllBytes(path)) : null;
        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Open(path, options));
        if (before is not null)
        {
            Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        }
        Assert.Equal(Path.GetFullPath(path), e.DatabasePath);
        return e;
    }

    private static string HealthyLibrary(TempDirectory dir, int extraEntries = 0)
    {
        var path = dir.File("library.db");
        using var db = LibraryDatabase.Create(path);
        using var tx = db.Writer.BeginTransaction();
        var (device, location, root) = LibraryRows.AddLocationWithRoot(db.Writer, tx, "/data");
        using var closure = new EntryClosure(db.Writer, tx);
        for (var i = 0; i < extraEntries; i++)
        {
            closure.Insert(LibraryRows.Entry(device, location, root, $"file-{i:D5}-{new string('x', 60)}.txt", EntryKind.File));
        }
        tx.Commit();
        return path;
    }

    [Fact]
    public void A_missing_file_must_be_reported_and_not_created()
    {
        using var dir = new TempDirectory();
        var e = RefusedUnchanged(dir.File("library.db"));
        Assert.Equal(LibraryDatabaseUnavailableReason.Missing, e.Reason);
        Assert.Empty(Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void An_empty_file_must_be_reported()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("library.db"), []);
        Assert.Equal(LibraryDatabaseUnavailableReason.Empty, RefusedUnchanged(dir.File("library.db")).Reason);
    }

    [Fact]
    public void Random_bytes_must_be_reported_as_not_a_database()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.File("library.db"), new Random(7).GetItems<byte>(Enumerable.Range(0, 256).Select(b => (byte)b).ToArray(), 8192));
        Assert.Equal(LibraryDatabaseUnavailableReason.NotADatabase, RefusedUnchanged(dir.File("library.db")).Reason);
    }

    [Fact]
    public void A_text_file_must_be_reported_as_not_a_database()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("library.db"), "these are my notes, not a database\n");
        Assert.Equal(LibraryDatabaseUnavailableReason.NotADatabase, RefusedUnchanged(dir.File("library.db")).Reason);
    }

    [Theory]
    [InlineData(50)]      // inside the 100-byte header
    [InlineData(0.5)]     // half the pages gone
    public void A_truncated_library_must_be_reported(double keep)
    {
        using var dir = new TempDirectory();
        var path = HealthyLibrary(dir, extraEntries: 2000);
        var length = new FileInfo(path).Length;
        using (var file = File.OpenWrite(path))
        {
            file.SetLength(keep >= 1 ? (long)keep : (long)(length * keep));
        }

        var e = RefusedUnchanged(path);

        Assert.Equal(LibraryDatabaseUnavailableReason.Truncated, e.Reason);
        output.WriteLine(e.Message);
    }

    [Fact]
    public void Damaged_pages_must_be_reported_as_corrupt_when_checked_on_open()
    {
        using var dir = new TempDirectory();
        var path = HealthyLibrary(dir, extraEntries: 2000);
        var bytes = File.ReadAllBytes(path);
        var pageSize = (bytes[16] << 8) | bytes[17];
        // Scribble over the b-tree headers of a few pages past the schema page.
        for (var page = 3; page < 9; page++)
        {
            Array.Fill(bytes, (byte)0xA5, page * pageSize, 64);
        }
        File.WriteAllBytes(path, bytes);

        var e = RefusedUnchanged(path, new LibraryOpenOptions { QuickCheckOnOpen = true });

        Assert.Equal(LibraryDatabaseUnavailableReason.Corrupt, e.Reason);
        output.WriteLine(e.Message);
    }

    [Fact]
    public void Another_applications_sqlite_database_must_be_reported_as_not_a_library()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        using (var other = LibraryDatabase.Connect(path, SqliteOpenMode.ReadWriteCreate, LibraryOpenOptions.Default))
        {
            LibraryRows.Execute(other, null, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
        }

        var e = RefusedUnchanged(path);

        Assert.Equal(LibraryDatabaseUnavailableReason.NotALibrary, e.Reason);
        using var check = LibraryDatabase.Connect(path, SqliteOpenMode.ReadOnly, LibraryOpenOptions.Default);
        Assert.Equal(["photos"], LibraryRows.Strings(check, null, "SELECT name FROM sqlite_schema WHERE type = 'table'"));
    }

    [Fact]
    public void A_directory_in_place_of_the_file_must_be_reported()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("library.db"));
        Assert.Equal(LibraryDatabaseUnavailableReason.IsDirectory, RefusedUnchanged(dir.File("library.db")).Reason);
    }

    [Fact]
    public void A_file_this_process_may_not_read_must_be_reported_as_permission_denied()
    {
        if (OperatingSystem.IsWindows() || Environment.IsPrivilegedProcess)
        {
            // root bypasses file modes, so chmod 000 cannot deny it; the directory case above covers
            // the "cannot open as a file" path. Nothing to assert here under root.
            output.WriteLine("Skipped: running as root, which file permissions do not restrict.");
            return;
        }
        using var dir = new TempDirectory();
        var path = HealthyLibrary(dir);
        File.SetUnixFileMode(path, UnixFileMode.None);

        var e = Assert.Throws<LibraryDatabaseUnavailableException>(() => LibraryDatabase.Open(path));
        Assert.Equal(LibraryDatabaseUnavailableReason.PermissionDenied, e.Reason);
    }
}
