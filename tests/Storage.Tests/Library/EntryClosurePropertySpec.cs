using FsCheck;
using FsCheck.Fluent;
using Microsoft.Data.Sqlite;
using Microsoft.FSharp.Core;
using Spacedrive.Storage.Library;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

/// <summary>
/// Random trees built and reshaped by random operations; after every operation the maintained tables
/// must equal what a naive walk up entries.parent_id gives. Each case runs in a transaction that is
/// rolled back, so one database serves all cases. Seed fixed for repeatable runs.
/// </summary>
public sealed class EntryClosurePropertySpec : IDisposable
{
    private enum OpKind
    {
        InsertDirectory,
        InsertFile,
        Move,
        DeleteSubtree,
    }

    private sealed record Op(OpKind Kind, int A, int B)
    {
        public override string ToString() => $"{Kind}({A},{B})";
    }

    private readonly TempDirectory _dir = new();
    private readonly LibraryDatabase _db;

    public EntryClosurePropertySpec()
    {
        _db = LibraryDatabase.Create(_dir.File("library.db"));
    }

    public void Dispose()
    {
        _db.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Closure_must_equal_naive_ancestors_after_random_operations()
    {
        var op = Gen.Frequency(
                (3, Gen.Constant(OpKind.InsertDirectory)),
                (4, Gen.Constant(OpKind.InsertFile)),
                (2, Gen.Constant(OpKind.Move)),
                (1, Gen.Constant(OpKind.DeleteSubtree)))
            .SelectMany(kind => Gen.Choose(0, 10_000), (kind, a) => (kind, a))
            .SelectMany(x => Gen.Choose(0, 10_000), (x, b) => new Op(x.kind, x.a, b));
        var ops = Arb.From(op.ListOf().Select(l => l.ToArray()), ShrinkOps);

        var config = Config.QuickThrowOnFailure
            .WithMaxTest(150)
            .WithEndSize(80)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(20261121UL), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(ops, RunAndCheckAfterEachStep));
    }

    private static IEnumerable<Op[]> ShrinkOps(Op[] ops)
    {
        if (ops.Length > 1)
        {
            yield return ops[..(ops.Length / 2)];
            yield return ops[(ops.Length / 2)..];
        }
        for (var i = 0; i < ops.Length; i++)
        {
            yield return [.. ops[..i], .. ops[(i + 1)..]];
        }
    }

