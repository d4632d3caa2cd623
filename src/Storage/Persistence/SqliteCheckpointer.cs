using Microsoft.Data.Sqlite;

namespace Spacedrive.Storage.Persistence;

/// <summary>
/// Copies the WAL into the database file on its own connection and thread (<c>PRAGMA wal_checkpoint(PASSIVE)</c>),
/// when the writer asks, so that commits never wait for a checkpoint (SQLite's autocheckpoint would run it inside
/// the commit that crosses the threshold). A passive checkpoint never blocks the writer or readers; what it cannot
/// copy yet is copied by the next one.
/// </summary>
internal sealed class SqliteCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _signal = new(0, 1);
    private readonly Thread _thread;
    private volatile bool _stopping;
    private long _checkpoints;

    public SqliteCheckpointer(string connectionString, long journalSizeLimit)
    {
        _connection = new SqliteConnection(connectionString);
        _connection.Open();
        SqlitePersistence.Execute(_connection, $"PRAGMA journal_size_limit = {journalSizeLimit}");
        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-journal-checkpointer" };
        _thread.Start();
    }

    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    /// <summary>Asks for a checkpoint; requests made while one runs are coalesced into the next.</summary>
    public void Request()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // One is already pending.
        }
    }

    public void Dispose()
    {
        _stopping = true;
        Request();
        _thread.Join();
        _connection.Dispose();
        _signal.Dispose();
    }

    private void Run()
    {
        using var cmd = _connection.CreateCommand();
        cmd.CommandText = "PRAGMA wal_checkpoint(PASSIVE)";
        while (true)
        {
            _signal.Wait();
            if (_stopping)
            {
                return;
            }

            try
            {
                cmd.ExecuteNonQuery();
                Interlocked.Increment(ref _checkpoints);
            }
            catch (SqliteException)
            {
                // Busy or I/O trouble: the WAL keeps the data; the next request retries.
            }
        }
    }
}
