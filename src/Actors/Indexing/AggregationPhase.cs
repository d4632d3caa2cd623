using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// The Aggregation phase: every folder's aggregate_size (bytes of the files below it, any depth),
/// file_count (files below it, any depth) and child_count (direct children), deepest first, computed
/// in memory from one query over the location's entries and written only where a value differs. So
/// only folders whose subtree changed are written, an unchanged tree writes nothing, and running it
/// again (after a resume) is harmless. The location's totals follow the root's.
/// </summary>
public sealed class AggregationPhase(LibraryDatabase db, long locationId)
{
    public long Updated { get; private set; }

    public void Run(CancellationToken cancellationToken)
    {
        var ids = new List<long>();
        var parents = new List<long>();
        var kinds = new List<byte>();
        var sizes = new List<long>();
        var stored = new List<(long Aggregate, long Files, long Children)>();
        var index = new Dictionary<long, int>();
        using (var command = db.Writer.CreateCommand())
        {
            command.CommandText = """
                SELECT id, parent_id, kind, size, aggregate_size, file_count, child_count
                FROM entries WHERE location_id = $loc
                """;
            command.Parameters.AddWithValue("$loc", locationId);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                index[reader.GetInt64(0)] = ids.Count;
                ids.Add(reader.GetInt64(0));
                parents.Add(reader.IsDBNull(1) ? 0 : reader.GetInt64(1));
                kinds.Add((byte)reader.GetInt32(2));
                sizes.Add(reader.GetInt64(3));
                stored.Add((reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)));
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var n = ids.Count;
        var parentIndex = new int[n];
        for (var i = 0; i < n; i++)
        {
            parentIndex[i] = parents[i] != 0 && index.TryGetValue(parents[i], out var p) ? p : -1;
        }
        var depth = new int[n];
        Array.Fill(depth, -1);
        int DepthOf(int i)
        {
            var path = new Stack<int>();
            while (i >= 0 && depth[i] < 0)
            {
                path.Push(i);
                i = parentIndex[i];
            }
            var d = i >= 0 ? depth[i] : -1;
            while (path.Count > 0)
            {
                depth[path.Pop()] = ++d;
            }
            return d;
        }
        var aggregate = new long[n];
        var files = new long[n];
        var children = new long[n];
        var directories = new List<int>();
        for (var i = 0; i < n; i++)
        {
            DepthOf(i);
            var p = parentIndex[i];
            if (kinds[i] == (byte)EntryKind.Directory)
            {
                directories.Add(i);
            }
            if (p < 0)
            {
                continue;
            }
            children[p]++;
            if (kinds[i] == (byte)EntryKind.File)
            {
                aggregate[p] += sizes[i];
                files[p]++;
            }
        }
        // Deepest first: a folder is complete before it is added to its parent.
        directories.Sort((a, b) => depth[b].CompareTo(depth[a]));
        foreach (var d in directories)
        {
            var p = parentIndex[d];
            if (p >= 0)
            {
                aggregate[p] += aggregate[d];
                files[p] += files[d];
            }
        }

        SqliteTransaction? transaction = null;
        SqliteCommand? update = null;
        try
        {
            long rootAggregate = 0, rootFiles = 0;
            var rootFound = false;
            foreach (var d in directories)
            {
                if (parentIndex[d] < 0)
                {
                    rootAggregate += aggregate[d];
                    rootFiles += files[d];
                    rootFound = true;
                }
                if (stored[d] == (aggregate[d], files[d], children[d]))
                {
                    continue;
                }
                if (transaction is null)
                {
                    transaction = db.Writer.BeginTransaction(deferred: false);
                    update = db.Writer.CreateCommand();
                    update.Transaction = transaction;
                    update.CommandText = "UPDATE entries SET aggregate_size = $a, file_count = $f, child_count = $c WHERE id = $id";
                    update.Parameters.Add(new SqliteParameter { ParameterName = "$a" });
                    update.Parameters.Add(new SqliteParameter { ParameterName = "$f" });
                    update.Parameters.Add(new SqliteParameter { ParameterName = "$c" });
                    update.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
                    update.Prepare();
                }
                update!.Parameters[0].Value = aggregate[d];
                update.Parameters[1].Value = files[d];
                update.Parameters[2].Value = children[d];
                update.Parameters[3].Value = ids[d];
                update.ExecuteNonQuery();
                Updated++;
            }
            if (rootFound)
            {
                using var totals = db.Writer.CreateCommand();
                totals.Transaction = transaction;
                totals.CommandText = """
                    UPDATE locations SET total_file_count = $f, total_byte_size = $a
                    WHERE id = $loc AND (total_file_count <> $f OR total_byte_size <> $a)
                    """;
                totals.Parameters.AddWithValue("$f", rootFiles);
                totals.Parameters.AddWithValue("$a", rootAggregate);
                totals.Parameters.AddWithValue("$loc", locationId);
                totals.ExecuteNonQuery();
            }
            transaction?.Commit();
        }
        finally
        {
            update?.Dispose();
            transaction?.Dispose();
        }
    }
}
