using Spacedrive.Runtime.TestKit;
using System.Buffers.Binary;
using System.Diagnostics;
using Spacedrive.Actors.Content;
using Spacedrive.Actors.Tests.Support;
using Spacedrive.Messages;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Tests.Content;

public sealed class ContentHasherSpec : IDisposable
{
    // Sizes around every boundary of the algorithm: whole-file threshold, overlapping windows just above it,
    // a sample jump that does not divide evenly, and a multi-MiB file.
    public static TheoryData<long> Sizes => new()
    {
        1, 7, 8192, 100_000, 102_399, 102_400, 102_401, 102_400 + 16_384 + 7, 200_003, 1_048_576 + 13, 5_000_001,
    };

    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string WriteSeeded(string name, long size, int seed)
    {
        var bytes = new byte[size];
        new Random(seed).NextBytes(bytes);
        return _dir.Write(name, bytes);
    }

    /// <summary>The reference algorithm written out naively: assemble the hashed bytes, one-shot BLAKE3.</summary>
    private static string NaiveContentHash(byte[] file)
    {
        var sequence = new List<byte>();
        var prefix = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(prefix, (ulong)file.LongLength);
        sequence.AddRange(prefix);
        long size = file.LongLength;
        if (size <= 102_400)
        {
            sequence.AddRange(file);
        }
        else
        {
            sequence.AddRange(file.AsSpan(0, 8192).ToArray());
            long jump = (size - (2 * 8192)) / 4;
            for (int i = 0; i < 4; i++)
            {
                sequence.AddRange(file.AsSpan((int)(8192 + (i * jump)), 10_240).ToArray());
            }
            sequence.AddRange(file.AsSpan((int)(size - 8192), 8192).ToArray());
        }
        return Convert.ToHexStringLower(Blake3.Hash(sequence.ToArray()))[..16];
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Content_hash_equals_BLAKE3_of_the_assembled_sample_sequence(long size)
    {
        string path = WriteSeeded("f.bin", size, (int)size);
        var result = new ContentHasher().Compute(path);

        Assert.Equal(ContentHashOutcome.Hashed, result.Outcome);
        Assert.Equal(size, result.Size);
        Assert.Equal(NaiveContentHash(File.ReadAllBytes(path)), result.RequireId().Hash);
    }

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Windows_cover_the_reference_offsets(long size)
    {
        var windows = ContentSampling.Windows(size);
        if (size <= 102_400)
        {
            Assert.Equal([(0L, (int)size)], windows);
            return;
        }
        long jump = (size - 16_384) / 4;
        Assert.Equal(
            [(0L, 8192), (8192, 10_240), (8192 + jump, 10_240), (8192 + (2 * jump), 10_240), (8192 + (3 * jump), 10_240), (size - 8192, 8192)],
            windows);
        Assert.Equal(ContentSampling.SampledContentLength, windows.Sum(w => w.Length));
    }

    [Fact]
    public void Large_files_hash_57352_bytes_including_the_prefix() =>
        Assert.Equal(57_352, ContentSampling.PrefixLength + ContentSampling.SampledContentLength);

    [RequiresToolFact("b3sum")]
    public void Content_hash_matches_b3sum_over_the_sequence_cut_with_head_dd_and_tail()
    {
        // Independent of our window arithmetic: bash computes the offsets and cuts the bytes with head, dd and tail.
        const string Script = """
            set -euo pipefail
            f=$1; out=$2; size=$(stat -c %s "$f")
            hex=""; for k in 0 1 2 3 4 5 6 7; do hex="$hex\\x$(printf %02x $(( (size >> (8*k)) & 255 )))"; done
            printf "$hex" > "$out"
            if [ "$size" -le 102400 ]; then cat "$f" >> "$out"; else
              head -c 8192 "$f" >> "$out"
              for i in 0 1 2 3; do off=$(( 8192 + i * ((size - 16384) / 4) )); dd if="$f" iflag=skip_bytes,count_bytes skip=$off count=10240 status=none >> "$out"; done
              tail -c 8192 "$f" >> "$out"
            fi
            b3sum --no-names "$out" | cut -c1-16
            """;
        var hasher = new ContentHasher();
        foreach (long size in new long[] { 1, 102_400, 102_401, 118_791, 1_048_589, 5_000_001 })
        {
            string path = WriteSeeded($"f{size}.bin", size, 1000 + (int)size);
            var psi = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-c", Script, "script", path, _dir.File($"seq{size}.bin") }) psi.ArgumentList.Add(arg);
            using var process = Process.Start(psi)!;
            string expected = process.StandardOutput.ReadToEnd().Trim();
            string stderr = process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, stderr);
            Assert.Equal(expected, hasher.Compute(path).RequireId().Hash);
        }
    }

    [Fact]
    public void Content_uuid_is_uuid_v5_in_the_dns_namespace_of_the_hash_string()
    {
        // Values from Python's uuid.uuid5(uuid.NAMESPACE_DNS, name).
        Assert.Equal(Guid.Parse("d007281a-8c9f-5d4b-98d2-916191415d66"), ContentId.FromHash("0123456789abcdef").Uuid);
        string path = _dir.Write("a.txt", "hello"u8);
        var id = ContentHasher.ComputeFile(path).RequireId();
        Assert.Equal(id.Uuid, ContentId.FromHash(id.Hash).Uuid);
        Assert.Equal(Convert.ToHexStringLower(Blake3.Hash([5, 0, 0, 0, 0, 0, 0, 0, .. "hello"u8]))[..16], id.Hash);
    }

