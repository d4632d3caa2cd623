using System.Globalization;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Content;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Locations;

namespace Spacedrive.Actors.Validation;

/// <summary>
/// What one validation covers, by row ids so that it survives restarts: the whole library (all null), a location, the
/// subtree of an indexed folder, or one indexed file. <see cref="Path"/> and <see cref="LocationName"/> are for people.
/// </summary>
public sealed record ValidationScope(long? LocationId = null, long? DirectoryId = null, long? EntryId = null, string? LocationName = null, string? Path = null)
{
    public static ValidationScope Library { get; } = new();

    public string Kind => EntryId is not null ? "file" : DirectoryId is not null ? "folder" : LocationId is not null ? "location" : "library";

    public ValidationScopeView View() => new(Kind, LocationName, Path);

    public string Describe() => Kind switch
    {
        "library" => "the whole library",
        "location" => $"location {LocationName} ({Path})",
        _ => $"{Kind} {Path}",
    };

    /// <summary>The WHERE clause (over <c>entries AS e</c>) that selects the files of this scope; parameters <c>$loc</c>, <c>$dir</c>, <c>$entry</c>.</summary>
    internal string Filter =>
        EntryId is not null ? "e.id = $entry"
        : DirectoryId is not null ? "e.parent_id IN (SELECT descendant_id FROM entry_closure WHERE ancestor_id = $dir)"
        : LocationId is not null ? "e.location_id = $loc"
        : "1 = 1";

    internal void Bind(SqliteCommand command)
    {
        command.Parameters.AddWithValue("$loc", (object?)LocationId ?? DBNull.Value);
        command.Parameters.AddWithValue("$dir", (object?)DirectoryId ?? DBNull.Value);
        command.Parameters.AddWithValue("$entry", (object?)EntryId ?? DBNull.Value);
    }
}

/// <summary>Turns what a user typed (a location reference, a path under a location, or nothing) into a <see cref="ValidationScope"/>.</summary>
public static class ValidationTargets
{
    /// <summary>Resolves <paramref name="target"/> on a connection to library.db; on failure returns null and why.</summary>
    public static ValidationScope? Resolve(SqliteConnection db, string? target, out LibraryOperationFailed? failure)
    {
        ArgumentNullException.ThrowIfNull(db);
        failure = null;
        if (string.IsNullOrWhiteSpace(target)) return ValidationScope.Library;
        var trimmed = target.Trim();
        var locations = Locations(db);
        if (FindLocation(locations, trimmed, out failure) is { } location)
            return new ValidationScope(location.Id, LocationName: location.Name, Path: location.Path);
        if (failure is not null && failure.Code == LocationErrors.Ambiguous) return null;
        if (!System.IO.Path.IsPathFullyQualified(trimmed)) return null; // failure: location not found

        var full = System.IO.Path.GetFullPath(trimmed);
        if (full.Length > 1) full = full.TrimEnd('/');
        var owner = locations.Where(l => l.Path == "/" || full.StartsWith(l.Path + "/", StringComparison.Ordinal))
            .OrderByDescending(l => l.Path.Length).FirstOrDefault();
        if (owner is null)
        {
            failure = new LibraryOperationFailed(ContentErrors.NotInLocation, $"'{full}' is not inside any location of this library (see `sd location list`).");
            return null;
        }
        using (var dir = db.CreateCommand())
        {
            dir.CommandText = "SELECT dp.entry_id FROM directory_paths AS dp JOIN entries AS e ON e.id = dp.entry_id WHERE dp.path = $p AND e.location_id = $l";
            dir.Parameters.AddWithValue("$p", full);
            dir.Parameters.AddWithValue("$l", owner.Id);
            if (dir.ExecuteScalar() is long dirId)
            {
                failure = null;
                return new ValidationScope(owner.Id, DirectoryId: dirId, LocationName: owner.Name, Path: full);
            }
        }
        using (var file = db.CreateCommand())
        {
            file.CommandText = """
                SELECT e.id, e.kind FROM entries AS e JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
                WHERE dp.path = $d AND e.name = $n AND e.location_id = $l
                """;
            file.Parameters.AddWithValue("$d", System.IO.Path.GetDirectoryName(full) ?? "/");
            file.Parameters.AddWithValue("$n", System.IO.Path.GetFileName(full));
            file.Parameters.AddWithValue("$l", owner.Id);
            using var reader = file.ExecuteReader();
            if (reader.Read())
            {
                if (reader.GetInt64(1) != 0)
                {
                    failure = new LibraryOperationFailed(ContentErrors.NotIndexed, $"'{full}' is not a regular file or folder (symlinks and special files have no content to validate).");
                    return null;
                }
                failure = null;
                return new ValidationScope(owner.Id, EntryId: reader.GetInt64(0), LocationName: owner.Name, Path: full);
            }
        }
        failure = new LibraryOperationFailed(ContentErrors.NotIndexed, $"'{full}' is under the location '{owner.Name}' but not in its index (rescan it: `sd location rescan {owner.Name}`).");
        return null;
    }

    internal sealed record LocationRow(long Id, Guid Uuid, string Name, string Path);

    internal static List<LocationRow> Locations(SqliteConnection db)
    {
        using var command = db.CreateCommand();
        command.CommandText = "SELECT id, uuid, name, path FROM locations ORDER BY id";
        using var reader = command.ExecuteReader();
        var result = new List<LocationRow>();
        while (reader.Read()) result.Add(new LocationRow(reader.GetInt64(0), Guid.Parse(reader.GetString(1)), reader.GetString(2), reader.GetString(3)));
        return result;
    }

    /// <summary>A location by id, uuid, name, path or uuid prefix (as `sd location` takes it).</summary>
    internal static LocationRow? FindLocation(List<LocationRow> all, string reference, out LibraryOperationFailed? failure)
    {
        var full = System.IO.Path.IsPathFullyQualified(reference) ? System.IO.Path.GetFullPath(reference) : null;
        if (full is { Length: > 1 }) full = full.TrimEnd('/');
        List<LocationRow> matches =
        [
            .. all.Where(l => l.Id.ToString(CultureInfo.InvariantCulture) == reference
                || string.Equals(l.Uuid.ToString("D"), reference, StringComparison.OrdinalIgnoreCase)
                || string.Equals(l.Name, reference, StringComparison.OrdinalIgnoreCase)
                || (full is not null && l.Path == full)),
        ];
        if (matches.Count == 0 && reference.Length >= 4)
            matches = [.. all.Where(l => l.Uuid.ToString("D").StartsWith(reference, StringComparison.OrdinalIgnoreCase))];
        failure = matches.Count switch
        {
            1 => null,
            0 => new LibraryOperationFailed(LocationErrors.NotFound, $"No location '{reference}' (see `sd location list`)."),
            _ => new LibraryOperationFailed(LocationErrors.Ambiguous, $"'{reference}' matches {matches.Count} locations; use its id."),
        };
        return matches.Count == 1 ? matches[0] : null;
    }
}
