using Xunit;
namespace Spacedrive.Runtime.TestKit;

/// <summary>
/// A fact that runs only when an external tool is on PATH. xunit 2 has no dynamic skip, so the check
/// happens when the attribute is built and the runner reports the reason as a skip, never a silent pass.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RequiresToolFactAttribute : FactAttribute
{
    public RequiresToolFactAttribute(string tool)
    {
        Tool = tool;
        if (ToolLocator.Find(tool) is null)
        {
            Skip = $"{tool} not installed: apt-get install {tool}";
        }
    }

    public string Tool { get; }
}

public static class ToolLocator
{
    public static string? Find(string tool)
    {
        string? path = Environment.GetEnvironmentVariable("PATH");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }
        foreach (string dir in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, tool);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
