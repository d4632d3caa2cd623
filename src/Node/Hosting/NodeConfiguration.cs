using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// The node's effective configuration: command-line values over <c>SD_*</c> environment variables over
/// <c>&lt;data-dir&gt;/node.conf</c> over the embedded reference.conf (DESIGN.md §1).
/// </summary>
public static class NodeConfiguration
{
    public static Config Load(DataDirectory dataDir, Config? flags = null)
    {
        var nodeConf = File.Exists(dataDir.ConfigFile) ? ConfigurationFactory.ParseFile(dataDir.ConfigFile) : Config.Empty;
        return (flags ?? Config.Empty)
            .WithFallback(Config.FromEnvironment())
            .WithFallback(nodeConf)
            .WithFallback(ConfigurationFactory.Default());
    }
}
