using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using SQLitePCL;
using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Persistence;

/// <summary>
/// The single writer of a journal database: one dedicated thread takes every queued operation (up to
/// <see cref="SqlitePersistenceOptions.MaxBatchEvents"/> events), runs them in one transaction, commits, and only
/// then completes their tasks. An operation that violates a constraint (a reused sequence number) is rolled back
/// to its own savepoint and fails alone; any other error fails the whole transaction and every operation in it.
/// </summary>
internal sealed class SqliteWriter : IAsyncDisposable
{
    private const int SqliteConstraint = 19;

    private readonly SqliteConnection _connection;
    private readonly SqlitePersistenceOptions _options;
    private readonly Channel<WriteOp> _queue;
    private readonly Thread _thread;
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly sqlite3_stmt _insertEvent;
    private readonly sqlite3_stmt _insertTag;

    private readonly SqliteCheckpointer? _checkpointer;
    private long _pagesSinceCheckpoint;
    private long _walBytesSinceTruncate;
    private readonly long _frameBytes;
    private readonly string _walPath;
    private long _truncations;
    private long _batches;
    private long _operations;
    private long _commitTicks;
    private long _batchTicks;

    public SqliteWriter(SqliteConnection connection, SqlitePersistenceOptions options, SqliteCheckpointer? checkpointer)
    {
        _connection = connection;
        _options = options;
        _checkpointer = checkpointer;
        _queue = Channel.CreateBounded<WriteOp>(new BoundedChannelOptions(options.WriteQueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });

        // The hot path uses SQLite's statement API directly: binding through SqliteCommand costs as much as the insert.
        _insertEvent = Prepare(connection, """
            INSERT INTO journal (deleted, persistence_id, sequence_number, created, message, identifier, manifest, writer_uuid)
            VALUES (0, ?1, ?2, ?3, ?4, ?5, ?6, ?7)
            """);
        _insertTag = Prepare(connection, "INSERT INTO tags (ordering_id, tag, persistence_id, sequence_nr) VALUES (?1, ?2, ?3, ?4)");

        using (var pageSize = connection.CreateCommand())
        {
            pageSize.CommandText = "PRAGMA page_size";
            _frameBytes = Convert.ToInt64(pageSize.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) + 24;
        }

        _walPath = connection.DataSource + "-wal";

        _thread = new Thread(Run) { IsBackground = true, Name = "sqlite-journal-writer" };
        _thread.Start();
    }

    /// <summary>Transactions committed or failed so far (diagnostics).</summary>
    public long Batches => Interlocked.Read(ref _batches);

    /// <summary>Operations written so far (diagnostics).</summary>
    public long Operations => Interlocked.Read(ref _operations);

    /// <summary>Background checkpoints run so far (diagnostics).</summary>
    public long Checkpoints => _checkpointer?.Checkpoints ?? 0;

    /// <summary>Checkpoints that emptied the WAL (idle, over half the journal size limit) so far (diagnostics).</summary>
    public long Truncations => Interlocked.Read(ref _truncations);

