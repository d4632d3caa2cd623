using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// The Aggregation phase: every folder's aggregate_size (bytes of the files below it, any depth),
/// file_count (files below it, any depth) and child_count (direct children), deepest first, computed
/// from one scan of the location's entries that keeps only the folders in memory (each entry adds to
/// its parent's sums as it streams by), and written only where a value differs. So only folders whose
/// subtree changed are written, an unchanged tree writes nothing, and running it again (after a
/// resume) is harmless. The location's totals follow the root's.
/// </summary>
public sealed class AggregationPhase(LibraryDatabase db, long locationId)
{
    public long Updated { get; private set; }

    private struct Folder
    {
        public long Id;
        public long Parent;
        public int ParentIndex;
        public int Depth;
        public (long Aggregate, long Files, long Children) Stored;
        public long Aggregate;
        public long Files;
        public long Children;
    }

    public void Run(CancellationToken cancellationToken)
    {
        var folders = new List<Folder>();
        var index = new Dictionary<long, int>();
        // Direct children, files and file bytes, by parent id (the parent may come later in the scan).
        var sums = new Dictionary<long, (long Children, long Files, long Bytes)>();
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
                var parent = reader.IsDBNull(1) ? 0 : reader.GetInt64(1);
                var kind = (EntryKind)reader.GetInt32(2);
                if (kind == EntryKind.Directory)
                {
                    var id = reader.GetInt64(0);
                    index[id] = folders.Count;
                    folders.Add(new Folder { Id = id, Parent = parent, Depth = -1, Stored = (reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6)) });
                }
                if (parent != 0)
                {
                    ref var sum = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sums, parent, out _);
                    sum.Children++;
                    if (kind == EntryKind.File)
                    {
                        sum.Files++;
                        sum.Bytes += reader.GetInt64(3);
                    }
                }
            }
        }
        cancellationToken.ThrowIfCancellationRequested();

        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(folders);
        for (var i = 0; i < span.Length; i++)
        {
            ref var f = ref span[i];
            f.ParentIndex = f.Parent != 0 && index.TryGetValue(f.Parent, out var p) ? p : -1;
            if (sums.TryGetValue(f.Id, out var sum))
            {
                (f.Children, f.Files, f.Aggregate) = sum;
            }
        }
        sums.Clear();
        index.Clear();
        var path = new Stack<int>();
        for (var i = 0; i < span.Length; i++)
        {
            var j = i;
            while (j >= 0 && span[j].Depth < 0)
            {
                path.Push(j);
                j = span[j].ParentIndex;
            }
            var d = j >= 0 ? span[j].Depth : -1;
            while (path.Count > 0)
            {
                span[path.Pop()].Depth = ++d;
            }
        }
        // Deepest first: a folder is complete before it is added to its parent.
        var order = new int[span.Length];
        for (var i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }
        var depths = new int[span.Length];
        for (var i = 0; i < depths.Length; i++)
        {
            depths[i] = -span[i].Depth;
        }
        Array.Sort(depths, order);
        foreach (var d in order)
        {
            var p = span[d].ParentIndex;
            if (p >= 0)
            {
                span[p].Aggregate += span[d].Aggregate;
                span[p].Files += span[d].Files;
            }
        }

        SqliteTransaction? transaction = null;
        SqliteCommand? update = null;
        try
        {
            long rootAggregate = 0, rootFiles = 0;
            var rootFound = false;
            foreach (var d in order)
            {
                var f = folders[d];
                if (f.ParentIndex < 0)
                {
                    rootAggregate += f.Aggregate;
                    rootFiles += f.Files;
                    rootFound = true;
                }
                if (f.Stored == (f.Aggregate, f.Files, f.Children))
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
                update!.Parameters[0].Value = f.Aggregate;
                update.Parameters[1].Value = f.Files;
                update.Parameters[2].Value = f.Children;
                update.Parameters[3].Value = f.Id;
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
