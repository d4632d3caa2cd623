namespace Spacedrive.Messages;

/// <summary>Thrown by <see cref="SdPath.Parse"/>; <see cref="Error"/> says which rule was broken.</summary>
public sealed class SdPathFormatException : FormatException
{
    public SdPathFormatException(string input, SdPathError error, string detail)
        : base($"Invalid SdPath '{input}': {detail}")
    {
        Input = input;
        Error = error;
    }

    public SdPathFormatException()
        : this(string.Empty, SdPathError.Empty, "empty")
    {
    }

    public SdPathFormatException(string message)
        : base(message)
    {
        Input = string.Empty;
    }

    public SdPathFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Input = string.Empty;
    }

    public string Input { get; }

    public SdPathError Error { get; }
}
