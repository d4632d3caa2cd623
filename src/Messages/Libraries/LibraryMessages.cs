namespace Spacedrive.Messages.Libraries;

/// <summary>Whether a library could be opened. An unavailable library is listed with its reason, never repaired behind the user's back.</summary>
public enum LibraryState
{
    Open,
    Unavailable,
}

public sealed record LibrarySummary(
    Guid Id,
    string Name,
    LibraryState State,
    string? Reason,
    string Path,
    DateTimeOffset CreatedAt);

public sealed record LibraryStatistics(
    long Entries,
    long Files,
    long Directories,
    long TotalBytes,
    long ContentIdentities,
    long Locations,
    long Tags,
    long DatabaseBytes,
    long JournalBytes);

public sealed record LocationSummary(Guid Id, string Name, string Path, string Mode, long Files, long Bytes, bool Online);

/// <summary>Create a library; the name is sanitized and must be unique.</summary>
public sealed record CreateLibrary(string Name);

public sealed record ListLibraries
{
    public static ListLibraries Instance { get; } = new();
}

public sealed record LibraryListReply(IReadOnlyList<LibrarySummary> Libraries);

/// <summary>A library named by id, unique id prefix, or name.</summary>
public sealed record GetLibraryInfo(string? Library);

public sealed record LibraryInfoReply(LibrarySummary Library, LibraryStatistics? Statistics, IReadOnlyList<LocationSummary> Locations);

public sealed record RenameLibrary(string Library, string NewName);

/// <summary>Delete a library: refused while jobs run unless forced; the folder is removed only with DeleteData.</summary>
public sealed record DeleteLibrary(string Library, bool DeleteData, bool Force);

public sealed record LibraryDeleted(Guid Id, string Name, bool DataDeleted);

/// <summary>A library operation failed; Code is one of the API's stable error codes.</summary>
public sealed record LibraryOperationFailed(string Code, string Message);

/// <summary>The stable codes of <see cref="LibraryOperationFailed"/>; the API passes them to clients unchanged.</summary>
public static class LibraryErrors
{
    public const string NotFound = "library_not_found";
    public const string Exists = "library_exists";
    public const string Unavailable = "library_unavailable";
    public const string Busy = "library_busy";
    public const string InvalidName = "invalid_name";
    public const string Ambiguous = "ambiguous_name";
}
