using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Actions;
using Spacedrive.Runtime.Hashing;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// The tamper-evident audit log in library.db's <c>audit_log</c>. Every record's <c>hash</c> is the BLAKE3 of a
/// canonical encoding of its fields (row id, uuid, action, targets, device, result, job id, error, times) and of
/// <c>prev_hash</c>, the previous record's hash: editing or deleting any record breaks the chain after it.
///
/// A chain alone cannot see its tail cut off, so the head (record count and last hash) is also kept outside
/// library.db, in <see cref="AuditHead"/>'s file next to it; <see cref="Verify"/> requires the chain to end exactly there.
///
/// Records are immutable once written, with one exception: a job-backed action is written as <c>pending</c> and
/// its outcome arrives later. The outcome is then appended as a record of its own (<see cref="CompletionAction"/>,
/// targets = the original record's uuid, chained like any other) and copied onto the original row for readers; the
/// original's hash stays the hash of its pending form. Verify checks the copy against the completion record, so an
/// edited result is caught either way. Only the ActionManager writes here (one writer: the chain cannot fork).
/// </summary>
public sealed class AuditLog(SqliteConnection connection, TimeProvider time)
{
    /// <summary>The action name of the record that carries a job-backed action's outcome.</summary>
    public const string CompletionAction = "action.completed";

    public const string Pending = "pending";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Cancelled = "cancelled";

    private const string Columns = "a.id, a.uuid, a.action, a.targets, a.device_id, a.result, a.job_id, a.error, a.created_at, a.completed_at, a.prev_hash, a.hash, d.uuid";

    /// <summary>A new record to append.</summary>
    public sealed record Entry(string Action, IReadOnlyList<string> Targets, string Result, Guid? JobId = null, string? Error = null);

    /// <summary>Appends a record inside <paramref name="tx"/>; returns it. The caller updates the head after the commit.</summary>
    public AuditRecord Append(SqliteTransaction tx, long deviceRowId, Entry entry) => ToRecord(AppendRow(tx, deviceRowId, entry), null);

