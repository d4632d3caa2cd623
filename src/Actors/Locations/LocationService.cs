using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Volumes;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Locations;

/// <summary>Why a location cannot be added.</summary>
public sealed class LocationException(string message) : Exception(message);

public sealed record LocationInfo(long Id, Guid Uuid, string Name, string Path, IndexMode Mode, long? VolumeId, bool IsOffline,
    long TotalFileCount, long TotalByteSize, RuleToggles Rules);

/// <summary>
/// Locations of one library (engine side; the CLI and the job system call it): add (absolute, existing
/// folder, not nested in or around another location of the library; records its volume), list (a
/// location whose volume or folder is absent is offline, not deleted), remove (its entries leave the
/// library; files are never touched), and the indexer request of a rescan. Uses the library's writer.
/// </summary>
public sealed class LocationService(LibraryDatabase db, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The row id of this device (devices.is_current), created if missing.</summary>
    public long EnsureCurrentDevice(Guid deviceUuid, string name)
    {
        var existing = Scalar("SELECT id FROM devices WHERE is_current = 1");
        if (existing is long id)
        {
            return id;
        }
        var now = UnixNanos.Now(_clock);
        return (long)Scalar("INSERT INTO devices (uuid, name, slug, is_current, created_at, updated_at) VALUES ($u, $n, $s, 1, $t, $t) RETURNING id",
            ("$u", deviceUuid.ToString("D")), ("$n", name), ("$s", Spacedrive.Messages.DeviceSlug.FromName(name).ToString()), ("$t", now))!;
    }

    public LocationInfo Add(string path, string? name = null, IndexMode mode = IndexMode.Content, RuleToggles? rules = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!Path.IsPathFullyQualified(path))
        {
            throw new LocationException($"A location path must be absolute: '{path}'.");
        }
        var full = Path.GetFullPath(path);
        full = full.Length > 1 ? full.TrimEnd('/') : full;
        if (File.Exists(full))
        {
            throw new LocationException($"'{full}' is a file, not a folder.");
        }
        if (!Directory.Exists(full))
        {
            throw new LocationException($"'{full}' does not exist.");
        }
        foreach (var other in List())
        {
            if (other.Path == full)
            {
                throw new LocationException($"'{full}' is already the location '{other.Name}'.");
            }
            if (full.StartsWith(other.Path == "/" ? "/" : other.Path + "/", StringComparison.Ordinal))
            {
                throw new LocationException($"'{full}' is inside the location '{other.Name}' ({other.Path}); locations may not nest.");
            }
            if (other.Path.StartsWith(full == "/" ? "/" : full + "/", StringComparison.Ordinal))
            {
                throw new LocationException($"'{full}' contains the location '{other.Name}' ({other.Path}); locations may not nest.");
            }
        }
        var device = Scalar("SELECT id FROM devices WHERE is_current = 1") as long?
            ?? throw new InvalidOperationException("The library has no current device; call EnsureCurrentDevice first.");
        var volumeId = RecordVolume(device, VolumeProbe.ForPath(full));
        var now = UnixNanos.Now(_clock);
        var uuid = Guid.CreateVersion7();
        var id = (long)Scalar("""
            INSERT INTO locations (uuid, device_id, volume_id, name, path, index_mode, rule_toggles, created_at, updated_at)
            VALUES ($u, $d, $v, $n, $p, $m, $r, $t, $t) RETURNING id
            """, ("$u", uuid.ToString("D")), ("$d", device), ("$v", (object?)volumeId ?? DBNull.Value), ("$n", name ?? Path.GetFileName(full)),
            ("$p", full), ("$m", mode.ToString().ToLowerInvariant()), ("$r", rules is null ? DBNull.Value : JsonSerializer.Serialize(rules)), ("$t", now))!;
        return Get(id)!;
    }

    public IReadOnlyList<LocationInfo> List()
    {
        using var command = db.Writer.CreateCommand();
        command.CommandText = """
            SELECT l.id, l.uuid, l.name, l.path, l.index_mode, l.volume_id, l.total_file_count, l.total_byte_size, l.rule_toggles,
                   v.fingerprint, v.mount_point
            FROM locations AS l LEFT JOIN volumes AS v ON v.id = l.volume_id ORDER BY l.id
            """;
        using var reader = command.ExecuteReader();
        var result = new List<LocationInfo>();
        while (reader.Read())
        {
            var path = reader.GetString(3);
            var mode = Enum.TryParse<IndexMode>(reader.GetString(4), ignoreCase: true, out var m) ? m : IndexMode.Shallow;
            var rules = reader.IsDBNull(8) ? RuleToggles.Default : JsonSerializer.Deserialize<RuleToggles>(reader.GetString(8)) ?? RuleToggles.Default;
            var offline = !Directory.Exists(path) || (!reader.IsDBNull(9) && !VolumePresent(reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
            result.Add(new LocationInfo(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), path, mode,
                reader.IsDBNull(5) ? null : reader.GetInt64(5), offline, reader.GetInt64(6), reader.GetInt64(7), rules));
        }
        return result;
    }

    public LocationInfo? Get(long id) => List().FirstOrDefault(l => l.Id == id);

    /// <summary>Records is_offline for every location (only where it changed); returns the offline ones.</summary>
    public IReadOnlyList<LocationInfo> RefreshOnline()
    {
        var locations = List();
        foreach (var location in locations)
        {
            Scalar("UPDATE locations SET is_offline = $o WHERE id = $id AND is_offline <> $o", ("$o", location.IsOffline ? 1L : 0L), ("$id", location.Id));
        }
        return [.. locations.Where(l => l.IsOffline)];
    }

    /// <summary>Removes the location and its entries from the library; the files stay where they are.</summary>
    public bool Remove(long id)
    {
        if (Get(id) is null)
        {
            return false;
        }
        using var transaction = db.Writer.BeginTransaction(deferred: false);
        using (var closure = new EntryClosure(db.Writer, transaction))
        {
            var root = Scalar("SELECT entry_id FROM locations WHERE id = $id", transaction, ("$id", id));
            if (root is long rootId)
            {
                closure.DeleteSubtree(rootId);
            }
        }
        Scalar("DELETE FROM entry_closure WHERE descendant_id IN (SELECT id FROM entries WHERE location_id = $id AND kind = 1)", transaction, ("$id", id));
        Scalar("DELETE FROM directory_paths WHERE entry_id IN (SELECT id FROM entries WHERE location_id = $id AND kind = 1)", transaction, ("$id", id));
        Scalar("UPDATE entries SET parent_id = NULL WHERE location_id = $id", transaction, ("$id", id));
        Scalar("DELETE FROM entries WHERE location_id = $id", transaction, ("$id", id));
        Scalar("DELETE FROM locations WHERE id = $id", transaction, ("$id", id));
        transaction.Commit();
        return true;
    }

    /// <summary>The request a rescan job hands to the indexer: the location's mode and rules, overlaid by the run's.</summary>
    public IndexerRequest RescanRequest(long id, IndexMode? mode = null, RuleToggles? runRules = null, IndexScope scope = IndexScope.Recursive)
    {
        var location = Get(id) ?? throw new LocationException($"No location {id}.");
        if (location.IsOffline)
        {
            throw new LocationException($"The location '{location.Name}' is offline ({location.Path} is not available).");
        }
        return new IndexerRequest { LocationId = id, Path = location.Path, Mode = mode ?? location.Mode, Scope = scope, Rules = location.Rules.OverlaidBy(runRules) };
    }

    private long? RecordVolume(long deviceId, VolumeInfo? volume)
    {
        if (volume is null)
        {
            return null;
        }
        var now = UnixNanos.Now(_clock);
        return (long?)Scalar("""
            INSERT INTO volumes (uuid, device_id, fingerprint, name, mount_point, file_system, total_capacity, available_capacity,
                                 is_removable, is_network, is_online, last_seen_at, created_at, updated_at)
            VALUES ($u, $d, $f, $n, $m, $fs, $tc, $ac, $r, $net, 1, $t, $t, $t)
            ON CONFLICT (device_id, fingerprint) DO UPDATE SET mount_point = excluded.mount_point, total_capacity = excluded.total_capacity,
                available_capacity = excluded.available_capacity, is_online = 1, last_seen_at = excluded.last_seen_at, updated_at = excluded.updated_at
            RETURNING id
            """, ("$u", Guid.CreateVersion7().ToString("D")), ("$d", deviceId), ("$f", volume.Fingerprint), ("$n", volume.Name), ("$m", volume.MountPoint),
            ("$fs", volume.FileSystem), ("$tc", (object?)volume.TotalCapacity ?? DBNull.Value), ("$ac", (object?)volume.AvailableCapacity ?? DBNull.Value),
            ("$r", volume.IsRemovable ? 1L : 0L), ("$net", volume.IsNetwork ? 1L : 0L), ("$t", now));
    }

    private static bool VolumePresent(string fingerprint, string? mountPoint) =>
        mountPoint is not null && VolumeProbe.ForPath(mountPoint) is { } now && now.Fingerprint == fingerprint;

    private object? Scalar(string sql, params (string, object)[] parameters) => Scalar(sql, null, parameters);

    private object? Scalar(string sql, SqliteTransaction? transaction, params (string Name, object Value)[] parameters)
    {
        using var command = db.Writer.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return command.ExecuteScalar();
    }
}
