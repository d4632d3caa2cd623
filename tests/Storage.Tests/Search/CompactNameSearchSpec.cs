using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Library.Migrations;
using Spacedrive.Storage.Search;
using Spacedrive.Storage.Tests.Library;
using static Spacedrive.Storage.Tests.Library.LibraryRows;

namespace Spacedrive.Storage.Tests.Search;

/// <summary>
/// The name index keeps no positions (M005: detail=none), so a text is looked up as the AND of its trigrams and every
/// candidate is re-checked exactly. These specs go through SQL (the in-memory name index off): a name holding the
/// trigrams apart must not match, folding must still match, and a library migrated from version 4 must answer as before.
/// </summary>
public sealed class CompactNameSearchSpec : IDisposable
{
    private readonly SearchFixture _f = new();
    private readonly SqliteConnection _reader;
    private readonly SqliteSearchSource _sql;

    public CompactNameSearchSpec()
    {
        _reader = _f.Db.OpenReader();
        _sql = new SqliteSearchSource(_reader, TestCategories.Instance, nameIndex: false);
    }

    public void Dispose()
    {
        _sql.Dispose();
        _reader.Dispose();
        _f.Dispose();
    }

    private SearchReply Sql(string text)
    {
        var reply = _sql.Search(new SearchQuery { Text = text, Target = SearchTarget.All, IncludeHidden = true, Limit = SearchQuery.MaxLimit });
        Assert.Equal(SearchPlans.Sql, reply.Plan);
        return reply;
    }

    private List<string> Names(string text) => [.. Sql(text).Items.Select(i => i.Name).Order(StringComparer.Ordinal)];

    private List<long> FtsCandidates(string text)
    {
        using var cmd = _reader.CreateCommand();
        cmd.CommandText = "SELECT rowid FROM entries_fts WHERE entries_fts MATCH $q";
        cmd.Parameters.AddWithValue("$q", SearchText.FtsTrigrams(SearchText.Fold(text)));
        using var r = cmd.ExecuteReader();
        var ids = new List<long>();
        while (r.Read()) ids.Add(r.GetInt64(0));
        return ids;
    }

