using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;

namespace Spacedrive.Storage.Tests.Search;

/// <summary>
/// The in-memory name index answers the queries it can; SQL answers the rest. Whichever answers, the reply must be
/// the same, for the current state of the database.
/// </summary>
public sealed class NameIndexSpec : IDisposable
{
    private const string R = SearchFixture.Root;

    private static readonly string[] Words =
    [
        "report", "Report", "REPORT", "plan", "holiday", "IMG_2019", "résumé", "Résumé", "Re\u0301sume\u0301", "straße", "ΆΛΦΑ", "άλφα",
        "日本", "😀", "Ærø", "ﬁle", "Ｆｕｌｌ", "\u212Aelvin", "İstanbul", "a", "b", "x", "(1)", "copy of", "node_mod", "test_", "_", "%", "-", "v1.2",
    ];

    private static readonly string[] Extensions = ["", ".txt", ".jpg", ".pdf", ".mp4", ".md", ".JPG", ".rs"];

    private static readonly string[] Texts =
    [
        "report", "rep", "re", "r", "E", "plan", "holiday", "img_2019", "IMG", "résumé", "resume", "RÉSUMÉ", "sum", "strasse", "straß",
        "αλφ", "άλφ", "ΆΛΦ", "日本", "本", "😀", "ærø", "aer", "file", "ﬁle", "full", "ｆｕｌ", "kelvin", "Kel", "istanbul", "i̇st",
        "(1)", "copy of", "_", "%", "test_", "\"", "a b", "txt", ".jpg", "zzz-none", "e\u0301",
    ];

    private readonly SearchFixture _f = new();
    private readonly Microsoft.Data.Sqlite.SqliteConnection _sqlReader;
    private readonly SqliteSearchSource _sql;

    public NameIndexSpec()
    {
        _sqlReader = _f.Db.OpenReader();
        _sql = new SqliteSearchSource(_sqlReader, TestCategories.Instance, nameIndex: false);
    }

    public void Dispose()
    {
        _sql.Dispose();
        _sqlReader.Dispose();
        _f.Dispose();
    }

    private void Grow(int count, int seed)
    {
        var random = new Random(seed);
        var dirs = new List<string> { "" };
        var content = _f.AddContent($"{seed:x16}", kind: 2);
        for (int i = 0; i < count; i++)
        {
            var parent = dirs[random.Next(dirs.Count)];
            var name = string.Join(random.Next(3) switch { 0 => " ", 1 => "_", _ => "" }, Enumerable.Range(0, random.Next(1, 4)).Select(_ => Words[random.Next(Words.Length)]));
            if (random.Next(5) == 0)
            {
                var dir = (parent.Length == 0 ? "" : parent + "/") + (random.Next(6) == 0 ? "." : "") + name + "/";
                _f.AddOne(dir, e => e with { Size = random.Next(3) });
                dirs.Add(dir.TrimEnd('/'));
            }
            else
            {
                var file = (parent.Length == 0 ? "" : parent + "/") + name + Extensions[random.Next(Extensions.Length)];
                var size = random.Next(4) * 1000L;
                long? modified = random.Next(4) == 0 ? null : random.Next(1, 5) * 1_000_000_000_000_000L;
                var withContent = random.Next(5) == 0;
                _f.AddOne(file, e => e with { Size = size, ModifiedAt = modified, CreatedAt = modified, ContentId = withContent ? content : null });
            }
        }
    }

    private void AssertSame(SearchQuery query)
    {
        try
        {
            AssertSameReply(query);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException($"{query}: {e.Message}");
        }
    }

    private void AssertSameReply(SearchQuery query)
    {
        var expected = _sql.Search(query);
        var actual = _f.Find(query);
        Assert.Equal(SearchPlans.Sql, expected.Plan);
        Assert.Equal(NameIndex.CanAnswer(query) ? SearchPlans.Memory : SearchPlans.Sql, actual.Plan);
        var missing = expected.Items.Select(i => i.Name).Except(actual.Items.Select(i => i.Name)).Concat(["|"]).Concat(actual.Items.Select(i => i.Name).Except(expected.Items.Select(i => i.Name)));
        Assert.True(expected.Total == actual.Total, string.Join(" ; ", missing.Select(m => m + " " + string.Join(",", m.Select(c => ((int)c).ToString("x", System.Globalization.CultureInfo.InvariantCulture))))));
        Assert.Equal(expected.Items.Select(i => i.Path), actual.Items.Select(i => i.Path));
        Assert.Equal(expected.Items, actual.Items, (a, b) => a with { Tags = null } == b with { Tags = null } && (a.Tags ?? []).SequenceEqual(b.Tags ?? []));
        if (query.Facets)
        {
            Assert.Equal(expected.Facets!.Category, actual.Facets!.Category);
            Assert.Equal(expected.Facets.Extension, actual.Facets.Extension);
            Assert.Equal(expected.Facets.Location, actual.Facets.Location);
        }
    }

