namespace Spacedrive.Messages;

/// <summary>What is wrong with a string that was meant to be an <see cref="SdPath"/>.</summary>
public enum SdPathError
{
    Empty,
    UnknownScheme,
    MissingDevice,
    InvalidDeviceSlug,
    MissingPath,
    RelativePath,
    InvalidCharacter,
    InvalidContentUuid,
    InvalidSidecarPath,
    UnknownSidecarKind,
    MissingExtension,
}