    [Fact]
    public void A_name_holding_every_trigram_of_the_text_but_not_the_text_must_not_match()
    {
        // "abcab" is abc + bca + cab; "cabcXabca" holds all three (cab, abc, bca) but never "abcab".
        var apart = _f.AddOne("cabcXabca.pdf", null);
        _f.Add("xxABCabyy.txt", "abcab.txt", "unrelated.txt");
        Assert.DoesNotContain("abcab", "cabcXabca".ToLowerInvariant(), StringComparison.Ordinal);
        Assert.Contains(apart, FtsCandidates("abcab")); // the index alone cannot tell: the re-check must

        var reply = Sql("abcab");
        Assert.Equal(["abcab.txt", "xxABCabyy.txt"], reply.Items.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(2, reply.Total);
        Assert.Equal(new Dictionary<string, long> { ["txt"] = 2 }, reply.Facets!.Extension);
        Assert.Equal(2, reply.Facets.Category.Values.Sum());
        Assert.Equal(2, reply.Facets.Location.Values.Sum());
        // Every other query shape reaches the same matches through the same check.
        Assert.Equal(0, _sql.Search(new SearchQuery { Text = "abcab", Extensions = ["pdf"] }).Total);
        Assert.Single(_sql.Search(new SearchQuery { Text = "abcab", Limit = 1, Offset = 1 }).Items);
    }

    [Fact]
    public void Accented_and_case_folded_names_must_still_match()
    {
        _f.Add("Résumé final.pdf", "RESUME.txt", "Re\u0301sume\u0301.md", "resum.txt", "Été photos/", "ΆΛΦΑ.txt", "Ｆｕｌｌ.txt", "\u212Aelvin.txt", "x😀yz.txt");
        string[] resumes = ["RESUME.txt", "Re\u0301sume\u0301.md", "Résumé final.pdf"];
        Assert.Equal(resumes.Order(StringComparer.Ordinal), Names("résumé"));
        Assert.Equal(resumes.Order(StringComparer.Ordinal), Names("RESUMÉ"));
        Assert.Equal(resumes.Order(StringComparer.Ordinal), Names("resume"));
        Assert.Equal(["Été photos"], Names("ete phot"));
        Assert.Equal(["ΆΛΦΑ.txt"], Names("άλφα"));
        Assert.Equal(["Ｆｕｌｌ.txt"], Names("ｆｕｌ"));
        Assert.Equal(["\u212Aelvin.txt"], Names("kelvin"));
        Assert.Equal(["x😀yz.txt"], Names("😀yz"));
        Assert.Empty(Names("resumes"));
    }

    [Fact]
    public void A_text_with_repeated_trigrams_must_match_only_names_holding_it_whole()
    {
        _f.Add("aaaaa", "aaa", "aaaa", "xaaaaaax", "ababa.txt", "abab", "aba bab", "xABABAy", "aba-bab-aba");
        Assert.Equal("\"aaa\"", SearchText.FtsTrigrams("aaaaa"));
        Assert.Equal("\"aba\" AND \"bab\"", SearchText.FtsTrigrams("ababa"));
        Assert.Equal(["aaaaa", "xaaaaaax"], Names("aaaaa"));
        Assert.Equal(["aaa", "aaaa", "aaaaa", "xaaaaaax"], Names("aaa"));
        Assert.Equal(["ababa.txt", "xABABAy"], Names("ababa"));
    }

    [Fact]
    public void Trigrams_must_be_code_points_with_quotes_doubled_and_a_long_text_capped()
    {
        Assert.Equal("\"😀ab\"", SearchText.FtsTrigrams("😀ab"));
        Assert.Null(SearchText.FtsTrigrams("😀a"));
        Assert.Equal("\"a\"\"b\" AND \"\"\"b\"\"\"", SearchText.FtsTrigrams("a\"b\""));
        var longText = string.Concat(Enumerable.Range(0, 200).Select(i => (char)('a' + (i % 26)) + i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        var trigrams = SearchText.FtsTrigrams(longText)!;
        Assert.Equal(SearchText.MaxFtsTrigrams, trigrams.Split(" AND ").Length);
        Assert.StartsWith("\"" + longText[..3] + "\"", trigrams, StringComparison.Ordinal);
        Assert.EndsWith("\"" + longText[^3..] + "\"", trigrams, StringComparison.Ordinal);

        _f.Add("pre-" + longText + "-post.txt", longText[..^1] + ".txt");
        Assert.Equal(["pre-" + longText + "-post.txt"], Names(longText));
    }

    private static readonly string[] MigrationNames =
    [
        "Q3-Final_Report.pdf", "report", "misreported.txt", "Résumé.pdf", "Re\u0301sume\u0301.md", "cabcXabca", "xabcaby",
        "holiday-photos", "a\"b c", "x AND y", "re*port", "日本語.txt", "Ｆｕｌｌ", "\u212Aelvin", "aaaa", "aaaaa", "eee",
    ];

    private static readonly string[] MigrationTexts =
    [
        "report", "REPORT", "résumé", "resume", "abcab", "photo", "a\"b", "x AND y", "re*", "日本語", "ｆｕｌｌ", "kelvin", "aaaa", "e\u0301e", "eee",
    ];

    [Fact]
    public void A_library_with_entries_made_at_version_4_must_search_the_same_after_the_migration()
    {
        using var dir = new TempDirectory();
        var path = dir.File("library.db");
        LibraryDatabase.CreateFile(path, LibraryMigrations.All, 4, LibraryOpenOptions.Default);
        var before = new Dictionary<string, List<string>>();
        using (var old = LibraryDatabase.Connect(path, SqliteOpenMode.ReadWrite, LibraryOpenOptions.Default))
        {
            Assert.Equal(4, MigrationRunner.CurrentVersion(old));
            using (var tx = old.BeginTransaction())
            {
                // Version 4 stored entry uuids as text (binary since version 6): rows written as SQL, as it wrote them.
                var device = AddDevice(old, tx);
                var location = AddLocation(old, tx, device, "/home/me");
                var root = AddTextUuidEntry(old, tx, device, location, null, "me", EntryKind.Directory);
                Execute(old, tx, $"UPDATE locations SET entry_id = {root} WHERE id = {location}");
                var folder = AddTextUuidEntry(old, tx, device, location, root, "folder", EntryKind.Directory);
                foreach (var name in MigrationNames) AddTextUuidEntry(old, tx, device, location, folder, name, EntryKind.File);
                EntryClosure.Rebuild(old, tx);
                tx.Commit();
            }
            Assert.DoesNotContain("detail", (string)Scalar(old, null, "SELECT sql FROM sqlite_schema WHERE name = 'entries_fts'")!, StringComparison.Ordinal);
            foreach (var text in MigrationTexts)
            {
                // What version 4 answered: the FTS phrase over positions.
                before[text] = [.. Strings(old, null, $"SELECT e.name FROM entries_fts f JOIN entries e ON e.id = f.rowid WHERE entries_fts MATCH '{SearchText.FtsPhrase(text).Replace("'", "''", StringComparison.Ordinal)}'")
                    .Order(StringComparer.Ordinal)];
            }
        }
        Assert.Equal(["Q3-Final_Report.pdf", "misreported.txt", "report"], before["report"]);
        Assert.Equal(["xabcaby"], before["abcab"]);

        using var db = LibraryDatabase.Open(path);
        Assert.Equal(LibraryMigrations.LatestVersion, db.SchemaVersion);
        var sql = (string)Scalar(db.Writer, null, "SELECT sql FROM sqlite_schema WHERE name = 'entries_fts'")!;
        Assert.Contains("detail = none", sql, StringComparison.Ordinal);
        Assert.Contains("columnsize = 0", sql, StringComparison.Ordinal);
        Assert.Equal(["entries_fts_on_delete", "entries_fts_on_insert", "entries_fts_on_rename"],
            Strings(db.Writer, null, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND name LIKE 'entries_fts%' ORDER BY name"));
        Assert.Empty(Strings(db.Writer, null, "SELECT name FROM sqlite_schema WHERE name = 'entries_fts_docsize'"));
        Execute(db.Writer, null, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");

        using var reader = db.OpenReader();
        using var source = new SqliteSearchSource(reader, TestCategories.Instance, nameIndex: false);
        List<string> Search(string text) =>
            [.. source.Search(new SearchQuery { Text = text, Target = SearchTarget.All, Limit = SearchQuery.MaxLimit }).Items.Select(i => i.Name).Order(StringComparer.Ordinal)];
        foreach (var text in MigrationTexts) Assert.Equal(before[text], Search(text));

        // The recreated triggers keep the index current: insert, rename (only the name), delete.
        using (var tx = db.Writer.BeginTransaction())
        {
            var folder = Insert(db.Writer, tx, "SELECT id FROM entries WHERE name = 'folder'");
            using var closure = new EntryClosure(db.Writer, tx);
            var added = closure.Insert(Entry(Insert(db.Writer, tx, "SELECT id FROM devices"), Insert(db.Writer, tx, "SELECT id FROM locations"), folder, "annual report.docx", EntryKind.File));
            closure.Move(Insert(db.Writer, tx, "SELECT id FROM entries WHERE name = 'misreported.txt'"), folder, newName: "summary.txt");
            closure.DeleteSubtree(Insert(db.Writer, tx, "SELECT id FROM entries WHERE name = 'report'"));
            Execute(db.Writer, tx, $"UPDATE entries SET size = 7 WHERE id = {added}");
            tx.Commit();
        }
        Execute(db.Writer, null, "INSERT INTO entries_fts (entries_fts, rank) VALUES ('integrity-check', 1)");
        Assert.Equal(["Q3-Final_Report.pdf", "annual report.docx"], Search("report"));
        Assert.Equal(["summary.txt"], Search("summ"));
    }
}
