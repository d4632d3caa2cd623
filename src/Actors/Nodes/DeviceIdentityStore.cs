using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Spacedrive.Messages.Nodes;

namespace Spacedrive.Actors.Nodes;

/// <summary>
/// Loads the device identity from <c>device.json</c>, or makes it on first start: a random UUID, the
/// host name (overridable), a slug for SdPaths, and OS and hardware facts. The id never changes once
/// written; the facts are refreshed on every start because hardware and OS versions do.
/// </summary>
public static class DeviceIdentityStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static DeviceInfo LoadOrCreate(string path, string? nameOverride, TimeProvider time)
    {
        DeviceInfo? existing = null;
        if (File.Exists(path))
        {
            try
            {
                existing = JsonSerializer.Deserialize<DeviceInfo>(File.ReadAllText(path), Json);
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"The device identity file {path} is corrupt ({e.Message}). Move it away to make a new identity; paired devices will then see this device as new.", e);
            }
        }

        var name = nameOverride ?? existing?.Name ?? HostName();
        var facts = new DeviceInfo(
            existing?.Id ?? Guid.NewGuid(),
            name,
            Slugify(name),
            OsName(),
            Environment.OSVersion.VersionString,
            RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
            HardwareModel(),
            Environment.ProcessorCount,
            GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
            existing?.CreatedAt ?? time.GetUtcNow());

        if (facts != existing)
        {
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(facts, Json));
            File.Move(temp, path, overwrite: true);
        }
        return facts;
    }

    /// <summary>Lower-case ASCII letters, digits and dashes: safe in `local://slug/path`.</summary>
    public static string Slugify(string name)
    {
        var normalized = name.Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(normalized.Length);
        foreach (var c in normalized)
        {
            if (char.IsAsciiLetterOrDigit(c)) sb.Append(char.ToLowerInvariant(c));
            else if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            else if (sb.Length > 0 && sb[^1] != '-') sb.Append('-');
        }
        var slug = sb.ToString().Trim('-');
        return slug.Length == 0 ? "device" : slug;
    }

    private static string HostName()
    {
        try
        {
            var host = Environment.MachineName;
            return string.IsNullOrWhiteSpace(host) ? "device" : host;
        }
        catch (InvalidOperationException)
        {
            return "device";
        }
    }

    private static string OsName() =>
        OperatingSystem.IsLinux() ? "linux" : OperatingSystem.IsMacOS() ? "macos" : OperatingSystem.IsWindows() ? "windows" : RuntimeInformation.OSDescription;

    private static string HardwareModel()
    {
        foreach (var file in new[] { "/sys/devices/virtual/dmi/id/product_name", "/sys/firmware/devicetree/base/model" })
        {
            try
            {
                if (File.Exists(file))
                {
                    var model = File.ReadAllText(file).Trim('\0', ' ', '\n');
                    if (model.Length > 0) return model;
                }
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return "unknown";
    }
}
