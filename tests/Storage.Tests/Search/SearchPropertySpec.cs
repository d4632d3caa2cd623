using FsCheck;
using FsCheck.Fluent;
using Microsoft.FSharp.Core;
using Spacedrive.Messages.Search;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;

namespace Spacedrive.Storage.Tests.Search;

/// <summary>
/// For any query text (FTS syntax, quotes, Unicode, blanks), the library's answer equals a naive scan of the names,
/// and the in-memory source gives the same set and the same relevance order.
/// </summary>
public sealed class SearchPropertySpec : IDisposable
{
    private static readonly string[] Pieces =
    [
        "a", "b", "c", "A", "B", "x", "X", "1", "2", ".", "-", "_", " ", "\"", "*", ":", "(", ")", "^", "'", "+", "é", "É", "ü", "日", "本", "😀",
        "NEAR", "AND", "OR", "NOT", "ab", "abc", "rep",
    ];

    private readonly SearchFixture _f = new();
    private readonly List<string> _names;
    private readonly InMemorySearchSource _memory;

    public SearchPropertySpec()
    {
        var random = new Random(20260501);
        var names = new HashSet<string>(StringComparer.Ordinal);
        while (names.Count < 300)
        {
            var name = string.Concat(Enumerable.Range(0, random.Next(1, 7)).Select(_ => Pieces[random.Next(Pieces.Length)])).Trim();
            if (name.Length > 0 && name[0] != '.') names.Add(name);
        }
        _names = [.. names];
        var entries = new List<MemoryEntry>();
        foreach (var name in _names)
        {
            _f.AddOne("d/" + name, null);
            entries.Add(new MemoryEntry { Id = Guid.NewGuid(), Path = SearchFixture.Root + "/d/" + name, Kind = EntryKind.File, Size = 42, Category = TestCategories.Of(name) });
        }
        _memory = new InMemorySearchSource(entries, TestCategories.Instance);
    }

    public void Dispose() => _f.Dispose();

    private static string AsciiLower(string s) => string.Concat(s.Select(c => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c));

    [Fact]
    public void Fts_results_must_equal_a_naive_substring_scan_for_any_text()
    {
        var text = Gen.Elements(Pieces).ListOf().Select(l => string.Concat(l.Take(6)));
        var config = Config.QuickThrowOnFailure.WithMaxTest(300)
            .WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(7UL), FSharpOption<int>.None)));
        Check.One(config, Prop.ForAll(Arb.From(text), q =>
        {
            var query = new SearchQuery { Text = q, Limit = SearchQuery.MaxLimit, Facets = false };
            var found = _f.Find(query).Items.Select(i => i.Name).ToList();
            var t = SearchText.Normalize(q);
            var longQuery = t is not null && SearchText.Length(t) >= SearchText.TrigramMinimum;
            var expected = _names.Where(n => t is null
                || (longQuery ? SearchText.Fold(n).Contains(SearchText.Fold(t), StringComparison.Ordinal)
                              : AsciiLower(n).Contains(t.ToLowerInvariant(), StringComparison.Ordinal)));
            Assert.Equal(expected.Order(StringComparer.Ordinal), found.Order(StringComparer.Ordinal));
            if (t is null || longQuery)
            {
                var memory = _memory.Search(query).Items.Select(i => i.Name).ToList();
                Assert.Equal(found.Order(StringComparer.Ordinal), memory.Order(StringComparer.Ordinal));
            }
        }));
    }

    [Fact]
    public void Both_sources_must_rank_ascii_names_alike()
    {
        foreach (var q in new[] { "abc", "rep", "ab", "a", "AND" })
        {
            var query = new SearchQuery { Text = q, Limit = 40 };
            var sql = _f.Find(query).Items.Select(i => i.Name).Where(n => n.All(char.IsAscii)).ToList();
            var memory = _memory.Search(query).Items.Select(i => i.Name).Where(n => n.All(char.IsAscii)).ToList();
            Assert.Equal(memory.Take(10), sql.Take(10));
        }
    }
}
