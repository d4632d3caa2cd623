namespace Spacedrive.Messages;

/// <summary>The one parser behind <see cref="SdPath.Parse"/>; every rejection names the broken rule.</summary>
internal static class SdPathParser
{
    public const string LocalScheme = "local";
    public const string ContentScheme = "content";
    public const string SidecarScheme = "sidecar";
    private const string SchemeSeparator = "://";

    public static SdPath Parse(string text, string? currentDeviceSlug)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length == 0)
        {
            throw Fail(text, SdPathError.Empty, "the string is empty");
        }
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            throw Fail(text, SdPathError.InvalidCharacter, "it contains a NUL character");
        }

        // A leading '/' decides it: an absolute path may itself contain "://" ("/tmp/a://b").
        if (text[0] == '/')
        {
            return new SdPath.Local(currentDeviceSlug, text);
        }

        var separator = text.IndexOf(SchemeSeparator, StringComparison.Ordinal);
        if (separator <= 0 || !IsScheme(text.AsSpan(0, separator)))
        {
            throw Fail(text, SdPathError.RelativePath,
                "expected an absolute path (starting with '/') or a URI such as local://device/path, content://uuid, sidecar://uuid/kind/variant.ext");
        }

        var scheme = text[..separator].ToLowerInvariant();
        var rest = text[(separator + SchemeSeparator.Length)..];
        return scheme switch
        {
            LocalScheme => ParseLocal(text, rest),
            ContentScheme => new SdPath.Content(ParseUuid(text, rest, "content://")),
            SidecarScheme => ParseSidecar(text, rest),
            _ => throw Fail(text, SdPathError.UnknownScheme,
                $"unknown scheme '{scheme}' (known: {LocalScheme}, {ContentScheme}, {SidecarScheme})"),
        };
    }

    public static bool IsAbsolute(string path) => path.Length > 0 && path[0] == '/';

    /// <summary>
    /// Spacedrive prints <c>local://slug//abs</c> (slug joined to an absolute path), so "//abs" and "/abs"
    /// must mean the same; we normalise leading slashes to one so both round-trip to one value.
    /// </summary>
    public static string CollapseLeadingSlashes(string path)
    {
        var first = 0;
        while (first + 1 < path.Length && path[first + 1] == '/')
        {
            first++;
        }
        return first == 0 ? path : path[first..];
    }

    private static SdPath.Local ParseLocal(string text, string rest)
    {
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var slug = slash < 0 ? rest : rest[..slash];
        if (slug.Length == 0)
        {
            throw Fail(text, SdPathError.MissingDevice, "local:// must be followed by a device slug");
        }
        if (!DeviceSlug.IsValid(slug))
        {
            throw Fail(text, SdPathError.InvalidDeviceSlug,
                $"'{slug}' is not a device slug (1-{DeviceSlug.MaxLength} characters a-z, 0-9 and inner '-')");
        }
        if (slash < 0)
        {
            throw Fail(text, SdPathError.MissingPath, $"no path after the device slug '{slug}' (expected local://{slug}/absolute/path)");
        }
        return new SdPath.Local(slug, rest[slash..]);
    }

    private static SdPath.Sidecar ParseSidecar(string text, string rest)
    {
        var parts = rest.Split('/');
        if (parts.Length != 3 || parts.Any(p => p.Length == 0))
        {
            throw Fail(text, SdPathError.InvalidSidecarPath, "expected sidecar://<content-uuid>/<kind>/<variant>.<ext>");
        }
        var uuid = ParseUuid(text, parts[0], "sidecar://");
        var kind = parts[1];
        if (!SidecarKinds.IsKnown(kind))
        {
            throw Fail(text, SdPathError.UnknownSidecarKind,
                $"unknown sidecar kind '{kind}' (known: {string.Join(", ", SidecarKinds.All)})");
        }
        var file = parts[2];
        var dot = file.LastIndexOf('.');
        if (dot < 0 || dot == file.Length - 1)
        {
            throw Fail(text, SdPathError.MissingExtension, $"sidecar file '{file}' has no extension (expected <variant>.<ext>)");
        }
        if (dot == 0)
        {
            throw Fail(text, SdPathError.InvalidSidecarPath, $"sidecar file '{file}' has no variant name before the extension");
        }
        return new SdPath.Sidecar(uuid, kind, file[..dot], file[(dot + 1)..]);
    }

    private static Guid ParseUuid(string text, string candidate, string prefix)
    {
        if (candidate.Length == 0)
        {
            throw Fail(text, SdPathError.InvalidContentUuid, $"{prefix} must be followed by a content UUID");
        }
        return Guid.TryParseExact(candidate, "D", out var uuid)
            ? uuid
            : throw Fail(text, SdPathError.InvalidContentUuid, $"'{candidate}' is not a UUID (expected 8-4-4-4-12 hex digits)");
    }

    /// <summary>RFC 3986 scheme: a letter, then letters, digits, '+', '-', '.'.</summary>
    private static bool IsScheme(ReadOnlySpan<char> candidate)
    {
        if (!char.IsAsciiLetter(candidate[0]))
        {
            return false;
        }
        foreach (var c in candidate)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '+' or '-' or '.'))
            {
                return false;
            }
        }
        return true;
    }

    private static SdPathFormatException Fail(string text, SdPathError error, string detail) => new(text, error, detail);
}