    private Row AppendRow(SqliteTransaction tx, long deviceRowId, Entry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (lastId, lastHash) = Last(tx);
        var row = new Row(lastId + 1, Guid.CreateVersion7(), entry.Action, JsonSerializer.Serialize(entry.Targets), deviceRowId, entry.Result,
            entry.JobId?.ToString("D"), entry.Error, UnixNanos.Now(time), entry.Result == Pending ? null : UnixNanos.Now(time), lastHash, "");
        row = row with { Hash = HashOf(row) };
        using var cmd = Command(tx, """
            INSERT INTO audit_log (id, uuid, action, targets, device_id, result, job_id, error, created_at, completed_at, prev_hash, hash)
            VALUES ($id, $uuid, $action, $targets, $device, $result, $job, $error, $created, $completed, $prev, $hash)
            """);
        cmd.Parameters.AddWithValue("$id", row.Id);
        cmd.Parameters.AddWithValue("$uuid", row.Uuid.ToString("D"));
        cmd.Parameters.AddWithValue("$action", row.Action);
        cmd.Parameters.AddWithValue("$targets", row.Targets);
        cmd.Parameters.AddWithValue("$device", row.DeviceId);
        cmd.Parameters.AddWithValue("$result", row.Result);
        cmd.Parameters.AddWithValue("$job", (object?)row.JobId ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$error", (object?)row.Error ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$created", row.CreatedAt);
        cmd.Parameters.AddWithValue("$completed", (object?)row.CompletedAt ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$prev", (object?)row.PrevHash ?? DBNull.Value);
        cmd.Parameters.AddWithValue("$hash", row.Hash);
        cmd.ExecuteNonQuery();
        return row;
    }

    /// <summary>Records the outcome of a pending record: a chained completion record, and the outcome copied onto the original row.</summary>
    public AuditRecord? Complete(SqliteTransaction tx, long deviceRowId, Guid recordId, string result, string? error)
    {
        string? job;
        using (var check = Command(tx, "SELECT result, job_id FROM audit_log WHERE uuid = $u"))
        {
            check.Parameters.AddWithValue("$u", recordId.ToString("D"));
            using var r = check.ExecuteReader();
            if (!r.Read() || r.GetString(0) != Pending) return null;
            job = r.IsDBNull(1) ? null : r.GetString(1);
        }
        var completion = AppendRow(tx, deviceRowId, new Entry(CompletionAction, [recordId.ToString("D")], result, Guid.TryParse(job, out var jobId) ? jobId : null, error));
        using var update = Command(tx, "UPDATE audit_log SET result = $r, error = $e, completed_at = $c WHERE uuid = $u");
        update.Parameters.AddWithValue("$r", result);
        update.Parameters.AddWithValue("$e", (object?)error ?? DBNull.Value);
        update.Parameters.AddWithValue("$c", completion.CreatedAt);
        update.Parameters.AddWithValue("$u", recordId.ToString("D"));
        update.ExecuteNonQuery();
        return ToRecord(completion, null);
    }

    /// <summary>Pending records with a job: (record uuid, job id).</summary>
    public IReadOnlyList<(Guid Record, Guid Job)> PendingJobs()
    {
        using var cmd = Command(null, "SELECT uuid, job_id FROM audit_log WHERE result = 'pending' AND job_id IS NOT NULL ORDER BY id");
        using var r = cmd.ExecuteReader();
        var list = new List<(Guid, Guid)>();
        while (r.Read())
        {
            if (Guid.TryParse(r.GetString(0), out var record) && Guid.TryParse(r.GetString(1), out var job)) list.Add((record, job));
        }
        return list;
    }

    /// <summary>The last record's (row id, hash), or (0, null) for an empty log.</summary>
    public (long Id, string? Hash) Last(SqliteTransaction? tx)
    {
        using var cmd = Command(tx, "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1");
        using var r = cmd.ExecuteReader();
        return r.Read() ? (r.GetInt64(0), r.GetString(1)) : (0, null);
    }

    public long Count(SqliteTransaction? tx)
    {
        using var cmd = Command(tx, "SELECT COUNT(*) FROM audit_log");
        return (long)cmd.ExecuteScalar()!;
    }

    /// <summary>Newest first. <paramref name="action"/>: exact name, or a prefix when it ends with '.'.</summary>
    public IReadOnlyList<AuditRecord> List(int limit, string? action)
    {
        var filter = action is null ? "" : action.EndsWith('.') ? "WHERE a.action LIKE $a ESCAPE '\\'" : "WHERE a.action = $a";
        using var cmd = Command(null, $"SELECT {Columns} FROM audit_log a LEFT JOIN devices d ON d.id = a.device_id {filter} ORDER BY a.id DESC LIMIT $limit");
        if (action is not null)
            cmd.Parameters.AddWithValue("$a", action.EndsWith('.') ? action.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%" : action);
        cmd.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 100_000));
        using var r = cmd.ExecuteReader();
        var list = new List<AuditRecord>();
        while (r.Read())
        {
            var (row, device) = Read(r);
            list.Add(ToRecord(row, device));
        }
        return list;
    }

    /// <summary>
    /// Walks the whole chain in order and compares its end with the head kept outside library.db. Returns the first
    /// problem: (sequence number, record uuid, what is wrong), or null when the log is intact.
    /// </summary>
    public (long Records, string? LastHash, (long Seq, Guid? Id, string Problem)? Bad) Verify(AuditHead.State? head)
    {
        using var cmd = Command(null, $"SELECT {Columns} FROM audit_log a LEFT JOIN devices d ON d.id = a.device_id ORDER BY a.id");
        using var r = cmd.ExecuteReader();
        // Completions seen so far, by the uuid of the record they complete (a completion always follows its record,
        // so originals are checked when their completion arrives; the pending form is what their hash covers).
        var rows = new List<Row>();
        var byUuid = new Dictionary<Guid, int>();
        string? prev = null;
        long count = 0;
        while (r.Read())
        {
            var (row, _) = Read(r);
            count++;
            if (row.Id != count)
                return (count, prev, (count, row.Uuid, count < row.Id ? $"record {count} is missing (the next one has sequence {row.Id})" : "sequence out of order"));
            if (row.PrevHash != prev)
                return (count, prev, (row.Id, row.Uuid, "does not link to the record before it (prev_hash differs)"));
            byUuid[row.Uuid] = rows.Count;
            rows.Add(row);
            prev = row.Hash;
        }

        // Every check below may find a problem; the earliest record wrong is the one reported.
        var problems = new List<(long Seq, Guid? Id, string Problem)>();
        var completedBy = new Dictionary<Guid, Row>();
        foreach (var row in rows.Where(x => x.Action == CompletionAction))
        {
            var targets = TargetsOf(row.Targets);
            if (targets.Count == 1 && Guid.TryParse(targets[0], out var original)) completedBy[original] = row;
        }
        foreach (var row in rows)
        {
            if (completedBy.TryGetValue(row.Uuid, out var completion))
            {
                if (row.Result != completion.Result || row.Error != completion.Error || row.CompletedAt != completion.CreatedAt)
                    problems.Add((row.Id, row.Uuid, $"result '{row.Result}' differs from its completion record {completion.Id} ('{completion.Result}')"));
                else if (HashOf(row with { Result = Pending, Error = null, CompletedAt = null }) != row.Hash)
                    problems.Add((row.Id, row.Uuid, "fields were edited (hash differs)"));
            }
            else if (HashOf(row) != row.Hash)
            {
                problems.Add((row.Id, row.Uuid, row.Result != Pending && HashOf(row with { Result = Pending, Error = null, CompletedAt = null }) == row.Hash
                    ? "its outcome has no completion record (edited, or the completion record was deleted)"
                    : "fields were edited (hash differs)"));
            }
            if (problems.Count > 0) break;
        }

        if (head is null)
        {
            if (count > 0) problems.Add((1, rows[0].Uuid, "the head record kept outside library.db is missing"));
        }
        else if (head.Count < 0)
        {
            problems.Add((1, count > 0 ? rows[0].Uuid : null, "the head record kept outside library.db is unreadable"));
        }
        else if (head.Count > count)
        {
            problems.Add((count + 1, null, $"the log ends at record {count} but its head says {head.Count}: records were deleted from its end"));
        }
        else if (head.Count < count)
        {
            problems.Add((head.Count + 1, rows[(int)head.Count].Uuid, $"records after {head.Count} are not covered by the head"));
        }
        else if (head.Hash != prev)
        {
            problems.Add((count, count > 0 ? rows[^1].Uuid : null, "the last record's hash differs from the head's"));
        }
        return problems.Count == 0 ? (count, prev, null) : (count, prev, problems.MinBy(p => p.Seq));
    }

