using System.Text;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Runtime.Tests.Hashing;

/// <summary>The official test vectors (BLAKE3-team/BLAKE3 test_vectors.json), every case, mode and backend.</summary>
public sealed class Blake3VectorTests
{
    private static readonly VectorFile Vectors = Blake3TestSupport.LoadVectors();

    public static TheoryData<int, string> Cases()
    {
        var data = new TheoryData<int, string>();
        foreach (var c in Vectors.Cases)
        {
            foreach (string mode in new[] { "hash", "keyed_hash", "derive_key" })
            {
                data.Add(c.InputLength, mode);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Vector_matches_in_every_backend(int inputLength, string mode)
    {
        var c = Vectors.Cases.Single(x => x.InputLength == inputLength);
        byte[] input = Blake3TestSupport.VectorInput(inputLength);
        string expectedHex = mode switch { "hash" => c.Hash, "keyed_hash" => c.KeyedHash, _ => c.DeriveKey };
        byte[] expected = Convert.FromHexString(expectedHex);
        byte[] key = Encoding.ASCII.GetBytes(Vectors.Key);

        foreach (var backend in Blake3TestSupport.Backends)
        {
            Blake3Hasher NewHasher() => mode switch
            {
                "hash" => Blake3Hasher.New(backend),
                "keyed_hash" => Blake3Hasher.NewKeyed(key, backend),
                _ => Blake3Hasher.NewDeriveKey(Vectors.Context, backend),
            };

            // Incremental, whole input at once: the full extended output and the default 32 bytes.
            var hasher = NewHasher().Update(input);
            byte[] actual = new byte[expected.Length];
            hasher.Finalize(actual);
            Assert.Equal(expectedHex, Blake3.ToHex(actual));
            Assert.Equal(expectedHex[..64], Blake3.ToHex(hasher.Finalize()));

            // Byte by byte, and every output position reached by seeking.
            var byteWise = NewHasher();
            foreach (byte b in input.AsSpan(0, Math.Min(input.Length, 3000)))
            {
                byteWise.Update([b]);
            }
            byteWise.Update(input.AsSpan(Math.Min(input.Length, 3000)));
            for (int pos = 0; pos < expected.Length; pos += 37)
            {
                byte[] part = new byte[Math.Min(29, expected.Length - pos)];
                byteWise.Finalize((ulong)pos, part);
                Assert.Equal(expected.AsSpan(pos, part.Length).ToArray(), part);
            }

            // One-shot, serial and parallel.
            if (mode != "derive_key")
            {
                var keyCv = mode == "hash" ? Blake3Cv.Iv() : Blake3Cv.FromBytes(key);
                uint flags = mode == "hash" ? 0u : 16u;
                foreach (bool parallel in new[] { false, true })
                {
                    byte[] oneShot = new byte[expected.Length];
                    Blake3.HashCore(input, keyCv, flags, oneShot, backend, parallel);
                    Assert.Equal(expectedHex, Blake3.ToHex(oneShot));
                }
            }
        }
    }

    [Fact]
    public void Public_one_shot_api_matches_vectors()
    {
        byte[] key = Encoding.ASCII.GetBytes(Vectors.Key);
        foreach (var c in Vectors.Cases)
        {
            byte[] input = Blake3TestSupport.VectorInput(c.InputLength);
            Assert.Equal(c.Hash[..64], Blake3.ToHex(Blake3.Hash(input)));
            Assert.Equal(c.Hash[..64], Blake3.ToHex(Blake3.HashParallel(input)));
            Assert.Equal(c.KeyedHash[..64], Blake3.ToHex(Blake3.KeyedHash(key, input)));
            Assert.Equal(c.DeriveKey[..64], Blake3.ToHex(Blake3.DeriveKey(Vectors.Context, input)));
            byte[] xof = new byte[c.Hash.Length / 2];
            Blake3.Hash(input, xof);
            Assert.Equal(c.Hash, Blake3.ToHex(xof));
            Assert.Equal(c.Hash[..64], Blake3.ToHex(Blake3.HashStream(new MemoryStream(input))));
        }
    }

    [Fact]
    public void Vector_file_holds_every_case()
    {
        Assert.Equal(35, Vectors.Cases.Count);
        Assert.Contains(Vectors.Cases, c => c.InputLength == 102400);
    }
}
