namespace Spacedrive.Node.Cli;

public enum OutputFormat
{
    Human,
    Json,
}
