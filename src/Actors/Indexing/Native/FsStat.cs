using System.Buffers.Binary;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing.Native;

/// <summary>
/// What one statx call says about an entry, at full precision: times in nanoseconds since the Unix
/// epoch (<see cref="UnixNanos"/>), inode and device numbers, mode and link count.
/// </summary>
public readonly record struct FsStat(
    EntryKind Kind,
    long Size,
    long Inode,
    ulong Device,
    uint Mode,
    uint LinkCount,
    long ModifiedNs,
    long ChangedNs,
    long? BirthNs,
    long AccessedNs)
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;

    /// <summary>Permission bits (and setuid/setgid/sticky), without the file type.</summary>
    public long Permissions => Mode & 0xFFF;

    internal static EntryKind KindOf(uint mode) => (mode & S_IFMT) switch
    {
        S_IFREG => EntryKind.File,
        S_IFDIR => EntryKind.Directory,
        S_IFLNK => EntryKind.Symlink,
        _ => EntryKind.Special,
    };

    /// <summary>Decodes the kernel's struct statx (same layout on every 64- and 32-bit Linux).</summary>
    internal static FsStat FromStatx(ReadOnlySpan<byte> b)
    {
        var mask = BinaryPrimitives.ReadUInt32LittleEndian(b);
        var mode = BinaryPrimitives.ReadUInt16LittleEndian(b[28..]);
        var kind = KindOf(mode);
        var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(b[40..]);
        return new FsStat(
            kind,
            kind == EntryKind.File || kind == EntryKind.Symlink ? size : 0,
            (long)BinaryPrimitives.ReadUInt64LittleEndian(b[32..]),
            ((ulong)BinaryPrimitives.ReadUInt32LittleEndian(b[136..]) << 32) | BinaryPrimitives.ReadUInt32LittleEndian(b[140..]),
            mode,
            BinaryPrimitives.ReadUInt32LittleEndian(b[16..]),
            Time(b[112..]),
            Time(b[96..]),
            (mask & Libc.STATX_BTIME) != 0 ? Time(b[80..]) : null,
            Time(b[64..]));
    }

    private static long Time(ReadOnlySpan<byte> t)
    {
        var seconds = BinaryPrimitives.ReadInt64LittleEndian(t);
        var nanos = BinaryPrimitives.ReadUInt32LittleEndian(t[8..]);
        // Clamp to the range UnixNanos can hold (1677..2262).
        const long Limit = long.MaxValue / 1_000_000_000L - 1;
        seconds = Math.Clamp(seconds, -Limit, Limit);
        return seconds * 1_000_000_000L + nanos;
    }
}