    /// <summary>Time spent in COMMIT (diagnostics).</summary>
    public TimeSpan CommitTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _commitTicks));

    /// <summary>Time spent writing batches, commits included (diagnostics).</summary>
    public TimeSpan BatchTime => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _batchTicks));

    /// <summary>The transaction of the batch being written; set for every command the writer runs.</summary>
    public SqliteTransaction? Transaction { get; private set; }

    /// <summary>Queues <paramref name="op"/>; waits while the queue is full.</summary>
    public async ValueTask EnqueueAsync(WriteOp op, CancellationToken cancellationToken)
    {
        try
        {
            await _queue.Writer.WriteAsync(op, cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(SqlitePersistence), "The journal database is closed.");
        }
    }

    /// <summary>A command on the write connection, in the current transaction (for operations other than appends).</summary>
    public SqliteCommand CreateCommand(string sql)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        cmd.Transaction = Transaction;
        return cmd;
    }

    /// <summary>Inserts one event and its tags; returns its ordering.</summary>
    /// <exception cref="SqliteException">The insert failed (a reused sequence number fails with SQLITE_CONSTRAINT).</exception>
    public long InsertEvent(SerializedEvent e)
    {
        var stmt = _insertEvent;
        raw.sqlite3_bind_text(stmt, 1, e.PersistenceId);
        raw.sqlite3_bind_int64(stmt, 2, e.SequenceNr);
        raw.sqlite3_bind_int64(stmt, 3, e.Timestamp);
        raw.sqlite3_bind_blob(stmt, 4, e.Data);
        raw.sqlite3_bind_int(stmt, 5, PersistenceSerializerRegistry.SerializerId);
        raw.sqlite3_bind_text(stmt, 6, e.Manifest);
        raw.sqlite3_bind_text(stmt, 7, e.WriterUuid);
        Step(stmt);
        var ordering = raw.sqlite3_last_insert_rowid(_connection.Handle);
        foreach (var tag in e.Tags)
        {
            var tagStmt = _insertTag;
            raw.sqlite3_bind_int64(tagStmt, 1, ordering);
            raw.sqlite3_bind_text(tagStmt, 2, tag);
            raw.sqlite3_bind_text(tagStmt, 3, e.PersistenceId);
            raw.sqlite3_bind_int64(tagStmt, 4, e.SequenceNr);
            Step(tagStmt);
        }

        return ordering;
    }

    private static sqlite3_stmt Prepare(SqliteConnection connection, string sql)
    {
        var rc = raw.sqlite3_prepare_v2(connection.Handle, sql, out var stmt);
        if (rc != raw.SQLITE_OK)
        {
            throw new SqliteException(raw.sqlite3_errmsg(connection.Handle).utf8_to_string(), rc, raw.sqlite3_extended_errcode(connection.Handle));
        }

        return stmt;
    }

    private void Step(sqlite3_stmt stmt)
    {
        var rc = raw.sqlite3_step(stmt);
        if (rc == raw.SQLITE_DONE)
        {
            raw.sqlite3_reset(stmt);
            return;
        }

        var handle = _connection.Handle;
        var error = new SqliteException(raw.sqlite3_errmsg(handle).utf8_to_string(), rc & 0xFF, raw.sqlite3_extended_errcode(handle));
        raw.sqlite3_reset(stmt);
        throw error;
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _stopped.Task.ConfigureAwait(false);
    }

    private void Run()
    {
        var batch = new List<WriteOp>();
        try
        {
            while (WaitForWork())
            {
                batch.Clear();
                var events = 0;
                while (events < _options.MaxBatchEvents && _queue.Reader.TryRead(out var op))
                {
                    batch.Add(op);
                    events += op.Weight;
                }

                var batchStart = Stopwatch.GetTimestamp();
                WriteBatch(batch);
                Interlocked.Add(ref _batchTicks, Stopwatch.GetTimestamp() - batchStart);
                Interlocked.Increment(ref _batches);
                Interlocked.Add(ref _operations, batch.Count);
                TruncateIfLarge();
            }
        }
        finally
        {
            _insertEvent.Dispose();
            _insertTag.Dispose();
            _checkpointer?.Dispose();
            TruncateWal(closing: true);
            _connection.Dispose();
            _stopped.TrySetResult();
        }
    }

    /// <summary>Waits for the next write; after a quiet <see cref="SqlitePersistenceOptions.IdleCheckpointDelay"/> empties the WAL.</summary>
    private bool WaitForWork()
    {
        var wait = _queue.Reader.WaitToReadAsync();
        if (wait.IsCompleted || _walBytesSinceTruncate == 0 || _options.IdleCheckpointDelay <= TimeSpan.Zero)
        {
            return wait.AsTask().GetAwaiter().GetResult();
        }

        var task = wait.AsTask();
        if (!task.Wait(_options.IdleCheckpointDelay))
        {
            TruncateWal();
        }

        return task.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Empties the WAL once it has reached half the journal size limit: passive checkpoints only let SQLite reuse the
    /// WAL from its start when they copied all of it before the next write, which continuous writes (or readers) prevent.
    /// </summary>
    private void TruncateIfLarge()
    {
        var limit = _options.JournalSizeLimit;
        if (limit <= 0 || _walBytesSinceTruncate < limit / 2)
        {
            return;
        }

        // The estimate counts frames that passive checkpoints let SQLite overwrite; the file's size is exact.
        long size;
        try
        {
            size = new FileInfo(_walPath).Length;
        }
        catch (IOException)
        {
            size = _walBytesSinceTruncate;
        }

        if (size >= limit / 2)
        {
            TruncateWal();
        }
        else
        {
            _walBytesSinceTruncate = size;
        }
    }

    /// <summary>
    /// <c>PRAGMA wal_checkpoint(TRUNCATE)</c> on the write connection (no write can be in progress): copies the whole WAL
    /// into the database and truncates it to zero bytes. Between batches it waits for readers only briefly (writes are
    /// waiting; what it cannot finish is retried after the next batch or idle period); at close, up to the busy timeout.
    /// </summary>
    private void TruncateWal(bool closing = false)
    {
        var shortWait = !closing;
        try
        {
            if (shortWait)
            {
                SqlitePersistence.Execute(_connection, "PRAGMA busy_timeout = 100");
            }

            using var cmd = _connection.CreateCommand();
            cmd.CommandText = "PRAGMA wal_checkpoint(TRUNCATE)";
            cmd.CommandTimeout = 1;
            using var reader = cmd.ExecuteReader();
            if (reader.Read() && reader.GetInt64(0) == 0)
            {
                _walBytesSinceTruncate = 0;
                _pagesSinceCheckpoint = 0;
                Interlocked.Increment(ref _truncations);
            }
        }
        catch (SqliteException)
        {
            // Busy or I/O trouble: the WAL keeps the data; retried after the next batch or idle period.
        }
        finally
        {
            if (shortWait)
            {
                try
                {
                    SqlitePersistence.Execute(_connection, $"PRAGMA busy_timeout = {(long)_options.BusyTimeout.TotalMilliseconds}");
                }
                catch (SqliteException)
                {
                    // Keeps the short timeout; writes then fail fast rather than hang.
                }
            }
        }
    }

    private void RequestCheckpointIfDue()
    {
        // Pages this connection wrote (to the WAL) since the last call.
        raw.sqlite3_db_status(_connection.Handle, raw.SQLITE_DBSTATUS_CACHE_WRITE, out var written, out _, 1);
        _walBytesSinceTruncate += written * _frameBytes;
        if (_checkpointer is null)
        {
            return;
        }

        _pagesSinceCheckpoint += written;
        if (_pagesSinceCheckpoint >= _options.CheckpointPages)
        {
            _pagesSinceCheckpoint = 0;
            _checkpointer.Request();
        }
    }

    private void WriteBatch(List<WriteOp> batch)
    {
        try
        {
            using (var tx = _connection.BeginTransaction())
            {
                Transaction = tx;
                foreach (var op in batch)
                {
                    if (!op.NeedsSavepoint)
                    {
                        // One statement: a constraint error rolls back that statement only.
                        try
                        {
                            op.Execute(this);
                        }
                        catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
                        {
                            op.Reject(e);
                        }

                        continue;
                    }

                    tx.Save("op");
                    try
                    {
                        op.Execute(this);
                    }
                    catch (SqliteException e) when (e.SqliteErrorCode == SqliteConstraint)
                    {
                        tx.Rollback("op");
                        op.Reject(e);
                    }

                    tx.Release("op");
                }

                var commitStart = Stopwatch.GetTimestamp();
                tx.Commit();
                Interlocked.Add(ref _commitTicks, Stopwatch.GetTimestamp() - commitStart);
            }

            RequestCheckpointIfDue();

            foreach (var op in batch)
            {
                op.Complete();
            }
        }
        catch (Exception e)
        {
            foreach (var op in batch)
            {
                op.Fail(e);
            }
        }
        finally
        {
            Transaction = null;
        }
    }
}