    /// <summary>The canonical encoding: a version tag, then every field length-prefixed (null distinct from empty).</summary>
    internal static string HashOf(Row row)
    {
        var buffer = new List<byte>(256);
        void Field(string? value)
        {
            if (value is null)
            {
                buffer.Add(0);
                return;
            }
            buffer.Add(1);
            var bytes = Encoding.UTF8.GetBytes(value);
            Span<byte> length = stackalloc byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            buffer.AddRange(length.ToArray());
            buffer.AddRange(bytes);
        }
        static string Num(long? n) => n?.ToString(CultureInfo.InvariantCulture) ?? "";
        Field("sd.audit.v1");
        Field(Num(row.Id));
        Field(row.Uuid.ToString("D"));
        Field(row.Action);
        Field(row.Targets);
        Field(Num(row.DeviceId));
        Field(row.Result);
        Field(row.JobId);
        Field(row.Error);
        Field(Num(row.CreatedAt));
        Field(row.CompletedAt is null ? null : Num(row.CompletedAt));
        Field(row.PrevHash);
        return Convert.ToHexStringLower(Blake3.Hash(buffer.ToArray()));
    }

    internal sealed record Row(long Id, Guid Uuid, string Action, string Targets, long DeviceId, string Result, string? JobId, string? Error,
        long CreatedAt, long? CompletedAt, string? PrevHash, string Hash);

    private static (Row Row, string? Device) Read(SqliteDataReader r) => (new Row(
        r.GetInt64(0), Guid.TryParse(r.GetString(1), out var uuid) ? uuid : Guid.Empty, r.GetString(2), r.GetString(3), r.GetInt64(4), r.GetString(5),
        r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7), r.GetInt64(8),
        r.IsDBNull(9) ? null : r.GetInt64(9), r.IsDBNull(10) ? null : r.GetString(10), r.GetString(11)),
        r.IsDBNull(12) ? null : r.GetString(12));

    /// <summary>The targets as stored; text that is not a list of strings (a tampered row) is shown as it is.</summary>
    private static IReadOnlyList<string> TargetsOf(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<string[]>(json) ?? [];
        }
        catch (JsonException)
        {
            return [json];
        }
    }

    private static AuditRecord ToRecord(Row row, string? device) => new(
        row.Id, row.Uuid, row.Action, TargetsOf(row.Targets),
        Guid.TryParse(device, out var d) ? d : null, row.Result, Guid.TryParse(row.JobId, out var job) ? job : null, row.Error,
        UnixNanos.ToDateTimeOffset(row.CreatedAt), row.CompletedAt is { } c ? UnixNanos.ToDateTimeOffset(c) : null, row.PrevHash, row.Hash);

    private SqliteCommand Command(SqliteTransaction? tx, string sql)
    {
        var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        return cmd;
    }
}
