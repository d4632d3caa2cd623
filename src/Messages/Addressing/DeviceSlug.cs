using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace Spacedrive.Messages;

/// <summary>
/// The short device name used in <c>local://</c> paths: 1–63 characters of <c>a-z</c>, <c>0-9</c> and
/// inner hyphens, so it can never contain the '/' that ends it, nor anything a shell would mangle.
/// </summary>
public static class DeviceSlug
{
    public const int MaxLength = 63;

    /// <summary>Spacedrive's alias for "the device reading this path".</summary>
    public const string CurrentDeviceAlias = "local";

    public static bool IsValid([NotNullWhen(true)] string? slug) =>
        slug is { Length: > 0 and <= MaxLength }
        && slug[0] != '-' && slug[^1] != '-'
        && slug.All(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-');

    /// <summary>
    /// Derives a slug from a device name as Spacedrive does: lowercase, apostrophes dropped
    /// ("Jamie's MacBook Pro" → "jamies-macbook-pro"), every other run of non-alphanumerics one hyphen.
    /// </summary>
    public static string FromName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var slug = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (c is >= 'a' and <= 'z' or >= '0' and <= '9')
            {
                slug.Append(c);
            }
            else if (c is '\'' or '\u2019')
            {
                continue;
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }
        var result = slug.ToString().Trim('-');
        if (result.Length > MaxLength)
        {
            result = result[..MaxLength].TrimEnd('-');
        }
        return result.Length == 0 ? "device" : result;
    }
}
