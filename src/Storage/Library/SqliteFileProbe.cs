using System.Buffers.Binary;
using System.Text;

namespace Spacedrive.Storage.Library;

/// <summary>
/// Looks at an existing database file before SQLite does, so that a file that is not ours, truncated
/// or unreadable is reported with a precise reason instead of being opened (SQLite happily "opens"
/// an empty or half file and would then create tables in it).
/// Must run before any SQLite connection to this file exists in this process: closing the probe's
/// handle would drop that connection's POSIX locks. The library lock file guarantees this.
/// </summary>
internal static class SqliteFileProbe
{
    /// <summary>https://www.sqlite.org/fileformat.html#the_database_header</summary>
    private const int HeaderLength = 100;

    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("SQLite format 3\0");

    public static void CheckExisting(string path)
    {
        if (Directory.Exists(path))
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.IsDirectory, "a directory is in the place of the database file");
        }
        if (!File.Exists(path))
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.Missing, "no such file");
        }

        Span<byte> header = stackalloc byte[HeaderLength];
        long length;
        int read;
        try
        {
            // Read-write, because a library we cannot write is as unusable as one we cannot read.
            using var handle = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);
            length = RandomAccess.GetLength(handle);
            read = RandomAccess.Read(handle, header, 0);
        }
        catch (UnauthorizedAccessException e)
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.PermissionDenied, "this process may not read and write the file", e);
        }
        catch (IOException e)
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.Unreadable, e.Message, e);
        }

        if (length == 0)
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.Empty, "the file is empty (0 bytes)");
        }
        if (read < Magic.Length || !header[..Magic.Length].SequenceEqual(Magic))
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.NotADatabase, "the file does not start with the SQLite header");
        }
        if (read < HeaderLength)
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.Truncated, $"the file has {length} bytes, less than the {HeaderLength}-byte SQLite header");
        }

        // Checked here, before SQLite opens the file: even setting WAL mode would rewrite a foreign file's header.
        var applicationId = BinaryPrimitives.ReadInt32BigEndian(header[68..]);
        if (applicationId != LibraryDatabase.ApplicationId)
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.NotALibrary,
                $"an SQLite database with application_id 0x{applicationId:X8}, not a Spacedrive library (0x{LibraryDatabase.ApplicationId:X8})");
        }

        var pageSize = ReadPageSize(header);
        if (pageSize is null)
        {
            throw Unavailable(path, LibraryDatabaseUnavailableReason.Corrupt, "the header's page size is not a power of two between 512 and 65536");
        }

        // The in-header page count is valid only when the change counter matches "version-valid-for".
        var changeCounter = BinaryPrimitives.ReadUInt32BigEndian(header[24..]);
        var pageCount = BinaryPrimitives.ReadUInt32BigEndian(header[28..]);
        var validFor = BinaryPrimitives.ReadUInt32BigEndian(header[92..]);
        if (pageCount > 0 && changeCounter == validFor)
        {
            var expected = (long)pageCount * pageSize.Value;
            if (length < expected)
            {
                throw Unavailable(path, LibraryDatabaseUnavailableReason.Truncated,
                    $"the file has {length} bytes but its header describes {pageCount} pages of {pageSize} bytes ({expected} bytes)");
            }
        }
    }

    private static int? ReadPageSize(ReadOnlySpan<byte> header)
    {
        int raw = BinaryPrimitives.ReadUInt16BigEndian(header[16..]);
        var size = raw == 1 ? 65536 : raw;
        return size >= 512 && (size & (size - 1)) == 0 ? size : null;
    }

    private static LibraryDatabaseUnavailableException Unavailable(string path, LibraryDatabaseUnavailableReason reason, string detail, Exception? inner = null) =>
        new(path, reason, detail, inner);
}
