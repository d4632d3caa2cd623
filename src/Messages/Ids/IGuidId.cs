namespace Spacedrive.Messages;

/// <summary>
/// An identifier that is a UUID underneath, with a type of its own so that a device id can never be
/// passed where a location id is expected. Implemented by small readonly record structs.
/// </summary>
public interface IGuidId<TSelf> where TSelf : struct, IGuidId<TSelf>
{
    Guid Value { get; }

    /// <summary>Wraps a UUID without checking it; parsing is where input is validated.</summary>
    static abstract TSelf FromGuid(Guid value);
}
