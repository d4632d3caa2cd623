using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// Brings a library.db forward to a target version (the latest by default). Refuses a database that is
/// ahead of the code or whose recorded history differs from the code's. Each migration runs in one
/// IMMEDIATE transaction with its schema_migrations row, so a failure leaves the previous version.
/// The migration list is a parameter so that tests can build a database at any older version.
/// </summary>
public sealed class MigrationRunner
{
    public const string VersionTableSql = """
        CREATE TABLE schema_migrations (
            version     INTEGER PRIMARY KEY,
            name        TEXT    NOT NULL,
            applied_at  INTEGER NOT NULL
        ) STRICT;
        """;

    private readonly IReadOnlyList<LibraryMigration> _migrations;
    private readonly TimeProvider _clock;

    public MigrationRunner(IReadOnlyList<LibraryMigration> migrations, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        for (var i = 0; i < migrations.Count; i++)
        {
            if (migrations[i].Version != i + 1)
            {
                throw new ArgumentException(
                    $"Migration versions must be 1, 2, 3… without gaps; position {i} has version {migrations[i].Version} ({migrations[i].Name}).",
                    nameof(migrations));
            }
        }
        _migrations = migrations;
        _clock = clock ?? TimeProvider.System;
    }

    public int LatestVersion => _migrations.Count;

    /// <summary>Highest applied version, 0 for a database whose version table is empty.</summary>
    public static int CurrentVersion(SqliteConnection connection, SqliteTransaction? transaction = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Applies the pending migrations up to <paramref name="targetVersion"/>; returns the version reached.</summary>
    public int Migrate(SqliteConnection connection, string databasePath, int? targetVersion = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var target = targetVersion ?? LatestVersion;
        if (target < 0 || target > LatestVersion)
        {
            throw new ArgumentOutOfRangeException(nameof(targetVersion), target, $"versions known: 0..{LatestVersion}");
        }

        CheckHistory(connection, databasePath);
        var current = CurrentVersion(connection);
        var rebuilt = false;
        foreach (var migration in _migrations.Where(m => m.Version > current && m.Version <= target))
        {
            Apply(connection, databasePath, migration);
            current = migration.Version;
            rebuilt |= migration.RebuildsTables;
        }
        if (rebuilt)
        {
            // A rebuilt table leaves its old pages free: without this the upgraded file is larger than before (a
            // 112k-entry library went from 37 to 49 MB, 30 MB after). Once, at upgrade; entries keep their ids. If it
            // cannot (no room for the copy), only space is lost: the migrated library is complete.
            LibraryDatabase.Compact(connection);
        }
        return current;
    }

    private void CheckHistory(SqliteConnection connection, string databasePath)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, name FROM schema_migrations ORDER BY version";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var version = reader.GetInt32(0);
            var name = reader.GetString(1);
            if (version > LatestVersion)
            {
                throw new LibraryDatabaseUnavailableException(databasePath, LibraryDatabaseUnavailableReason.SchemaTooNew,
                    $"schema version {version} ({name}) was written by a newer program; this one knows versions up to {LatestVersion}. Upgrade Spacedrive to open this library.");
            }
            if (version < 1 || _migrations[version - 1].Name != name)
            {
                var known = version < 1 ? "nothing" : $"'{_migrations[version - 1].Name}'";
                throw new LibraryDatabaseUnavailableException(databasePath, LibraryDatabaseUnavailableReason.SchemaHistoryMismatch,
                    $"schema version {version} is recorded as '{name}' but this program's version {version} is {known}.");
            }
        }
    }

    private void Apply(SqliteConnection connection, string databasePath, LibraryMigration migration)
    {
        // PRAGMA foreign_keys is a no-op inside a transaction: it is switched around it.
        var restoreForeignKeys = migration.RebuildsTables && Convert.ToInt64(Scalar(connection, "PRAGMA foreign_keys"), System.Globalization.CultureInfo.InvariantCulture) == 1;
        if (restoreForeignKeys) Scalar(connection, "PRAGMA foreign_keys = OFF");
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            // Only violations the rebuild would add fail it: a library that already had some stays openable.
            var violationsBefore = migration.RebuildsTables ? ForeignKeyViolations(connection, transaction) : 0;
            migration.Apply(connection, transaction);
            if (migration.RebuildsTables && ForeignKeyViolations(connection, transaction) > violationsBefore)
            {
                throw new LibraryDatabaseUnavailableException(databasePath, LibraryDatabaseUnavailableReason.MigrationFailed,
                    $"migration {migration.Version} ({migration.Name}) was rolled back: it would leave rows referring to missing rows (PRAGMA foreign_key_check)");
            }
            using (var record = connection.CreateCommand())
            {
                record.Transaction = transaction;
                record.CommandText = "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($version, $name, $at)";
                record.Parameters.AddWithValue("$version", migration.Version);
                record.Parameters.AddWithValue("$name", migration.Name);
                record.Parameters.AddWithValue("$at", UnixNanos.Now(_clock));
                record.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        catch (SqliteException e)
        {
            throw new LibraryDatabaseUnavailableException(databasePath, LibraryDatabaseUnavailableReason.MigrationFailed,
                $"migration {migration.Version} ({migration.Name}) failed and was rolled back: {e.Message}", e);
        }
        finally
        {
            if (restoreForeignKeys) Scalar(connection, "PRAGMA foreign_keys = ON");
        }
    }

    private static long ForeignKeyViolations(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT count(*) FROM pragma_foreign_key_check";
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static object? Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
