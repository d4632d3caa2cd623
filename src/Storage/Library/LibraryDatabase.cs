using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library.Migrations;

namespace Spacedrive.Storage.Library;

/// <summary>
/// An open library.db: the single writer connection (owned by the LibraryActor) plus a factory of
/// read-only connections. <see cref="Create"/> makes a new file, <see cref="Open"/> an existing one;
/// neither ever turns a foreign, damaged or unreadable file into a library: they throw
/// <see cref="LibraryDatabaseUnavailableException"/> and leave the file as it was.
/// </summary>
public sealed class LibraryDatabase : IDisposable
{
    /// <summary>SQLite header application_id marking a Spacedrive library ("SDLB").</summary>
    public const int ApplicationId = 0x53444C42;

    private readonly LibraryOpenOptions _options;

    private LibraryDatabase(string path, SqliteConnection writer, int schemaVersion, LibraryOpenOptions options)
    {
        FilePath = path;
        Writer = writer;
        SchemaVersion = schemaVersion;
        _options = options;
    }

    public string FilePath { get; }

    /// <summary>The one connection that writes. Not thread-safe: use it from the owning actor only.</summary>
    public SqliteConnection Writer { get; }

    public int SchemaVersion { get; }

    /// <summary>Creates a new library.db at <paramref name="path"/>, migrated to the latest schema.</summary>
    public static LibraryDatabase Create(string path, LibraryOpenOptions? options = null)
    {
        options ??= LibraryOpenOptions.Default;
        CreateFile(path, LibraryMigrations.All, targetVersion: null, options);
        return Open(path, LibraryMigrations.All, options);
    }

    /// <summary>Opens an existing library.db, checks it, and migrates it forward to the latest schema.</summary>
    public static LibraryDatabase Open(string path, LibraryOpenOptions? options = null) =>
        Open(path, LibraryMigrations.All, options ?? LibraryOpenOptions.Default);

    /// <summary>
    /// Builds the database file at a schema version (the latest when null) under a temporary name and
    /// renames it into place only when complete, so a crash during creation never leaves a half-made
    /// library.db that <see cref="Open"/> would refuse. Tests use the version to build old databases.
    /// </summary>
    internal static void CreateFile(string path, IReadOnlyList<LibraryMigration> migrations, int? targetVersion, LibraryOpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = Path.GetFullPath(path);
        if (File.Exists(path) || Directory.Exists(path))
        {
            throw new LibraryDatabaseUnavailableException(path, LibraryDatabaseUnavailableReason.AlreadyExists, "refusing to create a library over an existing file");
        }

        var building = $"{path}.creating-{Guid.NewGuid():N}";
        try
        {
            using (var connection = Connect(building, SqliteOpenMode.ReadWriteCreate, options))
            {
                Configure(connection, options);
                Execute(connection, $"PRAGMA application_id = {ApplicationId}; {MigrationRunner.VersionTableSql}");
                new MigrationRunner(migrations, options.Clock).Migrate(connection, path, targetVersion);
            }
            // Closing the last connection checkpointed and removed the WAL: the file is complete.
            File.Move(building, path, overwrite: false);
        }
        finally
        {
            foreach (var leftover in new[] { building, building + "-wal", building + "-shm" })
            {
                File.Delete(leftover);
            }
        }
    }

