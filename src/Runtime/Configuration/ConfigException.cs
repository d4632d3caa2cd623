namespace Spacedrive.Runtime.Configuration;

/// <summary>A configuration value is missing, has the wrong type, or cannot be resolved.</summary>
public class ConfigException : Exception
{
    public ConfigException() { }

    public ConfigException(string message) : base(message) { }

    public ConfigException(string message, Exception innerException) : base(message, innerException) { }
}
