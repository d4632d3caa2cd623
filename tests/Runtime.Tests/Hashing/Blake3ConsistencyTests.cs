using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Runtime.Tests.Hashing;

/// <summary>Every way of hashing the same bytes must agree: backends, splits, threads, APIs.</summary>
public sealed class Blake3ConsistencyTests
{
    private static readonly int[] Lengths =
    [
        0, 1, 63, 64, 65, 127, 128, 1023, 1024, 1025, 2047, 2048, 2049, 3072, 3073, 4095, 4096, 4097,
        8 * 1024 - 1, 8 * 1024, 8 * 1024 + 1, 16 * 1024 + 1, 17 * 1024, 31 * 1024 + 7, 64 * 1024 - 1, 64 * 1024, 64 * 1024 + 1,
        100 * 1024 + 3, 128 * 1024 + 1, 300 * 1024 + 5,
    ];

    [Fact]
    public void Backends_agree_one_shot_and_incremental_with_random_splits()
    {
        var random = new Random(11);
        foreach (int length in Lengths.Concat(Enumerable.Range(0, 20).Select(_ => random.Next(300 * 1024))))
        {
            byte[] input = Blake3TestSupport.RandomBytes(random, length);
            byte[] expected = new byte[32];
            Blake3.HashCore(input, Blake3Cv.Iv(), 0, expected, Blake3Backend.Scalar, parallel: false);
            foreach (var backend in Blake3TestSupport.Backends)
            {
                byte[] oneShot = new byte[32];
                Blake3.HashCore(input, Blake3Cv.Iv(), 0, oneShot, backend, parallel: false);
                Assert.True(expected.AsSpan().SequenceEqual(oneShot), $"one-shot {backend} length {length}");

                var hasher = Blake3Hasher.New(backend);
                Blake3TestSupport.UpdateInRandomSplits(hasher, input, random);
                Assert.True(expected.AsSpan().SequenceEqual(hasher.Finalize()), $"incremental {backend} length {length}");
                Assert.Equal((ulong)length, hasher.Length);
            }
        }
    }

    [Fact]
    public unsafe void Parallel_equals_serial_with_any_grain()
    {
        var random = new Random(12);
        foreach (int length in new[] { 128 * 1024 + 1, 1024 * 1024 + 1, (3 * 1024 * 1024) + 1025, 9 * 1024 * 1024, (5 * 1024 * 1024) - 1 })
        {
            byte[] input = Blake3TestSupport.RandomBytes(random, length);
            byte[] serial = Blake3.Hash(input);
            Assert.Equal(serial, Blake3.HashParallel(input));
            Assert.Equal(serial, Blake3Hasher.New().UpdateParallel(input).Finalize());
            foreach (var backend in Blake3TestSupport.Backends)
            {
                foreach (nint grain in new nint[] { 4096, 64 * 1024, 1024 * 1024 })
                {
                    fixed (byte* p = input)
                    {
                        var root = Blake3Tree.HashAllAtOnce(p, length, Blake3Cv.Iv(), 0, backend, grain);
                        byte[] actual = new byte[32];
                        root.RootHash32(actual, backend);
                        Assert.True(serial.AsSpan().SequenceEqual(actual), $"{backend} grain {grain} length {length}");
                    }
                }
            }

            // Parallel updates at unaligned offsets go through the incremental subtree logic.
            var hasher = Blake3Hasher.New();
            hasher.Update(input.AsSpan(0, 777));
            hasher.UpdateParallel(input.AsSpan(777, length / 2));
            hasher.UpdateParallel(input.AsSpan(777 + (length / 2)));
            Assert.Equal(serial, hasher.Finalize());
        }
    }

