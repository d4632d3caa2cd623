using Spacedrive.Actors.Content;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Actors.Tests.Indexing;
using Spacedrive.Actors.Validation;
using Spacedrive.Messages.Content;
using Spacedrive.Messages.Locations;

namespace Spacedrive.Actors.Tests.Validation;

/// <summary>The validator against a real index of a real tree: what it calls ok, changed, missing and corrupt, and what it records.</summary>
public sealed class ValidatorSpec : IDisposable
{
    /// <summary>1 MiB: sampled. Its windows are [0, 8K), 10 KiB at 8192 + i·258048, and the last 8 KiB; offset 150,000 is in none.</summary>
    internal const int Big = 1024 * 1024;
    internal const long OutsideSamples = 150_000;
    internal const long InsideSample = 524_288 + 100;

    private static readonly RuleToggles NoRules = new() { NoDefaultRules = true };
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    internal static byte[] RandomBytes(int size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    private string Write(string relative, byte[] bytes)
    {
        var path = Path.Combine(_fx.Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        File.SetLastWriteTimeUtc(path, Stamp);
        return path;
    }

    /// <summary>
    /// Test files get a modification time .NET can restore exactly (whole seconds): a file's own mtime has nanoseconds
    /// that File.SetLastWriteTimeUtc (100 ns ticks) would round, and the validator compares mtimes to the nanosecond.
    /// </summary>
    internal static readonly DateTime Stamp = new(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc);

    /// <summary>Overwrites bytes in place and puts the modification time back: size and mtime as indexed, other content.</summary>
    internal static void Rot(string path, long offset, byte[] bytes)
    {
        var mtime = File.GetLastWriteTimeUtc(path);
        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.Position = offset;
            f.Write(bytes);
        }
        File.SetLastWriteTimeUtc(path, mtime);
    }

    private Task<ValidationProgress> ValidateAsync(ValidationScope? scope = null, ValidationSettings? settings = null) =>
        new Validator(_fx.Db.FilePath, scope ?? ValidationScope.Library, settings ?? new ValidationSettings { BatchSize = 3, Parallelism = 2 }).RunAsync(new ValidationProgress());

    private string? Integrity(string path)
    {
        using var c = _fx.Connection.CreateCommand();
        c.CommandText = """
            SELECT ci.integrity_hash FROM entries AS e JOIN directory_paths AS dp ON dp.entry_id = e.parent_id
            JOIN content_identities AS ci ON ci.id = e.content_id WHERE dp.path || '/' || e.name = $p
            """;
        c.Parameters.AddWithValue("$p", path);
        return c.ExecuteScalar() as string;
    }

    [Fact]
    public async Task Validate_must_report_changed_missing_and_corrupt_files_and_call_the_rest_ok()
    {
        var small = Write("small.txt", "a small file, hashed whole by the sampled hash"u8.ToArray());
        var sampleHit = Write("big/in-sample.bin", RandomBytes(Big, 1));
        var sampleMiss = Write("big/outside-samples.bin", RandomBytes(Big, 2));
        var gone = Write("gone.txt", "soon deleted"u8.ToArray());
        var edited = Write("edited.txt", "edited later"u8.ToArray());
        var fine = Write("fine/fine.bin", RandomBytes(200_000, 3));
        Write("empty.txt", []);
        await _fx.IndexAsync(IndexMode.Content, NoRules);

        var first = await ValidateAsync();
        Assert.Equal(7, first.Files);
        Assert.Equal(7, first.Ok);
        Assert.Equal(0, first.Changed + first.Missing + first.Corrupt + first.Unreadable);

        File.Delete(gone);
        File.AppendAllText(edited, " and more");
        Rot(small, 3, "XYZ"u8.ToArray());
        Rot(sampleHit, InsideSample, [1, 2, 3, 4]);
        Rot(sampleMiss, OutsideSamples, [1, 2, 3, 4]);

        var second = await ValidateAsync();
        Assert.Equal(7, second.Files);
        Assert.Equal(2, second.Ok); // fine.bin and the empty file
        Assert.Equal([gone], second.MissingFiles);
        Assert.Equal([edited], second.ChangedFiles.Select(f => f.Path));
        Assert.Equal(new[] { small, sampleHit, sampleMiss }.Order(StringComparer.Ordinal), second.CorruptFiles.Select(f => f.Path).Order(StringComparer.Ordinal));
        Assert.Contains("bit rot", second.CorruptFiles.Single(f => f.Path == sampleMiss).Reason, StringComparison.Ordinal);
        Assert.Contains("no longer matches its content id", second.CorruptFiles.Single(f => f.Path == sampleHit).Reason, StringComparison.Ordinal);
        // A corrupt copy never overwrites the good hash recorded before.
        Assert.NotEqual(IntegrityHasher.Compute(sampleMiss).Hash, Integrity(sampleMiss));
        Assert.Equal(IntegrityHasher.Compute(fine).Hash, Integrity(fine));
    }

    [Fact]
    public async Task Validate_must_record_the_full_file_BLAKE3_of_every_content_and_its_verification_time()
    {
        var paths = new[] { Write("a.bin", RandomBytes(Big, 4)), Write("b.txt", "small"u8.ToArray()), Write("c/d.bin", RandomBytes(300_000, 5)) };
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        var before = _fx.Scalar("SELECT MAX(last_verified_at) FROM content_identities");
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM content_identities WHERE integrity_hash IS NOT NULL"));

        var done = await ValidateAsync();

        Assert.Equal(3, done.IntegrityRecorded);
        foreach (var path in paths) Assert.Equal(IntegrityHasher.Compute(path).Hash, Integrity(path));
        Assert.True(_fx.Scalar("SELECT MIN(last_verified_at) FROM content_identities") >= before);
        Assert.Equal(Big + 5 + 300_000, done.BytesHashed);
    }

    [Fact]
    public async Task An_edit_outside_the_samples_made_after_verification_must_be_reported_changed_not_corrupt()
    {
        var path = Write("movie.bin", RandomBytes(Big, 6));
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        await ValidateAsync();
        var verified = Integrity(path);

        using (var f = new FileStream(path, FileMode.Open, FileAccess.Write))
        {
            f.Position = OutsideSamples;
            f.Write([9, 9, 9]);
        }
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddMinutes(5));
        var stale = await ValidateAsync();
        Assert.Equal("modified since indexed", Assert.Single(stale.ChangedFiles).Reason);

        await _fx.IndexAsync(IndexMode.Content, NoRules); // same samples: same content id, newer mtime
        var after = await ValidateAsync();
        Assert.Equal(0, after.Corrupt);
        Assert.Contains("outside the sampled ranges", Assert.Single(after.ChangedFiles).Reason, StringComparison.Ordinal);
        Assert.NotEqual(verified, Integrity(path));
        Assert.Equal(IntegrityHasher.Compute(path).Hash, Integrity(path));
        Assert.Equal(1, (await ValidateAsync()).Ok);
    }

