using System.Text.Json;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// The audit log's head (record count and last hash), kept in <c>audit-head.json</c> in the library folder, outside
/// library.db: a chain cannot show that its last records were deleted, a head kept elsewhere can. Written after each
/// audit transaction commits (write to a temporary file, fsync, rename). A crash between the commit and this write
/// leaves records after the head; the ActionManager adopts them at its next start when they chain on from the head
/// (they are the crash window, not a tampering), so verify stays strict.
/// </summary>
public sealed class AuditHead(string path)
{
    public const string FileName = "audit-head.json";

    public sealed record State(long Count, string? Hash);

    public string Path { get; } = path;

    public State? Read()
    {
        if (!File.Exists(Path)) return null;
        try
        {
            return JsonSerializer.Deserialize<State>(File.ReadAllText(Path));
        }
        catch (JsonException)
        {
            return new State(-1, null);
        }
    }

    public void Write(State state)
    {
        var temp = Path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, state);
            stream.Flush(flushToDisk: true);
        }
        File.Move(temp, Path, overwrite: true);
    }
}