    internal static LibraryDatabase Open(string path, IReadOnlyList<LibraryMigration> migrations, LibraryOpenOptions options)
    {
        ArgumentNullException.ThrowIfNull(path);
        path = Path.GetFullPath(path);
        SqliteFileProbe.CheckExisting(path);

        var connection = Connect(path, SqliteOpenMode.ReadWrite, options);
        try
        {
            // Read-only checks first: nothing is written to a file until we know it is a healthy library.
            Execute(connection, BusyTimeoutPragma(options));
            CheckIsLibrary(connection, path);
            if (options.QuickCheckOnOpen)
            {
                QuickCheck(connection, path);
            }
            Configure(connection, options);
            var version = new MigrationRunner(migrations, options.Clock).Migrate(connection, path);
            return new LibraryDatabase(path, connection, version, options);
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Classify(path, e);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>A new read-only connection for queries (WAL lets it read while the writer writes).</summary>
    public SqliteConnection OpenReader()
    {
        var reader = Connect(FilePath, SqliteOpenMode.ReadOnly, _options);
        Execute(reader, $"{BusyTimeoutPragma(_options)} PRAGMA foreign_keys = ON;");
        return reader;
    }

    public void Dispose() => Writer.Dispose();

    internal static SqliteConnection Connect(string path, SqliteOpenMode mode, LibraryOpenOptions options)
    {
        SqliteNative.EnsureInitialized();
        var builder = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = mode,
            // No pool: a pooled connection keeps the file open after Dispose, which would keep the WAL
            // alive during Create's rename and hold file handles of a library that was closed.
            Pooling = false,
            DefaultTimeout = (int)Math.Ceiling(options.BusyTimeout.TotalSeconds),
        };
        var connection = new SqliteConnection(builder.ToString());
        try
        {
            connection.Open();
        }
        catch (SqliteException e)
        {
            connection.Dispose();
            throw Classify(path, e);
        }
        return connection;
    }

    /// <summary>
    /// WAL: readers never block the writer. synchronous=NORMAL: in WAL mode a commit survives a crash of
    /// this process (it is in the OS's page cache and the WAL), but the last commits may be lost on power
    /// loss or kernel panic; the database itself stays consistent. That is the usual trade for an index
    /// that can be rebuilt from disk. Durable job state lives in journal.db, which chooses its own level.
    /// </summary>
    private static void Configure(SqliteConnection connection, LibraryOpenOptions options)
    {
        Execute(connection, $"""
            {BusyTimeoutPragma(options)}
            PRAGMA journal_mode = WAL;
            PRAGMA synchronous = NORMAL;
            PRAGMA foreign_keys = ON;
            PRAGMA temp_store = MEMORY;
            PRAGMA cache_size = -20000;
            """);
    }

    private static string BusyTimeoutPragma(LibraryOpenOptions options) =>
        $"PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds};";

    private static void CheckIsLibrary(SqliteConnection connection, string path)
    {
        var applicationId = Convert.ToInt32(Scalar(connection, "PRAGMA application_id"), CultureInfo.InvariantCulture);
        if (applicationId != ApplicationId)
        {
            throw new LibraryDatabaseUnavailableException(path, LibraryDatabaseUnavailableReason.NotALibrary,
                $"an SQLite database with application_id 0x{applicationId:X8}, not a Spacedrive library (0x{ApplicationId:X8})");
        }
        var hasVersionTable = Convert.ToInt64(Scalar(connection,
            "SELECT count(*) FROM sqlite_schema WHERE type = 'table' AND name = 'schema_migrations'"), CultureInfo.InvariantCulture) == 1;
        if (!hasVersionTable)
        {
            throw new LibraryDatabaseUnavailableException(path, LibraryDatabaseUnavailableReason.NotALibrary, "the schema_migrations table is missing");
        }
    }

    private static void QuickCheck(SqliteConnection connection, string path)
    {
        var result = Convert.ToString(Scalar(connection, "PRAGMA quick_check(1)"), CultureInfo.InvariantCulture);
        if (result != "ok")
        {
            throw new LibraryDatabaseUnavailableException(path, LibraryDatabaseUnavailableReason.Corrupt, $"quick_check: {result}");
        }
    }

    private static LibraryDatabaseUnavailableException Classify(string path, SqliteException e)
    {
        // Primary result codes, https://www.sqlite.org/rescode.html
        var (reason, detail) = (e.SqliteErrorCode & 0xFF) switch
        {
            11 => (LibraryDatabaseUnavailableReason.Corrupt, "SQLite reports the database disk image is malformed"),
            26 => (LibraryDatabaseUnavailableReason.NotADatabase, "SQLite reports the file is not a database"),
            3 or 23 => (LibraryDatabaseUnavailableReason.PermissionDenied, "SQLite was denied access"),
            8 => (LibraryDatabaseUnavailableReason.PermissionDenied, "the database (or its -wal/-shm file or folder) is read-only"),
            14 => (LibraryDatabaseUnavailableReason.Unreadable, "SQLite cannot open the file"),
            10 => (LibraryDatabaseUnavailableReason.Unreadable, "an I/O error occurred"),
            _ => (LibraryDatabaseUnavailableReason.Unreadable, $"SQLite error {e.SqliteErrorCode}"),
        };
        return new LibraryDatabaseUnavailableException(path, reason, $"{detail}: {e.Message}", e);
    }

    /// <summary>
    /// Rewrites the database packed (VACUUM; row ids are kept, so entries and their FTS index stay aligned) and
    /// truncates the WAL. The temporary copy goes to a file, not to memory (this library's temp_store), so compacting
    /// a large library costs disk, not RAM. False when it could not (no room for the copy, another connection busy):
    /// only space is lost.
    /// </summary>
    public static bool Compact(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        try
        {
            Execute(connection, "PRAGMA temp_store = FILE");
            Execute(connection, "VACUUM");
            Execute(connection, "PRAGMA wal_checkpoint(TRUNCATE)");
            return true;
        }
        catch (SqliteException)
        {
            return false;
        }
        finally
        {
            Execute(connection, "PRAGMA temp_store = MEMORY");
        }
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
