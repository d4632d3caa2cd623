using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;
using Spacedrive.Storage.Tests.Library;

namespace Spacedrive.Storage.Tests.Search;

public sealed class SqliteSearchSpec : IDisposable
{
    private readonly SearchFixture _f = new();

    public void Dispose() => _f.Dispose();

    private const string R = SearchFixture.Root;

    [Fact]
    public void Relevance_must_rank_exact_then_prefix_then_word_prefix_then_substring_and_shorter_first()
    {
        _f.Add("docs/my_report_final.pdf", "docs/report.pdf", "docs/reporting.txt", "a/annual report.docx", "a/misreported.txt", "a/REPORT", "b/report.md");
        var paths = _f.Paths(new SearchQuery { Text = "Report" });
        Assert.Equal(
        [
            R + "/a/REPORT",            // exact name
            R + "/b/report.md",         // exact name without its extension, shorter than report.pdf
            R + "/docs/report.pdf",
            R + "/docs/reporting.txt",  // prefix
            R + "/a/annual report.docx", // word prefix, shorter
            R + "/docs/my_report_final.pdf",
            R + "/a/misreported.txt",   // substring
        ], paths);
    }

    [Fact]
    public void Total_must_count_every_match_and_facets_must_cover_them_before_paging()
    {
        for (int i = 0; i < 30; i++) _f.Add($"photos/holiday-{i:00}.jpg");
        for (int i = 0; i < 5; i++) _f.Add($"notes/holiday-note-{i}.txt");
        var page = _f.Find(new SearchQuery { Text = "holiday", Limit = 10, Offset = 5, Sort = SearchSort.Name });
        Assert.Equal(35, page.Total);
        Assert.Equal(10, page.Items.Count);
        Assert.Equal("holiday-05.jpg", page.Items[0].Name);
        Assert.Equal(30, page.Facets!.Category["image"]);
        Assert.Equal(5, page.Facets.Category["text"]);
        Assert.Equal(30, page.Facets.Extension["jpg"]);
        Assert.Equal(35, page.Facets.Location["ana"]);
        var item = page.Items[0];
        Assert.Equal(R + "/photos/holiday-05.jpg", item.Path);
        Assert.Equal("file", item.Kind);
        Assert.Equal("jpg", item.Extension);
        Assert.Equal("image", item.Category);
        Assert.Equal(42, item.Size);
        Assert.Equal("ana", item.Location);
    }

    [Fact]
    public void Filters_must_combine()
    {
        _f.Add("a/x/deep.jpg", "a/top.jpg", "a/song.mp3", "b/other.jpg", "a/big.mov");
        _f.AddOne("a/huge.jpg", e => e with { Size = 5_000_000, ModifiedAt = UnixNanos.From(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero)) });

