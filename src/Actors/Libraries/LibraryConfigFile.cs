using System.Globalization;
using System.Text.Json;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Libraries;

/// <summary>The <c>library.conf</c> of a library folder: its id, name and creation time, in HOCON.</summary>
public sealed record LibraryConfigFile(Guid Id, string Name, DateTimeOffset CreatedAt)
{
    public const string FileName = "library.conf";

    public static LibraryConfigFile Read(string folder)
    {
        var config = ConfigurationFactory.ParseFile(Path.Combine(folder, FileName));
        var id = config.GetString("id") is { } text && Guid.TryParse(text, out var guid)
            ? guid
            : throw new ConfigException($"{FileName} in {folder} has no valid id.");
        var name = config.GetString("name") ?? throw new ConfigException($"{FileName} in {folder} has no name.");
        var created = DateTimeOffset.TryParse(config.GetString("created"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : DateTimeOffset.UnixEpoch;
        return new LibraryConfigFile(id, name, created);
    }

    /// <summary>Written to a temp file and renamed, so a crash leaves the old or the new file, never half of one.</summary>
    public void Write(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var temp = path + ".tmp";
        var text = $"""
            # Spacedrive library. The id is permanent; the name can change (`sd library rename`).
            id = "{Id}"
            name = {JsonSerializer.Serialize(Name)}
            created = "{CreatedAt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)}"

            """;
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(text);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
