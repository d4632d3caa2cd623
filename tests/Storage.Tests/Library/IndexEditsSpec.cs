using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

/// <summary>Index edits made by file operations themselves: find by path, move/rename keeping ids, remove subtrees, insert folders.</summary>
public sealed class IndexEditsSpec : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LibraryDatabase _db;
    private readonly SqliteTransaction _tx;
    private readonly EntryClosure _closure;
    private readonly IndexEdits _edits;
    private readonly long _device;
    private readonly long _location;
    private readonly long _root;

    public IndexEditsSpec()
    {
        _db = LibraryDatabase.Create(_dir.File("library.db"));
        _tx = _db.Writer.BeginTransaction();
        (_device, _location, _root) = AddLocationWithRoot(_db.Writer, _tx, "/home/me");
        _closure = new EntryClosure(_db.Writer, _tx);
        _edits = new IndexEdits(_db.Writer, _tx);
    }

    public void Dispose()
    {
        _edits.Dispose();
        _closure.Dispose();
        _tx.Dispose();
        _db.Dispose();
        _dir.Dispose();
    }

    private long Dir(long parent, string name)
    {
        var id = _closure.Insert(Entry(_device, _location, parent, name, EntryKind.Directory));
        Execute(_db.Writer, _tx, $"UPDATE entries SET child_count = child_count + 1 WHERE id = {parent}");
        return id;
    }

    private long File(long parent, string name, long size)
    {
        var id = _closure.Insert(Entry(_device, _location, parent, name, EntryKind.File) with { Size = size });
        Execute(_db.Writer, _tx, $"UPDATE entries SET aggregate_size = aggregate_size + {size}, file_count = file_count + 1 WHERE id IN (SELECT ancestor_id FROM entry_closure WHERE descendant_id = {parent})");
        Execute(_db.Writer, _tx, $"UPDATE entries SET child_count = child_count + 1 WHERE id = {parent}");
        return id;
    }

    private List<string> Rows(string sql) => Strings(_db.Writer, _tx, sql);

    private IndexEdits.Entry Find(string path) => _edits.Find(path) ?? throw new InvalidOperationException(path + " is not indexed");

    [Fact]
    public void Moving_a_folder_must_keep_ids_and_rewrite_its_subtree_paths_and_both_sides_aggregates()
    {
        var docs = Dir(_root, "docs");
        var work = Dir(docs, "work");
        File(work, "a.txt", 10);
        var archive = Dir(_root, "archive");
        var uuid = Find("/home/me/docs/work").Uuid;

        _edits.Move(Find("/home/me/docs/work"), archive, "old-work");

        var moved = Find("/home/me/archive/old-work");
        Assert.Equal(work, moved.Id);
        Assert.Equal(uuid, moved.Uuid);
        Assert.Null(_edits.Find("/home/me/docs/work"));
        Assert.Equal(work + 1, Find("/home/me/archive/old-work/a.txt").Id);
        Assert.Equal(["/home/me", "/home/me/archive", "/home/me/archive/old-work", "/home/me/docs"], Rows("SELECT path FROM directory_paths ORDER BY path"));
        Assert.Equal(["0 0 0", "10 1 1"], Rows($"SELECT aggregate_size || ' ' || file_count || ' ' || child_count FROM entries WHERE id IN ({docs}, {archive}) ORDER BY id"));
        Assert.Equal(["10 1"], Rows($"SELECT aggregate_size || ' ' || file_count FROM entries WHERE id = {_root}"));
    }

    [Fact]
    public void Removing_a_subtree_must_delete_its_entries_closure_and_path_rows_and_orphaned_metadata()
    {
        var docs = Dir(_root, "docs");
        var work = Dir(docs, "work");
        var file = File(work, "a.txt", 7);
        File(docs, "b.txt", 3);
        var fileUuid = Rows($"SELECT hex(uuid) FROM entries WHERE id = {file}").Single();
        Execute(_db.Writer, _tx, $"INSERT INTO user_metadata (uuid, entry_uuid, created_at, updated_at) VALUES ('{Guid.NewGuid():D}', unhex('{fileUuid}'), 1, 1)");

        Assert.Equal(2, _edits.Remove(Find("/home/me/docs/work")));

        Assert.Equal(["b.txt", "docs", "me"], Rows("SELECT name FROM entries ORDER BY name"));
        Assert.Empty(Rows($"SELECT 1 FROM entry_closure WHERE ancestor_id = {work} OR descendant_id = {work}"));
        Assert.Empty(Rows($"SELECT 1 FROM directory_paths WHERE entry_id = {work}"));
        Assert.Empty(Rows("SELECT 1 FROM user_metadata"));
        Assert.Equal(["3 1 1"], Rows($"SELECT aggregate_size || ' ' || file_count || ' ' || child_count FROM entries WHERE id = {docs}"));
        Assert.Equal(["3 1"], Rows($"SELECT aggregate_size || ' ' || file_count FROM entries WHERE id = {_root}"));
    }

    [Fact]
    public void Inserting_a_folder_must_give_it_closure_and_path_rows_under_its_parent()
    {
        var docs = Dir(_root, "docs");
        var uuid = Guid.NewGuid();

        var id = _edits.InsertDirectory(Find("/home/me/docs"), "new", uuid, Now);

        Assert.Equal(uuid, Find("/home/me/docs/new").Uuid);
        Assert.Equal([$"{_root}@2", $"{docs}@1", $"{id}@0"], Rows($"SELECT ancestor_id || '@' || depth FROM entry_closure WHERE descendant_id = {id} ORDER BY depth DESC"));
        Assert.Equal(["1"], Rows($"SELECT child_count FROM entries WHERE id = {docs}"));
        Assert.Null(_edits.Find("/home/me/elsewhere"));
    }
}
