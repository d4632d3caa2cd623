using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

/// <summary>EntryClosure.Enqueue/Flush: the indexer's multi-row inserts.</summary>
public sealed class EntryClosureBatchSpec : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LibraryDatabase _db;
    private readonly SqliteTransaction _tx;
    private readonly EntryClosure _closure;
    private readonly long _device;
    private readonly long _location;
    private readonly long _root;

    public EntryClosureBatchSpec()
    {
        _db = LibraryDatabase.Create(_dir.File("library.db"));
        _tx = _db.Writer.BeginTransaction();
        (_device, _location, _root) = AddLocationWithRoot(_db.Writer, _tx, "/home/me");
        _closure = new EntryClosure(_db.Writer, _tx);
    }

    public void Dispose()
    {
        _closure.Dispose();
        _tx.Dispose();
        _db.Dispose();
        _dir.Dispose();
    }

    private long Queue(long parent, string name, EntryKind kind = EntryKind.File) => _closure.Enqueue(Entry(_device, _location, parent, name, kind));

    private List<string> Rows(string sql) => Strings(_db.Writer, _tx, sql);

    [Fact]
    public void Queued_entries_get_their_ids_at_once_and_their_rows_closure_paths_and_names_at_flush()
    {
        var folders = new List<long>();
        var parent = _root;
        for (var i = 0; i < 3; i++)
        {
            parent = Queue(parent, $"d{i}", EntryKind.Directory);
            folders.Add(parent);
        }
        for (var i = 0; i < EntryClosure.RowsPerStatement * 2 + 5; i++)
        {
            Queue(parent, $"file-{i:D3}.txt");
        }
        Assert.Equal(["0"], Rows($"SELECT COUNT(*) FROM entries WHERE id = {folders[0]}"));

        Assert.Empty(_closure.Flush());

        Assert.Equal(0, _closure.Queued);
        Assert.Equal([(folders[1], 1), (folders[0], 2), (_root, 3)], EntryClosure.Ancestors(_db.Writer, folders[2], _tx));
        Assert.Equal("/home/me/d0/d1/d2", EntryClosure.DirectoryPath(_db.Writer, folders[2], _tx));
        Assert.Equal([(EntryClosure.RowsPerStatement * 2 + 5).ToString(System.Globalization.CultureInfo.InvariantCulture)],
            Rows($"SELECT COUNT(*) FROM entries_fts WHERE entries_fts MATCH 'fil AND ile' AND rowid IN (SELECT id FROM entries WHERE parent_id = {parent})"));
        Assert.Equal(["/home/me/d0/d1/d2/file-007.txt"], [EntryClosure.FullPath(_db.Writer, folders[2] + 8, _tx)!]);
    }

    [Fact]
    public void An_entry_that_breaks_a_constraint_is_returned_and_the_rest_of_its_statement_is_written()
    {
        File(_root, "taken.txt");
        var failedFolderChildren = new List<long>();
        for (var i = 0; i < EntryClosure.RowsPerStatement - 3; i++)
        {
            Queue(_root, $"f{i}.txt");
        }
        var taken = Queue(_root, "taken.txt");
        var folder = Queue(_root, "f0.txt", EntryKind.Directory); // the name of a file queued above
        failedFolderChildren.Add(Queue(folder, "child.txt"));

        var failures = _closure.Flush();

        Assert.Equal([taken, folder, failedFolderChildren[0]], failures.Select(f => f.Id));
        Assert.Equal(EntryClosure.RowsPerStatement - 3, failures[0].Index);
        Assert.Contains("UNIQUE", failures[0].Message, StringComparison.Ordinal);
        Assert.Contains("must reference a directory", failures[2].Message, StringComparison.Ordinal);
        Assert.Equal([(EntryClosure.RowsPerStatement - 3 + 2).ToString(System.Globalization.CultureInfo.InvariantCulture)], Rows("SELECT COUNT(*) FROM entries"));
        Assert.Equal(["0"], Rows($"SELECT COUNT(*) FROM directory_paths WHERE entry_id = {folder}"));
    }

    [Fact]
    public void Nothing_else_is_written_while_entries_are_queued()
    {
        var file = File(_root, "a.txt");
        Queue(_root, "b.txt");
        Assert.Throws<InvalidOperationException>(() => _closure.DeleteSubtree(file));
        Assert.Throws<InvalidOperationException>(() => File(_root, "c.txt"));
        _closure.Flush();
        var after = File(_root, "c.txt");
        Assert.True(Queue(_root, "d.txt") > after);
        Assert.Empty(_closure.Flush());
    }

    private long File(long parent, string name) => _closure.Insert(Entry(_device, _location, parent, name, EntryKind.File));
}
