using Microsoft.Data.Sqlite;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Library;

public sealed class EntryClosureSpec : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly LibraryDatabase _db;
    private readonly SqliteTransaction _tx;
    private readonly EntryClosure _closure;
    private readonly long _device;
    private readonly long _location;
    private readonly long _root;

    public EntryClosureSpec()
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

    private long Dir(long parent, string name) => _closure.Insert(Entry(_device, _location, parent, name, EntryKind.Directory));

    private long File(long parent, string name) => _closure.Insert(Entry(_device, _location, parent, name, EntryKind.File));

    private List<string> Rows(string sql) => Strings(_db.Writer, _tx, sql);

    [Fact]
    public void Directories_must_get_a_row_for_themselves_and_every_ancestor_and_files_none()
    {
        var docs = Dir(_root, "docs");
        var work = Dir(docs, "work");
        var file = File(work, "Report.PDF");

        Assert.Equal(
            [$"{_root}>{_root}@0", $"{_root}>{docs}@1", $"{_root}>{work}@2", $"{docs}>{docs}@0", $"{docs}>{work}@1", $"{work}>{work}@0"],
            Rows("SELECT ancestor_id || '>' || descendant_id || '@' || depth FROM entry_closure ORDER BY 1"));
        Assert.Equal([(work, 1), (docs, 2), (_root, 3)], EntryClosure.Ancestors(_db.Writer, file, _tx));
        Assert.Equal([(docs, 1), (_root, 2)], EntryClosure.Ancestors(_db.Writer, work, _tx));
        Assert.Equal([docs, work, file], EntryClosure.Descendants(_db.Writer, _root, _tx));
        Assert.Equal("/home/me/docs/work", EntryClosure.DirectoryPath(_db.Writer, work, _tx));
        Assert.Equal("/home/me/docs/work/Report.PDF", EntryClosure.FullPath(_db.Writer, file, _tx));
        Assert.Equal(["pdf"], Rows($"SELECT extension FROM entries WHERE id = {file}"));
    }

    [Fact]
    public void A_root_at_slash_must_not_double_its_separator()
    {
        var location = AddLocation(_db.Writer, _tx, _device, "/");
        var root = _closure.Insert(Entry(_device, location, null, "root", EntryKind.Directory) with { RootPath = "/" });
        var etc = _closure.Insert(Entry(_device, location, root, "etc", EntryKind.Directory));
        Assert.Equal("/etc", EntryClosure.DirectoryPath(_db.Writer, etc, _tx));
    }

    [Fact]
    public void Moving_a_directory_must_relink_its_subtree_and_rewrite_its_paths()
    {
        var a = Dir(_root, "a");
        var b = Dir(_root, "b");
        var sub = Dir(a, "sub");
        var deep = Dir(sub, "deep");
        var file = File(deep, "x.txt");

        _closure.Move(sub, b, newName: "moved");

        Assert.Equal([(sub, 1), (b, 2), (_root, 3)], EntryClosure.Ancestors(_db.Writer, deep, _tx));
        Assert.Empty(EntryClosure.Descendants(_db.Writer, a, _tx));
        Assert.Equal("/home/me/b/moved/deep/x.txt", EntryClosure.FullPath(_db.Writer, file, _tx));
        Assert.Equal(["moved"], Rows($"SELECT name FROM entries WHERE id = {sub}"));
    }

    [Fact]
    public void Moving_into_its_own_subtree_or_under_a_file_must_be_refused()
    {
        var a = Dir(_root, "a");
        var inner = Dir(a, "inner");
        var file = File(_root, "f.txt");

        Assert.Throws<InvalidOperationException>(() => _closure.Move(a, inner));
        Assert.Throws<InvalidOperationException>(() => _closure.Move(a, a));
        Assert.Throws<InvalidOperationException>(() => _closure.Move(inner, file));
        Assert.ThrowsAny<SqliteException>(() => File(file, "child-of-a-file"));
    }

    [Fact]
    public void Deleting_a_subtree_must_remove_its_entries_closure_rows_and_paths()
    {
        var a = Dir(_root, "a");
        var sub = Dir(a, "sub");
        File(sub, "1.txt");
        File(a, "2.txt");
        var keep = File(_root, "keep.txt");

        Assert.Equal(4, _closure.DeleteSubtree(a));

        Assert.Equal([keep], EntryClosure.Descendants(_db.Writer, _root, _tx));
        Assert.Equal([$"{_root}"], Rows("SELECT descendant_id FROM entry_closure"));
        Assert.Equal(["/home/me"], Rows("SELECT path FROM directory_paths"));
    }

    [Fact]
    public void Entry_names_must_be_searchable_by_any_substring_and_follow_renames_and_deletes()
    {
        var file = File(_root, "Q3-Final_Report.pdf");
        var other = Dir(_root, "Été photos");

        Assert.Equal([file], Search("report"));
        Assert.Equal([other], Search("ete phot"));

        _closure.Move(file, _root, newName: "summary.pdf");
        Assert.Empty(Search("report"));
        Assert.Equal([file], Search("summ"));

        _closure.DeleteSubtree(file);
        Assert.Empty(Search("summ"));
        Execute(_db.Writer, _tx, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");
    }

    private List<long> Search(string text) =>
        Rows($"SELECT rowid FROM entries_fts WHERE entries_fts MATCH '{SearchText.FtsTrigrams(SearchText.Fold(text))}' ORDER BY rowid").Select(long.Parse).ToList();

    [Fact]
    public void Content_entry_count_must_follow_linked_entries()
    {
        var content = Insert(_db.Writer, _tx,
            "INSERT INTO content_identities (uuid, content_hash, total_size, first_seen_at, last_verified_at) VALUES ($u, '0123456789abcdef', 42, 0, 0) RETURNING id",
            ("$u", Guid.NewGuid().ToString("D")));
        var one = _closure.Insert(Entry(_device, _location, _root, "one", EntryKind.File) with { ContentId = content });
        var two = File(_root, "two");
        Execute(_db.Writer, _tx, $"UPDATE entries SET content_id = {content} WHERE id = {two}");
        Assert.Equal(["2"], Rows($"SELECT entry_count FROM content_identities WHERE id = {content}"));

        _closure.DeleteSubtree(one);
        Assert.Equal(["1"], Rows($"SELECT entry_count FROM content_identities WHERE id = {content}"));
    }

    [Fact]
    public void Rebuild_must_reproduce_the_maintained_tables()
    {
        var a = Dir(_root, "a");
        var b = Dir(a, "b");
        Dir(b, "c");
        File(b, "f");
        _closure.Move(b, _root);
        const string Closure = "SELECT ancestor_id || ',' || descendant_id || ',' || depth FROM entry_closure ORDER BY 1";
        const string Paths = "SELECT entry_id || ',' || path FROM directory_paths ORDER BY 1";
        var (closureBefore, pathsBefore) = (Rows(Closure), Rows(Paths));

        EntryClosure.Rebuild(_db.Writer, _tx);

        Assert.Equal(closureBefore, Rows(Closure));
        Assert.Equal(pathsBefore, Rows(Paths));
    }

    [Fact]
    public void A_batch_must_insert_in_one_transaction_of_its_own()
    {
        _tx.Commit();
        var batch = Enumerable.Range(0, 100).Select(i => Entry(_device, _location, _root, $"f{i}", EntryKind.File));

        var ids = EntryClosure.InsertBatch(_db.Writer, batch);

        Assert.Equal(100, ids.Count);
        using var reader = _db.OpenReader();
        Assert.Equal(100L, Scalar(reader, null, $"SELECT count(*) FROM entries WHERE parent_id = {_root}"));
    }
}
