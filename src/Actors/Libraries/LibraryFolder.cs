using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Libraries;

/// <summary>
/// An open library folder: <c>library.conf</c>, the lock that makes this node its only user, and
/// <c>library.db</c>. Opening never writes into a damaged library; it throws
/// <see cref="LibraryUnavailableException"/> with the reason instead.
/// </summary>
public sealed class LibraryFolder : IDisposable
{
    public const string DatabaseFile = "library.db";
    public const string JournalFile = "journal.db";
    public const string SidecarsFolder = "sidecars";
    public const string LockFile = "library.lock";

    private readonly FileStream _lock;

    private LibraryFolder(string path, LibraryConfigFile config, FileStream lockStream, LibraryDatabase database)
    {
        Path = path;
        Config = config;
        _lock = lockStream;
        Database = database;
    }

    public string Path { get; }
    public LibraryConfigFile Config { get; }
    public LibraryDatabase Database { get; }
    public string JournalPath => System.IO.Path.Combine(Path, JournalFile);
    public string SidecarsPath => System.IO.Path.Combine(Path, SidecarsFolder);

    public static LibraryFolder Create(string path, LibraryConfigFile config, LibraryOpenOptions? options = null)
    {
        Directory.CreateDirectory(path);
        Directory.CreateDirectory(System.IO.Path.Combine(path, SidecarsFolder));
        config.Write(path);
        var lockStream = AcquireLock(path);
        try
        {
            var db = LibraryDatabase.Create(System.IO.Path.Combine(path, DatabaseFile), options);
            return new LibraryFolder(path, config, lockStream, db);
        }
        catch
        {
            lockStream.Dispose();
            throw;
        }
    }

    public static LibraryFolder Open(string path, LibraryConfigFile config, LibraryOpenOptions? options = null)
    {
        var lockStream = AcquireLock(path);
        try
        {
            var db = LibraryDatabase.Open(System.IO.Path.Combine(path, DatabaseFile), options);
            Directory.CreateDirectory(System.IO.Path.Combine(path, SidecarsFolder));
            return new LibraryFolder(path, config, lockStream, db);
        }
        catch (LibraryDatabaseUnavailableException e)
        {
            lockStream.Dispose();
            throw new LibraryUnavailableException($"library.db is unavailable: {e.Message}", e);
        }
        catch
        {
            lockStream.Dispose();
            throw;
        }
    }

    private static FileStream AcquireLock(string folder)
    {
        try
        {
            return new FileStream(System.IO.Path.Combine(folder, LockFile), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new LibraryUnavailableException("another process holds its lock (is a second node using this library?)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new LibraryUnavailableException($"its folder is not writable ({e.Message})", e);
        }
    }

    public void Dispose()
    {
        Database.Dispose();
        _lock.Dispose();
    }
}

/// <summary>A library that cannot be opened; the message says why in words a user can act on.</summary>
public sealed class LibraryUnavailableException(string reason, Exception? inner = null) : Exception(reason, inner);
