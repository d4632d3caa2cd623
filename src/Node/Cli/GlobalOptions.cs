using System.CommandLine;

namespace Spacedrive.Node.Cli;

/// <summary>Options every command accepts, wherever they appear on the line.</summary>
public sealed class GlobalOptions
{
    public Option<string?> DataDir { get; } = new("--data-dir")
    {
        Description = "The node's data directory (default: $SD_DATA_DIR, else $XDG_DATA_HOME/spacedrive, else ~/.local/share/spacedrive)",
        Recursive = true,
        HelpName = "DIR",
    };

    public Option<string?> Instance { get; } = new("--instance")
    {
        Description = "A named node instance with its own data directory, so several nodes run side by side",
        Recursive = true,
        HelpName = "NAME",
    };

    public Option<OutputFormat> Format { get; } = new("--format")
    {
        Description = "Output format: human (tables) or json (one object per command, JSON lines for streams)",
        Recursive = true,
        HelpName = "human|json",
        DefaultValueFactory = _ => OutputFormat.Human,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Shorthand for --format json",
        Recursive = true,
    };

    public void AddTo(Command root)
    {
        root.Options.Add(DataDir);
        root.Options.Add(Instance);
        root.Options.Add(Format);
        root.Options.Add(Json);
    }
}
