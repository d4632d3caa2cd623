namespace Spacedrive.Messages.Nodes;

/// <summary>Asks the node for its status.</summary>
public sealed record GetNodeStatus
{
    public static GetNodeStatus Instance { get; } = new();
}

public sealed record NodeStatusReply(
    DeviceInfo Device,
    string DataDir,
    int Pid,
    string Version,
    DateTimeOffset StartedAt,
    double UptimeSeconds,
    int Libraries,
    string ApiSocket,
    bool InProcess);
