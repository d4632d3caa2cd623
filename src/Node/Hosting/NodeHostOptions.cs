namespace Spacedrive.Node.Hosting;

public sealed record NodeHostOptions
{
    /// <summary>Also log to stderr (the foreground node); in-process nodes log to the file only, so command output stays clean.</summary>
    public bool LogToStderr { get; init; }

    /// <summary>Hosted by a CLI command for its duration rather than by `sd node start`.</summary>
    public bool InProcess { get; init; }

    /// <summary>Overrides the device name kept in device.json.</summary>
    public string? DeviceName { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
