using Spacedrive.Actors.Content;
using Spacedrive.Actors.FileTypes;
using Spacedrive.Actors.Indexing.Native;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// The content phase's identifier over the Content and FileTypes areas: the sampled content hash
/// of <see cref="ContentHasher"/> (one open per file, a buffer per worker thread, size/mtime checked
/// after the read) and the file type from the same header bytes (<see cref="FileTypeRegistry.Identify"/>:
/// name + magic, no second open). Files are opened by <see cref="NativeFile"/>, so escaped
/// (non-UTF-8) names and paths longer than PATH_MAX work.
/// </summary>
public sealed class RegistryContentIdentifier(FileTypeRegistry? registry = null) : IContentIdentifier
{
    private readonly FileTypeRegistry _registry = registry ?? FileTypeRegistry.Default;

    public static RegistryContentIdentifier Default { get; } = new();

    public ContentIdentification Identify(string path, string name, long expectedSize)
    {
        try
        {
            using var handle = NativeFile.OpenRead(path);
            var hasher = ContentHasher.ForCurrentThread;
            var result = hasher.Compute(handle, path);
            if (!result.IsHashed || result.Id is not { } id)
            {
                return new ContentIdentification(null, 0, null, result.Error ?? result.Outcome.ToString());
            }
            if (result.Size != expectedSize)
            {
                return new ContentIdentification(null, 0, null, $"changed since indexed (size {expectedSize} -> {result.Size})");
            }
            var match = _registry.Identify(name, hasher.Header, isWholeFile: result.Size <= hasher.Header.Length);
            return new ContentIdentification(id.Hash, (int)match.Category, match.Type is null ? null : match.Mime, null);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new ContentIdentification(null, 0, null, e.Message);
        }
    }
}
