namespace Spacedrive.Runtime.Configuration;

/// <summary>Malformed HOCON text. The message starts with <c>source:line:column</c>.</summary>
public sealed class HoconParseException : ConfigException
{
    public HoconParseException() { }

    public HoconParseException(string message) : base(message) { }

    public HoconParseException(string message, Exception innerException) : base(message, innerException) { }

    public HoconParseException(string sourceName, int line, int column, string problem)
        : base($"{sourceName}:{line}:{column}: {problem}")
    {
        SourceName = sourceName;
        Line = line;
        Column = column;
    }

    public string SourceName { get; } = "";

    /// <summary>1-based.</summary>
    public int Line { get; }

    /// <summary>1-based.</summary>
    public int Column { get; }
}