    [Fact]
    public void Hash_many_kernels_match_the_scalar_kernel_including_counter_carry()
    {
        var random = new Random(13);
        byte[] input = Blake3TestSupport.RandomBytes(random, 40 * 1024);
        var key = Blake3Cv.FromBytes(Blake3TestSupport.RandomBytes(random, 32));
        foreach (ulong counter in new[] { 0UL, 5UL, 0xFFFF_FFF8UL, 0x1_2345_6789UL })
        {
            foreach (int blocks in new[] { 1, 3, 16 })
            {
                foreach (bool increment in new[] { true, false })
                {
                    for (int count = 1; count <= 35; count += count < 20 ? 1 : 5)
                    {
                        nint stride = blocks * 64;
                        byte[] expected = new byte[count * 32];
                        Blake3Backends.HashMany(Blake3Backend.Scalar, in input[0], stride, count, blocks, in key, counter, increment, 8, 1, 2, ref expected[0]);
                        foreach (var backend in Blake3TestSupport.Backends)
                        {
                            byte[] actual = new byte[count * 32];
                            Blake3Backends.HashMany(backend, in input[0], stride, count, blocks, in key, counter, increment, 8, 1, 2, ref actual[0]);
                            Assert.True(expected.AsSpan().SequenceEqual(actual), $"{backend} count {count} blocks {blocks} counter {counter:X} inc {increment}");
                        }
                    }
                }
            }
        }
    }

    [Fact]
    public void Xof_seek_reads_the_same_stream()
    {
        var random = new Random(14);
        byte[] input = Blake3TestSupport.RandomBytes(random, 5000);
        foreach (var backend in Blake3TestSupport.Backends)
        {
            var hasher = Blake3Hasher.New(backend).Update(input);
            byte[] stream = new byte[2000];
            hasher.Finalize(stream);
            for (int i = 0; i < 50; i++)
            {
                int pos = random.Next(stream.Length);
                byte[] part = new byte[random.Next(stream.Length - pos + 1)];
                hasher.Finalize((ulong)pos, part);
                Assert.Equal(stream.AsSpan(pos, part.Length).ToArray(), part);
            }
            Assert.Equal(stream.AsSpan(0, 32).ToArray(), hasher.Finalize());
        }
    }

    [Fact]
    public void Finalize_leaves_the_state_and_Reset_clears_it()
    {
        byte[] a = Blake3TestSupport.VectorInput(3000);
        var hasher = Blake3Hasher.New().Update(a.AsSpan(0, 1500));
        byte[] half = hasher.Finalize();
        Assert.Equal(half, hasher.Finalize());
        Assert.Equal(Blake3.Hash(a.AsSpan(0, 1500)), half);
        hasher.Update(a.AsSpan(1500));
        Assert.Equal(Blake3.Hash(a), hasher.Finalize());
        hasher.Reset();
        Assert.Equal(Blake3.Hash([]), hasher.Finalize());
        hasher.Update(a);
        Assert.Equal(Blake3.Hash(a), hasher.Finalize());

        var keyed = Blake3Hasher.NewKeyed(new byte[32]).Update(a);
        keyed.Reset();
        Assert.Equal(Blake3.KeyedHash(new byte[32], []), keyed.Finalize());
    }

    [Fact]
    public async Task Stream_and_file_apis_agree_with_span_hashing()
    {
        var random = new Random(15);
        string dir = Path.Combine(Path.GetTempPath(), $"b3-api-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            foreach (int length in new[] { 0, 1, 1025, 256 * 1024 - 1, 256 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 })
            {
                byte[] input = Blake3TestSupport.RandomBytes(random, length);
                string path = Path.Combine(dir, $"f{length}");
                await File.WriteAllBytesAsync(path, input);
                byte[] expected = Blake3.Hash(input);
                Assert.Equal(expected, Blake3.HashFile(path));
                Assert.Equal(expected, Blake3.HashFileParallel(path));
                Assert.Equal(expected, await Blake3.HashFileAsync(path));
                Assert.Equal(expected, Blake3.HashStream(new MemoryStream(input)));
                Assert.Equal(expected, await Blake3.HashStreamAsync(new MemoryStream(input)));
            }
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Keys_must_be_32_bytes_and_hex_is_lower_case()
    {
        Assert.Throws<ArgumentException>(() => Blake3Hasher.NewKeyed(new byte[31]));
        Assert.Throws<ArgumentException>(() => Blake3.KeyedHash(new byte[33], []));
        Assert.Equal("af1349b9f5f9a1a6a0404dea36dcc9499bcb25c9adc112b7cc9a93cae41f3262", Blake3.ToHex(Blake3.Hash([])));
    }
}
