using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Library.Migrations;

/// <summary>
/// One forward-only step of the library.db schema. Versions start at 1 and have no gaps; a shipped
/// migration is never edited (its name is recorded and checked), a change is a new migration.
/// The runner applies each one in its own transaction together with its schema_migrations row.
/// </summary>
public abstract class LibraryMigration
{
    public abstract int Version { get; }

    public abstract string Name { get; }

    /// <summary>
    /// True for a migration that rebuilds tables (create new, copy, drop, rename): the runner runs it with foreign
    /// keys off, as SQLite requires for that (a DROP TABLE would otherwise fire ON DELETE actions in the tables that
    /// refer to it), and checks them with foreign_key_check before committing.
    /// </summary>
    public virtual bool RebuildsTables => false;

    public abstract void Apply(SqliteConnection connection, SqliteTransaction transaction);
}

/// <summary>A migration that is one SQL script (several statements allowed).</summary>
public abstract class SqlMigration : LibraryMigration
{
    protected abstract string Sql { get; }

    public override void Apply(SqliteConnection connection, SqliteTransaction transaction)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = Sql;
        command.ExecuteNonQuery();
    }
}
