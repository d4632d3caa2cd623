namespace Spacedrive.Messages.Nodes;

/// <summary>The identity of this device, made on first start and stable across restarts.</summary>
public sealed record DeviceInfo(
    Guid Id,
    string Name,
    string Slug,
    string Os,
    string OsVersion,
    string Architecture,
    string HardwareModel,
    int CpuCores,
    long MemoryBytes,
    DateTimeOffset CreatedAt);
