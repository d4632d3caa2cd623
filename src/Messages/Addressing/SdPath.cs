using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Spacedrive.Messages;

/// <summary>
/// An address in the virtual distributed file system (docs/DATA.md, "SdPath"):
/// <list type="bullet">
/// <item><c>local://&lt;device-slug&gt;/&lt;absolute path&gt;</c>: a physical file on one device;</item>
/// <item>a plain absolute path (<c>/home/me/a.txt</c>): a physical file on the current device;</item>
/// <item><c>content://&lt;uuid&gt;</c>: any copy of that content;</item>
/// <item><c>sidecar://&lt;uuid&gt;/&lt;kind&gt;/&lt;variant&gt;.&lt;ext&gt;</c>: a derived file of that content.</item>
/// </list>
/// Paths are written verbatim, without percent-encoding: everything after the slug is the path, so any
/// path (spaces, '%', '#', '?', unicode) round-trips exactly and reads as the user typed it.
/// JSON form: the same string (<see cref="SdPathJsonConverter"/>).
/// </summary>
[JsonConverter(typeof(SdPathJsonConverter))]
public abstract record SdPath
{
    private protected SdPath()
    {
    }

    public static SdPath Parse(string text, string? currentDeviceSlug = null) =>
        SdPathParser.Parse(text, currentDeviceSlug);

    public static bool TryParse([NotNullWhen(true)] string? text, [NotNullWhen(true)] out SdPath? path, string? currentDeviceSlug = null)
    {
        if (text is null)
        {
            path = null;
            return false;
        }
        try
        {
            path = SdPathParser.Parse(text, currentDeviceSlug);
            return true;
        }
        catch (SdPathFormatException)
        {
            path = null;
            return false;
        }
    }

    /// <summary>A file on a named device.</summary>
    public static Local OnDevice(string deviceSlug, string absolutePath) => new(deviceSlug, absolutePath);

    /// <summary>A file on the device that reads this value, whatever its slug.</summary>
    public static Local OnThisDevice(string absolutePath) => new(null, absolutePath);

    /// <summary>The string form, the inverse of <see cref="Parse"/>.</summary>
    public abstract string ToUri();

    /// <summary>A physical path. <see cref="DeviceSlug"/> null means "the current device".</summary>
    public sealed record Local : SdPath
    {
        public Local(string? deviceSlug, string path)
        {
            if (deviceSlug is not null && !Messages.DeviceSlug.IsValid(deviceSlug))
            {
                throw new ArgumentException($"'{deviceSlug}' is not a device slug (a-z, 0-9, inner '-').", nameof(deviceSlug));
            }
            ArgumentNullException.ThrowIfNull(path);
            if (!SdPathParser.IsAbsolute(path))
            {
                throw new ArgumentException($"'{path}' is not an absolute path.", nameof(path));
            }
            if (path.Contains('\0', StringComparison.Ordinal))
            {
                throw new ArgumentException("A path cannot contain NUL.", nameof(path));
            }
            DeviceSlug = deviceSlug;
            Path = SdPathParser.CollapseLeadingSlashes(path);
        }

        public string? DeviceSlug { get; }

        public string Path { get; }

        /// <summary>True when this path names a file on the device whose slug is given.</summary>
        public bool IsOn(string currentDeviceSlug) =>
            DeviceSlug is null or Messages.DeviceSlug.CurrentDeviceAlias
            || string.Equals(DeviceSlug, currentDeviceSlug, StringComparison.Ordinal);

        public override string ToUri() =>
            DeviceSlug is null ? Path : $"{SdPathParser.LocalScheme}://{DeviceSlug}{Path}";

        public override string ToString() => ToUri();
    }

    /// <summary>Any instance of a piece of content, resolved later to the cheapest online copy.</summary>
    public sealed record Content(Guid ContentUuid) : SdPath
    {
        public override string ToUri() => $"{SdPathParser.ContentScheme}://{GuidIds.Format(ContentUuid)}";

        public override string ToString() => ToUri();
    }

    /// <summary>A derived file (thumbnail, proxy, OCR text…) of a piece of content.</summary>
    public sealed record Sidecar : SdPath
    {
        public Sidecar(Guid contentUuid, string kind, string variant, string extension)
        {
            if (!SidecarKinds.IsKnown(kind))
            {
                throw new ArgumentException($"Unknown sidecar kind '{kind}' (known: {string.Join(", ", SidecarKinds.All)}).", nameof(kind));
            }
            if (string.IsNullOrEmpty(variant) || variant.Contains('/', StringComparison.Ordinal))
            {
                throw new ArgumentException("A sidecar variant is a non-empty name without '/'.", nameof(variant));
            }
            if (string.IsNullOrEmpty(extension) || extension.Contains('/', StringComparison.Ordinal) || extension.Contains('.', StringComparison.Ordinal))
            {
                throw new ArgumentException("A sidecar extension is a non-empty name without '/' or '.'.", nameof(extension));
            }
            ContentUuid = contentUuid;
            Kind = kind;
            Variant = variant;
            Extension = extension;
        }

        public Guid ContentUuid { get; }

        public string Kind { get; }

        public string Variant { get; }

        public string Extension { get; }

        public override string ToUri() =>
            $"{SdPathParser.SidecarScheme}://{GuidIds.Format(ContentUuid)}/{Kind}/{Variant}.{Extension}";

        public override string ToString() => ToUri();
    }
}
