namespace Spacedrive.Runtime.Actor;

/// <summary>A setting is missing or invalid (an unknown dispatcher).</summary>
public class ConfigurationException : ActorException
{
    public ConfigurationException() { }
    public ConfigurationException(string message) : base(message) { }
    public ConfigurationException(string message, Exception innerException) : base(message, innerException) { }
}
