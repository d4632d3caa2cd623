namespace Spacedrive.Storage.Library;

/// <summary>
/// library.db cannot be opened or created. The file is left exactly as it was found: nothing is created,
/// truncated or "repaired" in it, so the user (or a later, newer program) still has the data.
/// </summary>
public sealed class LibraryDatabaseUnavailableException : Exception
{
    public LibraryDatabaseUnavailableException(string path, LibraryDatabaseUnavailableReason reason, string detail, Exception? innerException = null)
        : base($"Library database '{path}' is unavailable ({reason}): {detail}", innerException)
    {
        DatabasePath = path;
        Reason = reason;
    }

    public LibraryDatabaseUnavailableException()
        : this(string.Empty, LibraryDatabaseUnavailableReason.Unreadable, "unknown")
    {
    }

    public LibraryDatabaseUnavailableException(string message)
        : base(message)
    {
        DatabasePath = string.Empty;
    }

    public LibraryDatabaseUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
        DatabasePath = string.Empty;
    }

    public string DatabasePath { get; }

    public LibraryDatabaseUnavailableReason Reason { get; }
}
