namespace Spacedrive.Storage.Library;

/// <summary>Why a library.db cannot be used. Each one is a state we refuse to "repair" silently.</summary>
public enum LibraryDatabaseUnavailableReason
{
    /// <summary>Open was asked for a file that does not exist.</summary>
    Missing,

    /// <summary>Create was asked for a path that is already taken.</summary>
    AlreadyExists,

    /// <summary>A directory sits where the database file should be.</summary>
    IsDirectory,

    /// <summary>The file exists but this process may not read and write it.</summary>
    PermissionDenied,

    /// <summary>The file could not be read for another I/O reason.</summary>
    Unreadable,

    /// <summary>The file has zero bytes: a library.db is never empty once created.</summary>
    Empty,

    /// <summary>The file is shorter than its SQLite header says it is.</summary>
    Truncated,

    /// <summary>The file is not an SQLite database at all.</summary>
    NotADatabase,

    /// <summary>SQLite reports the database image as malformed.</summary>
    Corrupt,

    /// <summary>An SQLite database, but not a Spacedrive library (other application_id, no schema_migrations).</summary>
    NotALibrary,

    /// <summary>Written by a newer version of this program: we do not know its schema.</summary>
    SchemaTooNew,

    /// <summary>The recorded migrations differ from the ones this program has for the same versions.</summary>
    SchemaHistoryMismatch,

    /// <summary>A migration failed and was rolled back; the database is left at its previous version.</summary>
    MigrationFailed,
}
