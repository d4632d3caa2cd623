using Spacedrive.Actors.Content;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Tests.Indexing;
using Spacedrive.Actors.Tests.Validation;
using Spacedrive.Messages.Content;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Content;

/// <summary>Duplicate groups from the index: counts, wasted bytes, order, filters, and proof by full hashes.</summary>
public sealed class DuplicateFinderSpec : IDisposable
{
    private static readonly RuleToggles NoRules = new() { NoDefaultRules = true };
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private string Write(string root, string relative, byte[] bytes)
    {
        var path = Path.Combine(root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, ValidatorSpec.Stamp);
        return path;
    }

    private DuplicatesReply Find(FindDuplicates request, long? location = null) =>
        DuplicateFinder.Find(_fx.Connection, Guid.Empty, request, location, () => LibraryDatabase.Open(_fx.Db.FilePath));

    [Fact]
    public async Task Groups_must_count_copies_and_wasted_bytes_biggest_first_and_honour_min_size()
    {
        var big = ValidatorSpec.RandomBytes(300_000, 1);
        var mid = ValidatorSpec.RandomBytes(50_000, 2);
        var root = _fx.Root;
        Write(root, "a/big.bin", big);
        Write(root, "b/big copy.bin", big);
        Write(root, "c/big again.bin", big);
        Write(root, "a/mid.bin", mid);
        Write(root, "b/mid.bin", mid);
        Write(root, "a/unique.bin", ValidatorSpec.RandomBytes(400_000, 3));
        Write(root, "a/empty1", []);
        Write(root, "b/empty2", []);
        await _fx.IndexAsync(IndexMode.Content, NoRules);

        var all = Find(new FindDuplicates(null));
        Assert.Equal((2L, 5L, 600_000L + 50_000L), (all.TotalGroups, all.TotalFiles, all.TotalWastedBytes));
        var first = all.Groups[0];
        Assert.Equal((300_000L, 3, 600_000L), (first.Size, first.Count, first.WastedBytes));
        Assert.Equal([Path.Combine(root, "a/big.bin"), Path.Combine(root, "b/big copy.bin"), Path.Combine(root, "c/big again.bin")], first.Paths);
        Assert.Null(first.Proven);
        Assert.Equal(50_000L, all.Groups[1].WastedBytes);

        var bigOnly = Find(new FindDuplicates(null, MinSize: 100_000));
        Assert.Equal(300_000L, Assert.Single(bigOnly.Groups).Size);
        Assert.Single(Find(new FindDuplicates(null, Limit: 1)).Groups);
        Assert.Equal(2, Find(new FindDuplicates(null, Limit: 1)).TotalGroups);
    }

    [Fact]
    public async Task A_location_filter_must_count_only_the_copies_inside_that_location()
    {
        var other = Path.Combine(_fx.Base, "other");
        Directory.CreateDirectory(other);
        var otherId = _fx.AddLocation(other);
        var shared = ValidatorSpec.RandomBytes(10_000, 4);
        var local = ValidatorSpec.RandomBytes(20_000, 5);
        Write(_fx.Root, "one.bin", shared);
        Write(other, "two.bin", shared);
        Write(other, "three.bin", local);
        Write(other, "four.bin", local);
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        await new IndexerEngine(_fx.Db, new IndexerRequest { LocationId = otherId, Path = other, Mode = IndexMode.Content, Rules = NoRules }).RunAsync();

        Assert.Equal(2, Find(new FindDuplicates(null)).TotalGroups);
        var inOther = Find(new FindDuplicates(null), otherId);
        Assert.Equal(20_000L, Assert.Single(inOther.Groups).Size);
        Assert.Empty(Find(new FindDuplicates(null), _fx.LocationId).Groups);
    }

    [Fact]
    public async Task Proven_must_split_a_group_whose_sampled_ids_collide_but_whose_bytes_differ_and_store_the_hashes_of_true_copies()
    {
        var original = ValidatorSpec.RandomBytes(ValidatorSpec.Big, 6);
        var altered = (byte[])original.Clone();
        altered[ValidatorSpec.OutsideSamples] ^= 0xFF; // outside every sampled window: same content id
        var root = _fx.Root;
        var a1 = Write(root, "a1.bin", original);
        var a2 = Write(root, "a2.bin", original);
        var b1 = Write(root, "b1.bin", altered);
        var b2 = Write(root, "b2.bin", altered);
        var lone = ValidatorSpec.RandomBytes(200_000, 7);
        var other = (byte[])lone.Clone();
        other[ValidatorSpec.OutsideSamples / 2] ^= 0xFF;
        Write(root, "lone1.bin", lone);
        Write(root, "lone2.bin", other);
        await _fx.IndexAsync(IndexMode.Content, NoRules);

        var sampled = Find(new FindDuplicates(null));
        Assert.Equal(2, sampled.TotalGroups);
        Assert.Equal(4, sampled.Groups[0].Count);

        var proven = Find(new FindDuplicates(null, Proven: true));
        Assert.Equal(6, proven.HashedFiles);
        var split = proven.Groups.Where(g => g.Split).ToList();
        Assert.Equal(2, split.Count);
        Assert.All(split, g => Assert.True(g.Proven));
        Assert.Equal(new[] { new[] { a1, a2 }, new[] { b1, b2 } }.Select(p => string.Join(",", p)).Order(StringComparer.Ordinal),
            split.Select(g => string.Join(",", g.Paths)).Order(StringComparer.Ordinal));
        Assert.Equal(IntegrityHasher.Compute(a1).Hash, split.Single(g => g.Paths.Contains(a1)).IntegrityHash);
        var collision = Assert.Single(proven.Groups, g => g.Proven == false);
        Assert.Equal((2, 0L), (collision.Count, collision.WastedBytes));
        Assert.Equal(2L * ValidatorSpec.Big, proven.TotalWastedBytes);
        Assert.Equal((2L, 4L, 1L), (proven.TotalGroups, proven.TotalFiles, proven.NotCopies));
    }

    [Fact]
    public async Task Proven_must_store_the_full_hash_of_agreeing_copies_so_the_next_report_needs_no_proof()
    {
        var bytes = ValidatorSpec.RandomBytes(150_000, 8);
        var root = _fx.Root;
        var x = Write(root, "x.bin", bytes);
        Write(root, "y.bin", bytes);
        await _fx.IndexAsync(IndexMode.Content, NoRules);

        var proven = Find(new FindDuplicates(null, Proven: true));
        Assert.True(Assert.Single(proven.Groups).Proven);
        Assert.Equal(IntegrityHasher.Compute(x).Hash, proven.Groups[0].IntegrityHash);

        var later = Find(new FindDuplicates(null));
        Assert.True(Assert.Single(later.Groups).Proven);
        Assert.Equal(0, later.HashedFiles);
    }
}
