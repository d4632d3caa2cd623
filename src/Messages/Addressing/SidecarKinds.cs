namespace Spacedrive.Messages;

/// <summary>The sidecar kinds (folder names under a content's sidecar directory) Spacedrive defines.</summary>
public static class SidecarKinds
{
    public const string Thumbs = "thumbs";
    public const string Proxies = "proxies";
    public const string Embeddings = "embeddings";
    public const string Ocr = "ocr";
    public const string Transcript = "transcript";

    public static IReadOnlyList<string> All { get; } = [Thumbs, Proxies, Embeddings, Ocr, Transcript];

    public static bool IsKnown(string? kind) => kind is not null && All.Contains(kind, StringComparer.Ordinal);
}