/// <summary>One unit of work for the writer thread.</summary>
internal abstract class WriteOp
{
    /// <summary>Events this operation writes (counts towards the batch limit).</summary>
    public virtual int Weight => 1;

    /// <summary>Whether it runs more than one statement (so a constraint error must roll back to a savepoint).</summary>
    public virtual bool NeedsSavepoint => true;

    public abstract void Execute(SqliteWriter writer);

    /// <summary>A constraint violation undid this operation alone; it completes with this outcome after commit.</summary>
    public abstract void Reject(SqliteException error);

    /// <summary>The transaction committed.</summary>
    public abstract void Complete();

    /// <summary>The transaction failed; nothing of this operation is stored.</summary>
    public abstract void Fail(Exception error);
}

/// <summary>Stores one atomic write; completes with null or a <see cref="SequenceNumberConflictException"/>.</summary>
internal sealed class AppendOp(AtomicWrite write, SerializedEvent[] events) : WriteOp
{
    private readonly TaskCompletionSource<Exception?> _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _rejection;

    public Task<Exception?> Task => _done.Task;
    public override int Weight => events.Length;
    public override bool NeedsSavepoint => events.Length > 1 || events[0].Tags.Count > 0;

    public override void Execute(SqliteWriter writer)
    {
        foreach (var e in events)
        {
            writer.InsertEvent(e);
        }
    }

    public override void Reject(SqliteException error) =>
        _rejection = new SequenceNumberConflictException(write.PersistenceId, write.LowestSequenceNr, write.HighestSequenceNr, error);

    public override void Complete() => _done.TrySetResult(_rejection);
    public override void Fail(Exception error) => _done.TrySetException(error);
}

/// <summary>Any other write (delete, snapshot); a constraint violation fails its task.</summary>
internal sealed class ActionOp(Action<SqliteWriter> action) : WriteOp
{
    private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Exception? _rejection;

    public Task Task => _done.Task;

    public override void Execute(SqliteWriter writer) => action(writer);
    public override void Reject(SqliteException error) => _rejection = error;

    public override void Complete()
    {
        if (_rejection is null)
        {
            _done.TrySetResult();
        }
        else
        {
            _done.TrySetException(_rejection);
        }
    }

    public override void Fail(Exception error) => _done.TrySetException(error);
}