    [Fact]
    public void Same_bytes_give_the_same_id_in_memory_and_on_disk()
    {
        byte[] bytes = new byte[50_000];
        new Random(3).NextBytes(bytes);
        string path = _dir.Write("m.bin", bytes);
        Assert.Equal(ContentHasher.FromBytes(bytes), ContentHasher.ComputeFile(path).Id);
        Assert.Null(ContentHasher.FromBytes([]));
    }

    [Fact]
    public void Copies_share_an_id_and_a_one_byte_change_inside_a_sample_changes_it()
    {
        string a = WriteSeeded("a.bin", 300_000, 9);
        string b = _dir.Write("b.bin", File.ReadAllBytes(a));
        var bytes = File.ReadAllBytes(a);
        bytes[ContentSampling.HeaderSize + 5] ^= 1;
        string c = _dir.Write("c.bin", bytes);
        var hasher = new ContentHasher();
        Assert.Equal(hasher.Compute(a).Id, hasher.Compute(b).Id);
        Assert.NotEqual(hasher.Compute(a).Id, hasher.Compute(c).Id);
    }

    [Fact]
    public void A_change_between_the_samples_is_not_seen_by_design_but_the_integrity_hash_sees_it()
    {
        string a = WriteSeeded("a.bin", 1_000_000, 11);
        var bytes = File.ReadAllBytes(a);
        long jump = (bytes.Length - 16_384) / 4;
        bytes[8192 + jump + (jump / 2)] ^= 0xFF; // between sample 1 and sample 2
        string b = _dir.Write("b.bin", bytes);

        Assert.Equal(ContentHasher.ComputeFile(a).Id, ContentHasher.ComputeFile(b).Id);
        Assert.NotEqual(IntegrityHasher.Compute(a).Hash, IntegrityHasher.Compute(b).Hash);
    }

    [Fact]
    public void Empty_files_have_no_identity()
    {
        string path = _dir.Write("empty", []);
        var result = ContentHasher.ComputeFile(path);
        Assert.Equal(ContentHashOutcome.Empty, result.Outcome);
        Assert.Null(result.Id);
        Assert.Throws<InvalidOperationException>(() => result.RequireId());
    }

    [Fact]
    public void A_directory_is_reported_not_hashed()
    {
        // Tests run as root, which chmod 000 does not stop; a directory is a path that can never be read as a file.
        var result = ContentHasher.ComputeFile(_dir.Path);
        Assert.Equal(ContentHashOutcome.NotAFile, result.Outcome);
        Assert.Contains("directory", result.Error, StringComparison.Ordinal);
        Assert.Equal(ContentHashOutcome.NotAFile, IntegrityHasher.Compute(_dir.Path).Outcome);
    }

    [Fact]
    public void A_missing_or_vanished_file_is_reported_not_hashed()
    {
        string path = _dir.Write("gone.txt", "x"u8);
        File.Delete(path);
        Assert.Equal(ContentHashOutcome.NotFound, ContentHasher.ComputeFile(path).Outcome);
        Assert.Equal(ContentHashOutcome.NotFound, ContentHasher.ComputeFile(_dir.File("no/such/dir/f")).Outcome);
        Assert.Equal(ContentHashOutcome.NotFound, IntegrityHasher.Compute(path).Outcome);
    }

    [Fact]
    public void A_file_written_while_hashed_gets_no_id()
    {
        string path = WriteSeeded("busy.bin", 500_000, 5);
        var hasher = new ContentHasher
        {
            AfterRead = () =>
            {
                using var writer = new FileStream(path, FileMode.Append, System.IO.FileAccess.Write, FileShare.ReadWrite);
                writer.Write([1, 2, 3]);
            },
        };
        var result = hasher.Compute(path);
        Assert.Equal(ContentHashOutcome.Changed, result.Outcome);
        Assert.Null(result.Id);
        Assert.Equal(500_000, result.Size);
    }

    [Fact]
    public void A_file_touched_while_hashed_gets_no_id()
    {
        string path = WriteSeeded("touched.bin", 1000, 6);
        File.SetLastWriteTimeUtc(path, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var hasher = new ContentHasher { AfterRead = () => File.SetLastWriteTimeUtc(path, new DateTime(2021, 1, 1, 0, 0, 0, DateTimeKind.Utc)) };
        Assert.Equal(ContentHashOutcome.Changed, hasher.Compute(path).Outcome);
    }

    [Fact]
    public void A_file_shorter_than_the_size_given_cannot_be_hashed()
    {
        string path = WriteSeeded("short.bin", 200_000, 7);
        using var handle = File.OpenHandle(path);
        Assert.False(new ContentHasher().TryHash(handle, 300_000, new byte[32]));
        Assert.False(new ContentHasher().TryHash(handle, 200_001, new byte[32]));
        Assert.True(new ContentHasher().TryHash(handle, 200_000, new byte[32]));
    }

    [Fact]
    public void The_instance_buffer_is_reused_without_leaking_between_files()
    {
        var hasher = new ContentHasher();
        string big = WriteSeeded("big.bin", 102_400, 1);
        string small = WriteSeeded("small.bin", 10, 2);
        _ = hasher.Compute(big);
        Assert.Equal(NaiveContentHash(File.ReadAllBytes(small)), hasher.Compute(small).RequireId().Hash);
    }

    [Fact]
    public void Parallel_workers_agree_with_one_worker()
    {
        var paths = Enumerable.Range(0, 64).Select(i => WriteSeeded($"p{i}.bin", 1 + (i * 7919 % 300_000), i)).ToArray();
        var sequential = paths.Select(p => new ContentHasher().Compute(p).Id).ToArray();
        var parallel = new ContentId?[paths.Length];
        Parallel.For(0, paths.Length, i => parallel[i] = ContentHasher.ComputeFile(paths[i]).Id);
        Assert.Equal(sequential, parallel);
    }
}
