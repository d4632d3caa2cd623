using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;

namespace Spacedrive.Storage.Tests.Library;

/// <summary>Minimal rows the tests need (a device, a location with its root directory) and SQL helpers.</summary>
internal static class LibraryRows
{
    public const long Now = 1_700_000_000_123_456_789;

    public static long AddDevice(SqliteConnection connection, SqliteTransaction? tx, string slug = "laptop") =>
        Insert(connection, tx, "INSERT INTO devices (uuid, name, slug, created_at, updated_at) VALUES ($u, $slug, $slug, $now, $now) RETURNING id",
            ("$u", Guid.NewGuid().ToString("D")), ("$slug", slug), ("$now", Now));

    public static long AddLocation(SqliteConnection connection, SqliteTransaction? tx, long deviceId, string path) =>
        Insert(connection, tx, "INSERT INTO locations (uuid, device_id, name, path, created_at, updated_at) VALUES ($u, $d, $name, $path, $now, $now) RETURNING id",
            ("$u", Guid.NewGuid().ToString("D")), ("$d", deviceId), ("$name", Path.GetFileName(path)), ("$path", path), ("$now", Now));

    /// <summary>A device, a location at <paramref name="rootPath"/> and its root directory entry.</summary>
    public static (long Device, long Location, long Root) AddLocationWithRoot(SqliteConnection connection, SqliteTransaction tx, string rootPath)
    {
        var device = AddDevice(connection, tx);
        var location = AddLocation(connection, tx, device, rootPath);
        using var closure = new EntryClosure(connection, tx);
        var root = closure.Insert(Entry(device, location, null, Path.GetFileName(rootPath), EntryKind.Directory) with { RootPath = rootPath });
        Execute(connection, tx, $"UPDATE locations SET entry_id = {root} WHERE id = {location}");
        return (device, location, root);
    }

    public static NewEntry Entry(long device, long location, long? parent, string name, EntryKind kind) => new()
    {
        Uuid = Guid.NewGuid(),
        DeviceId = device,
        LocationId = location,
        ParentId = parent,
        Name = name,
        Kind = kind,
        Size = kind == EntryKind.File ? 42 : 0,
        ModifiedAt = Now,
        IndexedAt = Now,
    };

    /// <summary>An entry as versions before binary_entry_uuids wrote it (text uuid), by SQL; derive closure and paths after.</summary>
    public static long AddTextUuidEntry(SqliteConnection connection, SqliteTransaction tx, long device, long location, long? parent, string name, EntryKind kind) =>
        Insert(connection, tx,
            $"INSERT INTO entries (uuid, device_id, location_id, parent_id, name, kind, indexed_at) VALUES ($u, {device}, {location}, {(parent is { } p ? p.ToString(CultureInfo.InvariantCulture) : "NULL")}, $n, {(int)kind}, 1) RETURNING id",
            ("$u", Guid.CreateVersion7().ToString("D")), ("$n", name));

    public static long Insert(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string, object)[] parameters) =>
        Convert.ToInt64(Scalar(connection, tx, sql, parameters), CultureInfo.InvariantCulture);

    public static object? Scalar(SqliteConnection connection, SqliteTransaction? tx, string sql, params (string, object)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteScalar();
    }

    public static void Execute(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public static List<string> Strings(SqliteConnection connection, SqliteTransaction? tx, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var result = new List<string>();
        while (reader.Read())
        {
            result.Add(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!);
        }
        return result;
    }
}
