using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Storage.Persistence;

/// <summary>How SQLite makes a commit durable (<c>PRAGMA synchronous</c> in WAL mode).</summary>
public enum SqliteSynchronous
{
    /// <summary>
    /// The WAL is fsync'd at every commit: an acknowledged event survives kill -9 <em>and</em> power loss.
    /// </summary>
    Full,

    /// <summary>
    /// The WAL is fsync'd only at checkpoints: an acknowledged event survives kill -9 (it is in the OS's
    /// page cache) but the last commits may be lost on power loss or an OS crash. Much faster for one writer.
    /// </summary>
    Normal,
}

/// <summary>Settings of the SQLite journal and snapshot store (<c>spacedrive.persistence.sqlite</c> in reference.conf).</summary>
public sealed record SqlitePersistenceOptions
{
    /// <summary>Durability of a commit; <see cref="SqliteSynchronous.Full"/> by default.</summary>
    public SqliteSynchronous Synchronous { get; init; } = SqliteSynchronous.Full;

    /// <summary>At most this many events go into one transaction (one fsync); more pending writes wait for the next.</summary>
    public int MaxBatchEvents { get; init; } = 2000;

    /// <summary>Writes waiting for the writer; beyond, <c>WriteAsync</c> waits for room (backpressure).</summary>
    public int WriteQueueCapacity { get; init; } = 10_000;

    /// <summary>How long a statement waits for another connection's lock before failing.</summary>
    public TimeSpan BusyTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Pages written to the WAL after which a background connection copies them into the database file
    /// (a passive checkpoint, off the commit path). 0 leaves it to SQLite's autocheckpoint (1000 pages, inside a commit).
    /// </summary>
    public int CheckpointPages { get; init; } = 16_000;

    /// <summary>
    /// <c>PRAGMA journal_size_limit</c> in bytes: the WAL file is cut back to this size whenever it is reset, and the
    /// writer checkpoints it to empty (<c>wal_checkpoint(TRUNCATE)</c>) between batches once it reaches half of it,
    /// so a WAL that passive checkpoints cannot keep up with (continuous writes, busy readers) stays bounded.
    /// -1: no limit (SQLite's default; the WAL keeps its largest size).
    /// </summary>
    public long JournalSizeLimit { get; init; } = 64L * 1024 * 1024;

    /// <summary>
    /// When the writer has had nothing to write for this long after a write, it checkpoints the WAL to empty
    /// (<c>wal_checkpoint(TRUNCATE)</c>). Zero or negative: never when idle (still at close).
    /// </summary>
    public TimeSpan IdleCheckpointDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Read connections kept open for replay and queries.</summary>
    public int MaxIdleReadConnections { get; init; } = 4;

    /// <summary>
    /// Page size of a newly created file (an existing file keeps its own). Small pages suit a journal: a group commit of
    /// events from many actors dirties one index leaf per persistence id, and the WAL (fsync'd at each commit) receives
    /// whole pages. Measured on this machine kind with 256 concurrent writers: 1 KiB pages committed about 1.5–2× more
    /// events per second than 4 KiB pages.
    /// </summary>
    public int PageSize { get; init; } = 1024;

    /// <summary>The clock that stamps events and snapshots.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Reads <c>spacedrive.persistence.sqlite</c> from <paramref name="config"/> (each missing key keeps its default).</summary>
    public static SqlitePersistenceOptions FromConfig(Config config)
    {
        ArgumentNullException.ThrowIfNull(config);
        const string p = "spacedrive.persistence.sqlite.";
        var d = new SqlitePersistenceOptions();
        var synchronous = config.GetString(p + "synchronous", "full");
        return d with
        {
            Synchronous = synchronous?.ToUpperInvariant() switch
            {
                "FULL" => SqliteSynchronous.Full,
                "NORMAL" => SqliteSynchronous.Normal,
                _ => throw new ArgumentException($"{p}synchronous must be 'full' or 'normal', not '{synchronous}'.", nameof(config)),
            },
            MaxBatchEvents = Positive(config.GetInt(p + "max-batch-events", d.MaxBatchEvents), "max-batch-events"),
            WriteQueueCapacity = Positive(config.GetInt(p + "write-queue-capacity", d.WriteQueueCapacity), "write-queue-capacity"),
            BusyTimeout = config.GetTimeSpan(p + "busy-timeout", d.BusyTimeout, allowInfinite: false),
            CheckpointPages = config.GetInt(p + "checkpoint-pages", d.CheckpointPages),
            MaxIdleReadConnections = config.GetInt(p + "max-idle-read-connections", d.MaxIdleReadConnections),
            JournalSizeLimit = JournalSizeLimitOf(config.GetString(p + "journal-size-limit", null), config),
            IdleCheckpointDelay = config.GetTimeSpan(p + "idle-checkpoint-delay", d.IdleCheckpointDelay, allowInfinite: false),
            PageSize = PageSizeOf(config.GetByteSize(p + "page-size", d.PageSize) ?? d.PageSize),
        };

        static long JournalSizeLimitOf(string? text, Config config)
        {
            if (text is null) return new SqlitePersistenceOptions().JournalSizeLimit;
            if (text.Trim() is "off" or "-1") return -1;
            var value = config.GetByteSize(p + "journal-size-limit", null) ?? -1;
            return value > 0
                ? value
                : throw new ArgumentException($"{p}journal-size-limit must be a positive size or 'off', not '{text}'.", nameof(config));
        }

        static int PageSizeOf(long value) =>
            value is >= 512 and <= 65536 && (value & (value - 1)) == 0
                ? (int)value
                : throw new ArgumentException($"spacedrive.persistence.sqlite.page-size must be a power of two from 512 to 65536, not {value}.", nameof(config));

        static int Positive(int value, string key) =>
            value > 0 ? value : throw new ArgumentException($"spacedrive.persistence.sqlite.{key} must be positive, not {value}.", nameof(config));
    }
}
