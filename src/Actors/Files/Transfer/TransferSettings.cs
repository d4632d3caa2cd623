using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Actors.Files.Transfer;

/// <summary>How file data reaches the disk before a file is renamed into place.</summary>
public enum TransferDurability
{
    /// <summary>fsync of each file, then rename, then fsync of its folder.</summary>
    File,

    /// <summary>A batch of files is written under temporary names, one syncfs, renamed, one more syncfs: the same guarantee, two barriers per batch.</summary>
    Batch,
}

/// <summary><c>spacedrive.files.transfer</c> (hocon/reference.conf documents each key).</summary>
public sealed record TransferSettings
{
    public int BufferBytes { get; init; } = 1 << 20;
    public int Workers { get; init; } = 2;
    public int BatchFiles { get; init; } = 512;
    public long BatchBytes { get; init; } = 256L << 20;
    public long LargeFileBytes { get; init; } = 64L << 20;
    public long ChunkBytes { get; init; } = 16L << 20;
    public TransferDurability Durability { get; init; } = TransferDurability.Batch;
    public bool ForceCrossVolume { get; init; }
    public int PreviewItems { get; init; } = 1000;
    public int OutputPairs { get; init; } = 10_000;
    public TimeSpan DiagnosticFileDelay { get; init; } = TimeSpan.Zero;

    public static TransferSettings FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string p = "spacedrive.files.transfer.";
        var d = new TransferSettings();
        return new TransferSettings
        {
            BufferBytes = (int)Math.Clamp(config.GetByteSize(p + "buffer-size", d.BufferBytes) ?? d.BufferBytes, 64 << 10, 64 << 20),
            Workers = config.GetInt(p + "workers", d.Workers) is var w && w > 0 ? w : Environment.ProcessorCount,
            BatchFiles = Math.Max(1, config.GetInt(p + "batch-files", d.BatchFiles)),
            BatchBytes = Math.Max(1, config.GetByteSize(p + "batch-bytes", d.BatchBytes) ?? d.BatchBytes),
            LargeFileBytes = Math.Max(1 << 20, config.GetByteSize(p + "large-file", d.LargeFileBytes) ?? d.LargeFileBytes),
            ChunkBytes = Math.Max(64 << 10, config.GetByteSize(p + "chunk-size", d.ChunkBytes) ?? d.ChunkBytes),
            Durability = string.Equals(config.GetString(p + "durability", "batch"), "file", StringComparison.OrdinalIgnoreCase) ? TransferDurability.File : TransferDurability.Batch,
            ForceCrossVolume = config.GetBoolean(p + "force-cross-volume", d.ForceCrossVolume),
            PreviewItems = Math.Max(0, config.GetInt(p + "preview-items", d.PreviewItems)),
            OutputPairs = Math.Max(0, config.GetInt(p + "output-pairs", d.OutputPairs)),
            DiagnosticFileDelay = config.GetTimeSpan(p + "diagnostic-file-delay", d.DiagnosticFileDelay, allowInfinite: false),
        };
    }
}

/// <summary>
/// What a library offers its transfer jobs (through <see cref="Jobs.JobServices"/>): settings, a folder for each job's
/// plan and manifest, in tests a fault injector, and the library's index (moved entries follow each batch).
/// </summary>
public sealed record TransferServices(TransferSettings Settings, string WorkDirectory, ITransferFaults? Faults = null, ITransferIndex? Index = null);

/// <summary>
/// The library's index as a move sees it: called after a batch's items are in place and before their sources are
/// removed, so the index entries move (keeping uuid, tags and metadata) before a location's watcher could see the
/// sources vanish and delete their entries. Must not throw; the end of the job reconciles anyway.
/// </summary>
public interface ITransferIndex
{
    Task MovingAsync(IReadOnlyList<TransferPair> pairs, CancellationToken cancellationToken);
}