    private void RunAndCheckAfterEachStep(Op[] ops)
    {
        var connection = _db.Writer;
        using var tx = connection.BeginTransaction();
        // Two locations, so that moves across locations are exercised too.
        var (device, location1, root1) = AddLocationWithRoot(connection, tx, "/one");
        var location2 = AddLocation(connection, tx, device, "/");
        using var closure = new EntryClosure(connection, tx);
        var root2 = closure.Insert(Entry(device, location2, null, "two", EntryKind.Directory) with { RootPath = "/" });
        Execute(connection, tx, $"UPDATE locations SET entry_id = {root2} WHERE id = {location2}");
        var roots = new HashSet<long> { root1, root2 };
        var nameCounter = 0;

        foreach (var op in ops)
        {
            var tree = Tree.Read(connection, tx);
            var directories = tree.Entries.Values.Where(e => e.Kind == EntryKind.Directory).Select(e => e.Id).Order().ToList();
            var movable = tree.Entries.Keys.Where(id => !roots.Contains(id)).Order().ToList();
            switch (op.Kind)
            {
                case OpKind.InsertDirectory or OpKind.InsertFile:
                    var parent = tree.Entries[directories[op.A % directories.Count]];
                    var kind = op.Kind == OpKind.InsertDirectory ? EntryKind.Directory : EntryKind.File;
                    closure.Insert(Entry(device, parent.LocationId, parent.Id, $"n{nameCounter++}.txt", kind));
                    break;
                case OpKind.Move when movable.Count > 0:
                    var moving = movable[op.A % movable.Count];
                    var targets = directories.Where(d => d != moving && !tree.IsAncestor(moving, d)).ToList();
                    var rename = op.B % 2 == 0 ? $"r{nameCounter++}" : null;
                    closure.Move(moving, targets[op.B % targets.Count], rename);
                    break;
                case OpKind.DeleteSubtree when movable.Count > 0:
                    closure.DeleteSubtree(movable[op.A % movable.Count]);
                    break;
            }
            AssertDerivedTablesMatchNaive(connection, tx, op);
        }
        Execute(connection, tx, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Empty(Strings(connection, tx, "PRAGMA foreign_key_check"));
        tx.Rollback();
    }

    private static void AssertDerivedTablesMatchNaive(SqliteConnection connection, SqliteTransaction tx, Op after)
    {
        var tree = Tree.Read(connection, tx);
        Assert.True(tree.ExpectedClosure().SetEquals(tree.ReadClosure(connection, tx)), $"entry_closure differs from the naive closure after {after}");
        Assert.Equal(tree.ExpectedPaths(), tree.ReadPaths(connection, tx));
        foreach (var entry in tree.Entries.Values)
        {
            // Every entry belongs to the location of its root.
            Assert.Equal(tree.Entries[tree.RootOf(entry.Id)].LocationId, entry.LocationId);
        }
    }

    private sealed record StoredEntry(long Id, long? ParentId, EntryKind Kind, string Name, long LocationId);

    /// <summary>The naive model: nothing but the entries table, walked in C#.</summary>
    private sealed class Tree
    {
        public required Dictionary<long, StoredEntry> Entries { get; init; }

        public required Dictionary<long, string> RootPaths { get; init; }

        public static Tree Read(SqliteConnection connection, SqliteTransaction tx)
        {
            var entries = new Dictionary<long, StoredEntry>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = "SELECT id, parent_id, kind, name, location_id FROM entries";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    var id = reader.GetInt64(0);
                    entries[id] = new StoredEntry(id, reader.IsDBNull(1) ? null : reader.GetInt64(1), (EntryKind)reader.GetInt32(2), reader.GetString(3), reader.GetInt64(4));
                }
            }
            var rootPaths = new Dictionary<long, string>();
            using (var command = connection.CreateCommand())
            {
                command.Transaction = tx;
                command.CommandText = "SELECT entry_id, path FROM locations WHERE entry_id IS NOT NULL";
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rootPaths[reader.GetInt64(0)] = reader.GetString(1);
                }
            }
            return new Tree { Entries = entries, RootPaths = rootPaths };
        }

        public bool IsAncestor(long ancestor, long of)
        {
            for (var id = Entries[of].ParentId; id is { } current; id = Entries[current].ParentId)
            {
                if (current == ancestor)
                {
                    return true;
                }
            }
            return false;
        }

        public long RootOf(long id)
        {
            while (Entries[id].ParentId is { } parent)
            {
                id = parent;
            }
            return id;
        }

        public HashSet<(long, long, int)> ExpectedClosure()
        {
            var rows = new HashSet<(long, long, int)>();
            foreach (var directory in Entries.Values.Where(e => e.Kind == EntryKind.Directory))
            {
                var depth = 0;
                for (long? id = directory.Id; id is { } current; id = Entries[current].ParentId, depth++)
                {
                    rows.Add((current, directory.Id, depth));
                }
            }
            return rows;
        }

        public HashSet<(long, long, int)> ReadClosure(SqliteConnection connection, SqliteTransaction tx)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "SELECT ancestor_id, descendant_id, depth FROM entry_closure";
            using var reader = command.ExecuteReader();
            var rows = new HashSet<(long, long, int)>();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt32(2)));
            }
            return rows;
        }

        public SortedDictionary<long, string> ExpectedPaths()
        {
            var paths = new SortedDictionary<long, string>();
            foreach (var directory in Entries.Values.Where(e => e.Kind == EntryKind.Directory))
            {
                var names = new Stack<string>();
                var id = directory.Id;
                while (Entries[id].ParentId is { } parent)
                {
                    names.Push(Entries[id].Name);
                    id = parent;
                }
                var path = RootPaths[id];
                foreach (var name in names)
                {
                    path = path == "/" ? "/" + name : path + "/" + name;
                }
                paths[directory.Id] = path;
            }
            return paths;
        }

        public SortedDictionary<long, string> ReadPaths(SqliteConnection connection, SqliteTransaction tx)
        {
            using var command = connection.CreateCommand();
            command.Transaction = tx;
            command.CommandText = "SELECT entry_id, path FROM directory_paths";
            using var reader = command.ExecuteReader();
            var paths = new SortedDictionary<long, string>();
            while (reader.Read())
            {
                paths[reader.GetInt64(0)] = reader.GetString(1);
            }
            return paths;
        }
    }
}