    [Fact]
    public void The_memory_path_must_answer_exactly_as_sql_for_every_text_sort_and_page()
    {
        Grow(600, 1);
        foreach (var text in Texts.Append(null!))
        {
            foreach (var sort in Enum.GetValues<SearchSort>())
            {
                foreach (var desc in new[] { false, true })
                {
                    AssertSame(new SearchQuery { Text = text, Sort = sort, Descending = desc, Target = SearchTarget.All, Limit = 1000 });
                    AssertSame(new SearchQuery { Text = text, Sort = sort, Descending = desc, Limit = 7, Offset = 3 });
                }
            }
        }
    }

    [Fact]
    public void The_memory_path_must_apply_every_filter_it_takes_as_sql_does()
    {
        Grow(400, 2);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(2_000_000_000_000);
        SearchQuery[] queries =
        [
            new() { Kinds = ["image"] },
            new() { Kinds = ["video", "text"], Text = "re" },
            new() { Extensions = ["JPG", ".txt"] },
            new() { MinSize = 1000, MaxSize = 2000, Sort = SearchSort.Size },
            new() { ModifiedAfter = at, Sort = SearchSort.Modified },
            new() { ModifiedBefore = at, CreatedAfter = at.AddYears(-40) },
            new() { AccessedAfter = at },
            new() { HasDuplicates = true },
            new() { HasDuplicates = false, Text = "plan" },
            new() { HasContentId = true, Sort = SearchSort.Created, Descending = true },
            new() { HasContentId = false },
            new() { IncludeHidden = true, Target = SearchTarget.Directories },
            new() { Target = SearchTarget.Directories, Text = "report" },
            new() { Locations = ["ana"], Text = "holiday" },
            new() { Text = "report", Facets = false, Limit = 0 },
            new() { Text = "report", Offset = 10_000 },
        ];
        foreach (var query in queries) AssertSame(query with { Limit = query.Limit == 50 ? 500 : query.Limit });
    }

    [Fact]
    public void The_memory_path_must_follow_every_write_without_drift()
    {
        Grow(200, 3);
        var query = new SearchQuery { Text = "report", Target = SearchTarget.All, IncludeHidden = true, Limit = 1000 };
        AssertSame(query);
        _f.Add("alpha/report-1.txt", "alpha/report-2.txt", "beta/summary.txt", "beta/sub/report-3.txt");
        AssertSame(query);
        _f.Write(c =>
        {
            c.Move(_f.Id(R + "/alpha/report-1.txt"), _f.Id(R + "/alpha"), "renamed.txt");
            c.Move(_f.Id(R + "/beta/sub"), _f.Id(R + "/alpha"));
            c.DeleteSubtree(_f.Id(R + "/alpha/report-2.txt"));
        });
        AssertSame(query);
        AssertSame(query with { Text = "renamed" });
        Assert.Equal([R + "/alpha/sub/report-3.txt"], _f.Paths(new SearchQuery { Text = "report-3" }));
        using (var cmd = _f.Db.Writer.CreateCommand())
        {
            cmd.CommandText = $"UPDATE entries SET hidden = 1 WHERE id = {_f.Id(R + "/alpha")}";
            cmd.ExecuteNonQuery();
        }
        Assert.Empty(_f.Paths(new SearchQuery { Text = "report-3" }));
        AssertSame(query with { IncludeHidden = false });
    }

    [Fact]
    public async Task A_large_library_must_build_in_the_background_and_answer_from_sql_meanwhile()
    {
        Grow(100, 4);
        using var reader = _f.Db.OpenReader();
        using var source = new SqliteSearchSource(reader, TestCategories.Instance, syncBuildLimit: 0);
        var query = new SearchQuery { Text = "report" };
        Assert.Equal(SearchPlans.Sql, source.Search(query).Plan);
        await source.PendingNameIndex!.WaitAsync(TimeSpan.FromSeconds(60));
        var fromMemory = source.Search(query);
        Assert.Equal(SearchPlans.Memory, fromMemory.Plan);
        Assert.Equal(_sql.Search(query).Items, fromMemory.Items);

        // A write after the build: the index is stale and SQL answers, with the new entry, until a rebuild lands.
        _f.Add("zz/report-late.txt");
        var afterWrite = source.Search(query with { Text = "report-late" });
        Assert.Equal(SearchPlans.Sql, afterWrite.Plan);
        Assert.Equal(1, afterWrite.Total);
    }

    [Fact]
    public void Path_and_tag_filters_must_stay_in_sql()
    {
        Grow(100, 5);
        Assert.False(NameIndex.CanAnswer(new SearchQuery { Path = R }));
        Assert.False(NameIndex.CanAnswer(new SearchQuery { Tags = ["x"] }));
        Assert.False(NameIndex.CanAnswer(new SearchQuery { AnyTags = ["x"] }));
        Assert.False(NameIndex.CanAnswer(new SearchQuery { NotTags = ["x"] }));
        AssertSame(new SearchQuery { Path = R, Text = "re", Recursive = false });
    }
}
