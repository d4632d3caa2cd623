namespace Spacedrive.Runtime.Actor;

/// <summary>
/// Which actor system an actor lives in: <c>spacedrive://&lt;system&gt;</c>, where the system part is the
/// device id for a node. A remote ref differs from a local one only by this address.
/// </summary>
public sealed record Address(string Protocol, string System)
{
    public const string DefaultProtocol = "spacedrive";

    public static Address Local(string system) => new(DefaultProtocol, system);

    public override string ToString() => Protocol + "://" + System;
}
