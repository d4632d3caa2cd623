using Spacedrive.Runtime.TestKit;
using System.Diagnostics;
using Spacedrive.Actors.Content;
using Spacedrive.Actors.Tests.Support;
using Spacedrive.Runtime.Hashing;

namespace Spacedrive.Actors.Tests.Content;

public sealed class IntegrityHasherSpec : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(4 * 1024 * 1024)]
    [InlineData((9 * 1024 * 1024) + 3)]
    public void Integrity_hash_is_blake3_of_the_whole_file(int size)
    {
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes);
        string path = _dir.Write("f.bin", bytes);
        var result = IntegrityHasher.Compute(path);
        Assert.Equal(ContentHashOutcome.Hashed, result.Outcome);
        Assert.Equal(Blake3.ToHex(Blake3.Hash(bytes)), result.Hash);
        Assert.Equal(64, result.Hash!.Length);
        Assert.Equal(size, result.Size);
    }

    [RequiresToolFact("b3sum")]
    public void Integrity_hash_matches_b3sum()
    {
        var bytes = new byte[(3 * 1024 * 1024) + 77];
        new Random(42).NextBytes(bytes);
        string path = _dir.Write("f.bin", bytes);
        var psi = new ProcessStartInfo("b3sum") { RedirectStandardOutput = true };
        psi.ArgumentList.Add("--no-names");
        psi.ArgumentList.Add(path);
        using var process = Process.Start(psi)!;
        string expected = process.StandardOutput.ReadToEnd().Trim();
        process.WaitForExit();
        Assert.Equal(expected, IntegrityHasher.Compute(path).Hash);
    }

    [Fact]
    public void Cancellation_stops_a_long_hash()
    {
        string path = _dir.Write("f.bin", new byte[5 * 1024 * 1024]);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.Throws<OperationCanceledException>(() => IntegrityHasher.Compute(path, cts.Token));
    }
}