    [Fact]
    public async Task A_run_stopped_after_a_batch_must_resume_after_it_and_end_as_a_straight_run()
    {
        for (var i = 0; i < 20; i++) Write($"d{i % 3}/f{i}.txt", System.Text.Encoding.UTF8.GetBytes($"file {i}"));
        File.WriteAllText(Path.Combine(_fx.Root, "d1", "f1.txt"), "will be missing");
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        File.Delete(Path.Combine(_fx.Root, "d1", "f1.txt"));
        var settings = new ValidationSettings { BatchSize = 4, Parallelism = 2 };

        using var stop = new CancellationTokenSource();
        ValidationProgress? saved = null;
        var batches = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new Validator(_fx.Db.FilePath, ValidationScope.Library, settings).RunAsync(new ValidationProgress(), (p, _) =>
        {
            saved = p;
            if (++batches == 2) stop.Cancel();
            return Task.CompletedTask;
        }, stop.Token));
        Assert.Equal(8, saved!.Files);

        var resumedBatches = 0;
        var resumed = await new Validator(_fx.Db.FilePath, ValidationScope.Library, settings).RunAsync(saved, (_, _) =>
        {
            resumedBatches++;
            return Task.CompletedTask;
        });
        Assert.Equal(3, resumedBatches);
        var straight = await new Validator(_fx.Db.FilePath, ValidationScope.Library, settings).RunAsync(new ValidationProgress());
        Assert.Equal(20, resumed.Files);
        Assert.Equal(straight with { IntegrityRecorded = resumed.IntegrityRecorded, MissingFiles = resumed.MissingFiles, ChangedFiles = resumed.ChangedFiles, CorruptFiles = resumed.CorruptFiles, UnreadableFiles = resumed.UnreadableFiles }, resumed);
        Assert.Equal(straight.MissingFiles, resumed.MissingFiles);
        Assert.Equal(19, resumed.Ok);
    }

    [Fact]
    public async Task Targets_must_resolve_to_a_location_a_folder_or_a_file_and_refuse_anything_else_clearly()
    {
        var file = Write("x/y/z.txt", "z"u8.ToArray());
        Write("x/other.txt", "o"u8.ToArray());
        Write("top.txt", "t"u8.ToArray());
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        var reader = _fx.Connection;

        Assert.Equal("library", ValidationTargets.Resolve(reader, null, out _)!.Kind);
        var location = ValidationTargets.Resolve(reader, Path.GetFileName(_fx.Root), out _)!;
        Assert.Equal(("location", _fx.LocationId), (location.Kind, location.LocationId!.Value));
        Assert.Equal("location", ValidationTargets.Resolve(reader, _fx.Root + "/", out _)!.Kind);

        var folder = ValidationTargets.Resolve(reader, Path.Combine(_fx.Root, "x"), out _)!;
        Assert.Equal("folder", folder.Kind);
        Assert.Equal(2, (await ValidateAsync(folder)).Files);
        var one = ValidationTargets.Resolve(reader, file, out _)!;
        Assert.Equal("file", one.Kind);
        Assert.Equal(1, (await ValidateAsync(one)).Files);
        Assert.Equal(3, (await ValidateAsync(location)).Files);

        Assert.Null(ValidationTargets.Resolve(reader, "no-such-location", out var unknown));
        Assert.Equal(LocationErrors.NotFound, unknown!.Code);
        Assert.Null(ValidationTargets.Resolve(reader, "/definitely/elsewhere", out var outside));
        Assert.Equal(ContentErrors.NotInLocation, outside!.Code);
        Assert.Null(ValidationTargets.Resolve(reader, Path.Combine(_fx.Root, "not-indexed.txt"), out var notIndexed));
        Assert.Equal(ContentErrors.NotIndexed, notIndexed!.Code);
    }

    [Fact]
    public async Task Files_never_identified_must_be_counted_unverified_and_not_read()
    {
        Write("a.txt", "content"u8.ToArray());
        await _fx.IndexAsync(IndexMode.Shallow, NoRules);
        var done = await ValidateAsync();
        Assert.Equal((1, 1, 0L), (done.Files, done.Unverified, done.BytesHashed));
    }

    [Fact]
    public async Task Files_of_an_offline_location_must_be_set_aside_not_called_missing()
    {
        Write("a.txt", "a"u8.ToArray());
        Write("b/c.txt", "c"u8.ToArray());
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        Directory.Move(_fx.Root, _fx.Root + "-unplugged");
        try
        {
            var done = await ValidateAsync();
            Assert.Equal((2L, 2L, 0L), (done.Files, done.Offline, done.Missing));
        }
        finally
        {
            Directory.Move(_fx.Root + "-unplugged", _fx.Root);
        }
    }

    [Fact]
    public async Task Copies_that_disagree_with_no_hash_verified_before_must_be_flagged_and_leave_their_content_unproven()
    {
        var original = RandomBytes(Big, 9);
        var other = (byte[])original.Clone();
        other[OutsideSamples] ^= 0xFF; // same samples, so the same content id: a collision, not a copy
        var first = Write("one.bin", original);
        Write("two.bin", other);
        Write("three.bin", original);
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Equal(1, _fx.Scalar("SELECT COUNT(*) FROM content_identities"));

        foreach (var settings in new[] { new ValidationSettings { BatchSize = 1, Parallelism = 1 }, new ValidationSettings { BatchSize = 10, Parallelism = 2 } })
        {
            var done = await ValidateAsync(settings: settings);
            Assert.Equal(1, done.Corrupt);
            Assert.Contains("neither was verified before", Assert.Single(done.CorruptFiles).Reason, StringComparison.Ordinal);
            Assert.Null(Integrity(first));
        }
    }
}