        Assert.Equal([R + "/a/huge.jpg", R + "/a/top.jpg", R + "/a/x/deep.jpg"], _f.Paths(new SearchQuery { Path = R + "/a/", Extensions = [".JPG"], Sort = SearchSort.Name }).Order());
        Assert.Equal([R + "/a/huge.jpg", R + "/a/top.jpg"], _f.Paths(new SearchQuery { Path = R + "/a", Recursive = false, Kinds = ["image"] }).Order());
        Assert.Equal([R + "/a/huge.jpg"], _f.Paths(new SearchQuery { MinSize = 1_000_000 }));
        Assert.Equal(5, _f.Find(new SearchQuery { MaxSize = 100 }).Total);
        Assert.Equal([R + "/a/huge.jpg"], _f.Paths(new SearchQuery { ModifiedBefore = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero) }));
        Assert.Equal(5, _f.Find(new SearchQuery { ModifiedAfter = new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero) }).Total);
        Assert.Equal([R + "/a/big.mov", R + "/a/song.mp3"], _f.Paths(new SearchQuery { Kinds = ["video", "audio"], Sort = SearchSort.Name }));
        Assert.Equal(6, _f.Find(new SearchQuery { Locations = ["ana"] }).Total);
        var dirs = _f.Paths(new SearchQuery { Target = SearchTarget.Directories, Sort = SearchSort.Name });
        Assert.Equal([R + "/a", R, R + "/b", R + "/a/x"], dirs);
        Assert.Equal("path_not_indexed", Assert.Throws<SearchException>(() => _f.Find(new SearchQuery { Path = "/nowhere" })).Code);
        Assert.Equal("location_not_found", Assert.Throws<SearchException>(() => _f.Find(new SearchQuery { Locations = ["nope"] })).Code);
        Assert.Equal("bad_request", Assert.Throws<SearchException>(() => _f.Find(new SearchQuery { Kinds = ["nope"] })).Code);
        Assert.Equal("bad_request", Assert.Throws<SearchException>(() => _f.Find(new SearchQuery { Limit = -1 })).Code);
    }

    [Fact]
    public void Sorting_by_size_and_modified_must_honour_descending()
    {
        _f.AddOne("s.bin", e => e with { Size = 1, ModifiedAt = 3 });
        _f.AddOne("m.bin", e => e with { Size = 2, ModifiedAt = 1 });
        _f.AddOne("l.bin", e => e with { Size = 3, ModifiedAt = 2 });
        Assert.Equal(["l.bin", "m.bin", "s.bin"], _f.Find(new SearchQuery { Text = "bin", Sort = SearchSort.Size, Descending = true }).Items.Select(i => i.Name));
        Assert.Equal(["m.bin", "l.bin", "s.bin"], _f.Find(new SearchQuery { Text = "bin", Sort = SearchSort.Modified }).Items.Select(i => i.Name));
    }

    [Fact]
    public void Hidden_entries_and_everything_under_hidden_directories_must_be_left_out_unless_asked_for()
    {
        _f.Add("config.txt", ".secret.txt", ".cache/blob.txt", ".cache/deep/more.txt", "visible/file.txt");
        Assert.Equal([R + "/config.txt", R + "/visible/file.txt"], _f.Paths(new SearchQuery { Text = "txt", Sort = SearchSort.Name }).Order(StringComparer.Ordinal));
        Assert.Equal(5, _f.Find(new SearchQuery { Text = "txt", IncludeHidden = true }).Total);
    }

    [Fact]
    public void The_hidden_directory_set_must_follow_writes_between_searches()
    {
        _f.Add("work/notes.txt", "play/notes.txt", ".cache/notes.txt");
        Assert.Equal([R + "/play/notes.txt", R + "/work/notes.txt"], _f.Paths(new SearchQuery { Text = "notes", Sort = SearchSort.Name }).Order(StringComparer.Ordinal));
        using (var cmd = _f.Db.Writer.CreateCommand())
        {
            cmd.CommandText = $"UPDATE entries SET hidden = 1 WHERE id = {_f.Id(R + "/work")}";
            cmd.ExecuteNonQuery();
        }
        Assert.Equal([R + "/play/notes.txt"], _f.Paths(new SearchQuery { Text = "notes" }));
        var play = _f.Id(R + "/play");
        _f.Write(c => c.Move(play, _f.Id(R + "/.cache")));
        Assert.Empty(_f.Paths(new SearchQuery { Text = "notes" }));
        _f.Write(c => c.Move(play, _f.RootId));
        Assert.Equal([R + "/play/notes.txt"], _f.Paths(new SearchQuery { Text = "notes" }));
        Assert.Equal(3, _f.Find(new SearchQuery { Text = "notes", IncludeHidden = true }).Total);
    }

    [Theory]
    [InlineData(SearchSort.Relevance, false)]
    [InlineData(SearchSort.Relevance, true)]
    [InlineData(SearchSort.Name, false)]
    [InlineData(SearchSort.Name, true)]
    [InlineData(SearchSort.Size, true)]
    [InlineData(SearchSort.Modified, false)]
    [InlineData(SearchSort.Created, true)]
    public void Pages_must_cut_one_order_even_where_many_matches_tie(SearchSort sort, bool descending)
    {
        // Many equal keys (same name length, size, time) in different directories: the order falls back to the path.
        foreach (var dir in new[] { "b", "a", "c/d", "c", "ab", "a-b", "a/b" })
        {
            foreach (var name in new[] { "plan.txt", "Plan.txt", "plan-1.txt", "my plan.txt", "x_plan.md", "PLAN", "airplane.txt" })
                _f.AddOne($"{dir}/{name}", e => e with { Size = name.Length % 3, ModifiedAt = null, CreatedAt = 7 });
        }
        var query = new SearchQuery { Text = "plan", Sort = sort, Descending = descending, Facets = false };
        var all = _f.Paths(query with { Limit = 1000 });
        Assert.Equal(49, all.Count);
        Assert.Equal(all.Count, all.Distinct(StringComparer.Ordinal).Count());
        foreach (var limit in new[] { 1, 5, 7, 10 })
        {
            var paged = new List<string>();
            for (int offset = 0; offset < all.Count + limit; offset += limit)
                paged.AddRange(_f.Paths(query with { Limit = limit, Offset = offset }));
            Assert.Equal(all, paged);
        }
    }

    [Fact]
    public void Duplicates_and_content_filters_must_use_the_content_identity()
    {
        var shared = _f.AddContent("00000000000000aa", kind: 2);
        var single = _f.AddContent("00000000000000bb");
        _f.AddOne("one/clip.bin", e => e with { ContentId = shared });
        _f.AddOne("two/clip copy.bin", e => e with { ContentId = shared });
        _f.AddOne("alone.bin", e => e with { ContentId = single });
        _f.Add("nohash.bin");
        Assert.Equal([R + "/two/clip copy.bin", R + "/one/clip.bin"], _f.Paths(new SearchQuery { HasDuplicates = true, Sort = SearchSort.Name }));
        Assert.Equal(2, _f.Find(new SearchQuery { HasDuplicates = false }).Total);
        Assert.Equal(3, _f.Find(new SearchQuery { HasContentId = true }).Total);
        // The content's kind (video) wins over the category of the extension (unknown).
        Assert.Equal(2, _f.Find(new SearchQuery { Kinds = ["video"] }).Total);
        Assert.Equal("00000000000000aa", _f.Find(new SearchQuery { Text = "clip.bin" }).Items[0].ContentHash);
    }

    [Fact]
    public void Short_queries_must_scan_names_and_agree_with_substring_matching()
    {
        _f.Add("a.txt", "ab.txt", "Xa", "zzz");
        Assert.Equal(3, _f.Find(new SearchQuery { Text = "a" }).Total);
        Assert.Equal(["ab.txt"], _f.Find(new SearchQuery { Text = "AB" }).Items.Select(i => i.Name));
        Assert.Equal(0, _f.Find(new SearchQuery { Text = "\0" }).Total);
    }

    [Theory]
    [InlineData("\"")]
    [InlineData("a\"b")]
    [InlineData("*")]
    [InlineData("re*")]
    [InlineData("name:x")]
    [InlineData("(a)")]
    [InlineData("-a-")]
    [InlineData("^st")]
    [InlineData("a NEAR b")]
    [InlineData("x AND y")]
    [InlineData("NOT")]
    [InlineData("a OR b")]
    [InlineData("'; DROP TABLE entries; --")]
    [InlineData("日本語")]
    [InlineData("   ")]
    [InlineData("")]
    public void Fts_syntax_characters_must_be_plain_characters(string text)
    {
        var names = new[] { "a\"b c", "re*port", "name:x.txt", "(a).md", "-a-.txt", "^start", "a NEAR b", "x AND y", "NOT me", "a OR b", "'; DROP TABLE entries; --", "日本語.txt", "plain" };
        _f.Add(names);
        var expected = names.Where(n => SearchText.Normalize(text) is not { } q || SearchText.Fold(n).Contains(SearchText.Fold(q), StringComparison.Ordinal)).Order(StringComparer.Ordinal);
        var found = _f.Find(new SearchQuery { Text = text, Limit = 100 }).Items.Select(i => i.Name).Order(StringComparer.Ordinal);
        Assert.Equal(expected, found);
    }

    [Fact]
    public void A_very_long_query_must_just_find_nothing()
    {
        _f.Add("short.txt");
        Assert.Equal(0, _f.Find(new SearchQuery { Text = new string('x', 10_000) }).Total);
        Assert.Equal(0, _f.Find(new SearchQuery { Text = string.Concat(Enumerable.Repeat("\"*() ", 2_000)) }).Total);
    }

    [Fact]
    public void The_name_index_must_not_drift_after_insert_rename_move_and_delete()
    {
        _f.Add("alpha/report-1.txt", "alpha/report-2.txt", "beta/summary.txt", "beta/sub/report-3.txt");
        _f.Write(c =>
        {
            c.Move(_f.Id(R + "/alpha/report-1.txt"), _f.Id(R + "/alpha"), "renamed.txt");
            c.Move(_f.Id(R + "/beta/sub"), _f.Id(R + "/alpha"));
            c.DeleteSubtree(_f.Id(R + "/alpha/report-2.txt"));
            c.Insert(LibraryRows.Entry(_f.Device, _f.Location, _f.Id(R + "/beta"), "new report.txt", EntryKind.File));
        });
        foreach (var q in new[] { "report", "renamed", "txt", "sub", "summary", "beta", "eport-" })
        {
            var expected = _f.AllNames().Where(n => SearchText.Fold(n).Contains(q, StringComparison.Ordinal)).Order(StringComparer.Ordinal);
            var found = _f.Find(new SearchQuery { Text = q, Target = SearchTarget.All, IncludeHidden = true, Limit = 1000 }).Items.Select(i => i.Name).Order(StringComparer.Ordinal);
            Assert.Equal(expected, found);
        }
        Assert.Equal([R + "/alpha/sub/report-3.txt"], _f.Paths(new SearchQuery { Text = "report-3" }));
        Assert.Equal([R + "/alpha/sub/report-3.txt"], _f.Paths(new SearchQuery { Path = R + "/alpha", Text = "report" }));
    }

    [Fact]
    public void Listing_a_directory_must_page_and_sort_with_aggregate_sizes()
    {
        _f.AddOne("d/b.txt", e => e with { Size = 10 });
        _f.AddOne("d/a.txt", e => e with { Size = 30 });
        _f.AddOne("d/sub/", e => e);
        _f.AddOne("d/.hidden", e => e with { Size = 1 });
        using (var cmd = _f.Db.Writer.CreateCommand())
        {
            cmd.CommandText = $"UPDATE entries SET aggregate_size = 100, child_count = 0 WHERE id = {_f.Id(R + "/d/sub")}";
            cmd.ExecuteNonQuery();
        }
        var byName = _f.Search.List(new ListDirectory(null, R + "/d/"));
        Assert.Equal(["a.txt", "b.txt", "sub"], byName.Items.Select(i => i.Name));
        Assert.Equal(3, byName.Total);
        var bySize = _f.Search.List(new ListDirectory(null, R + "/d", ListSort.Size, Descending: true, Limit: 2, IncludeHidden: true));
        Assert.Equal(["sub", "a.txt"], bySize.Items.Select(i => i.Name));
        Assert.Equal(4, bySize.Total);
        Assert.Equal(100, bySize.Items[0].Size);
        Assert.Equal("directory", bySize.Items[0].Kind);
        Assert.Equal("path_not_indexed", Assert.Throws<SearchException>(() => _f.Search.List(new ListDirectory(null, R + "/d/a.txt"))).Code);
    }
}
