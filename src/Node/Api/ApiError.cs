namespace Spacedrive.Node.Api;

/// <summary>The JSON body of every failed API call: a stable machine code and a human message.</summary>
public sealed record ApiError(string Code, string Message);

/// <summary>Stable error codes. Scripts match on these; never rename one.</summary>
public static class ErrorCodes
{
    public const string BadRequest = "bad_request";
    public const string NotFound = "not_found";
    public const string LibraryNotFound = "library_not_found";
    public const string LibraryExists = "library_exists";
    public const string LibraryUnavailable = "library_unavailable";
    public const string LibraryBusy = "library_busy";
    public const string InvalidName = "invalid_name";
    public const string AmbiguousName = "ambiguous_name";
    public const string NodeUnavailable = "node_unavailable";
    public const string NodeAlreadyRunning = "node_already_running";
    public const string Timeout = "timeout";
    public const string Internal = "internal";
}

/// <summary>An operation failed for a reason the user can act on. Carries its stable code.</summary>
public class SdException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;

    public ApiError ToError() => new(Code, Message);

    /// <summary>The HTTP status follows the code's shape, so each area's new codes map without being listed here.</summary>
    public int HttpStatus => Code switch
    {
        ErrorCodes.LibraryUnavailable or ErrorCodes.NodeUnavailable => 503,
        ErrorCodes.Timeout => 504,
        ErrorCodes.Internal => 500,
        _ when Code.EndsWith("_not_found", StringComparison.Ordinal) || Code == ErrorCodes.NotFound => 404,
        _ when Code.EndsWith("_exists", StringComparison.Ordinal) || Code.EndsWith("_busy", StringComparison.Ordinal)
               || Code.EndsWith("_cycle", StringComparison.Ordinal) || Code == ErrorCodes.NodeAlreadyRunning => 409,
        _ => 400,
    };
}
