using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace Spacedrive.Storage.Library;

/// <summary>
/// How an entry's uuid is stored: entries.uuid and the columns that name an entry by uuid
/// (user_metadata.entry_uuid, collection_entries.entry_uuid) hold it as a 16-byte BLOB in RFC 4122
/// (big-endian) byte order, not as 36 characters of text: a library of a million files is ~40 MB
/// smaller (table and unique index), and UUIDv7s stay in time order so the index grows at its end.
/// <c>hex(uuid)</c> in sqlite3 reads as the usual hex digits. Every other uuid column stays text, and
/// everything shown to users is the canonical text form. Always bind through here: Microsoft.Data.Sqlite
/// binds a <see cref="Guid"/> as text (or, as a blob, in .NET's little-endian order), which would never match.
/// </summary>
public static class EntryUuid
{
    public const int Length = 16;

    public static byte[] ToBlob(Guid uuid) => uuid.ToByteArray(bigEndian: true);

    public static Guid FromBlob(ReadOnlySpan<byte> blob) =>
        blob.Length == Length
            ? new Guid(blob, bigEndian: true)
            : throw new FormatException($"An entry uuid is {Length} bytes; this value has {blob.Length}.");

    /// <summary>The entry uuid in column <paramref name="ordinal"/> of the current row.</summary>
    public static Guid Read(SqliteDataReader reader, int ordinal)
    {
        ArgumentNullException.ThrowIfNull(reader);
        return FromBlob(reader.GetFieldValue<byte[]>(ordinal));
    }

    /// <summary>Binds the uuid's 16 bytes to a raw statement's parameter (SQLite copies them).</summary>
    public static void Bind(sqlite3_stmt statement, int index, Guid uuid)
    {
        Span<byte> bytes = stackalloc byte[Length];
        uuid.TryWriteBytes(bytes, bigEndian: true, out _);
        var rc = raw.sqlite3_bind_blob(statement, index, bytes);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException($"binding an entry uuid failed ({rc})", rc);
        }
    }
}
