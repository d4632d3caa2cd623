using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Indexing;

/// <summary>
/// Skips when the tests run as root, which bypasses file permissions; the reason names the spec that covers the same
/// code path as root (a simulated failure), or says that none can.
/// </summary>
public sealed class NotRootFactAttribute : FactAttribute
{
    public NotRootFactAttribute(string? coveredAsRootBy = null)
    {
        if (DirectoryReader.IsRoot)
        {
            Skip = "skipped: the tests run as root (euid 0), which bypasses file permissions, so nothing can be made unreadable; "
                + (coveredAsRootBy is null
                    ? "no root-proof variant exists (it needs a second, unprivileged user); it runs where the tests are not root"
                    : coveredAsRootBy + " covers the same path with a simulated failure");
        }
    }
}

[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class BadInputSpec : IDisposable
{
    private static readonly RuleToggles NoRules = new() { NoDefaultRules = true };
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private static void Shell(string script)
    {
        var info = new ProcessStartInfo("bash") { UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var process = Process.Start(info)!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    [NotRootFact(nameof(A_folder_that_cannot_be_read_is_simulated_by_a_failed_listing_and_kept))]
    public async Task An_unreadable_folder_is_a_non_fatal_error_and_its_contents_are_kept()
    {
        _fx.File("locked/a.txt", "a");
        _fx.File("open/b.txt", "b");
        await _fx.IndexAsync(rules: NoRules);
        File.SetUnixFileMode(Path.Combine(_fx.Root, "locked"), UnixFileMode.None);
        var result = await _fx.IndexAsync(rules: NoRules);
        Assert.Contains(result.Errors, e => e.Kind == "read-dir" && e.Path.EndsWith("locked", StringComparison.Ordinal));
        Assert.Contains(Path.Combine(_fx.Root, "locked", "a.txt"), _fx.Entries().Keys);
    }

    [NotRootFact]
    public async Task An_unreadable_file_fails_content_identity_only()
    {
        var path = _fx.File("secret.txt", "s");
        File.SetUnixFileMode(path, UnixFileMode.None);
        var result = await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Contains(result.Errors, e => e.Kind == "content");
        Assert.Contains(path, _fx.Entries().Keys);
    }

    [Fact]
    public async Task A_folder_that_cannot_be_read_is_simulated_by_a_failed_listing_and_kept()
    {
        // Works as root too: Processing is fed a listing that says "could not read" for a folder
        // the library knows; the folder's contents are kept, not deleted.
        _fx.File("keep/x.txt", "x");
        _fx.File("other.txt", "o");
        await _fx.IndexAsync(rules: NoRules);
        var before = _fx.Entries();
        var processing = new ProcessingPhase(_fx.Db, _fx.Request(rules: NoRules), IndexerSettings.Default, new ErrorSink(), TimeProvider.System);
        var channel = System.Threading.Channels.Channel.CreateUnbounded<DirectoryListing>();
        var rootEntries = new List<RawEntry>();
        foreach (var name in new[] { "keep", "other.txt" })
        {
            Assert.True(DirectoryReader.TryStat(Path.Combine(_fx.Root, name), false, out var stat, out _));
            rootEntries.Add(new RawEntry(name, stat, null));
        }
        channel.Writer.TryWrite(new DirectoryListing(_fx.Root, "", 0, rootEntries, Complete: true));
        channel.Writer.TryWrite(new DirectoryListing(Path.Combine(_fx.Root, "keep"), "keep", 1, [], Complete: false));
        channel.Writer.Complete();
        await processing.RunAsync(channel.Reader, CancellationToken.None);
        Assert.Equal(0, processing.Deleted);
        Assert.Equal(before.Keys.Order(), _fx.Entries().Keys.Order());
    }

    [Fact]
    public async Task Files_and_folders_vanishing_during_the_walk_are_non_fatal()
    {
        for (var i = 0; i < 40; i++)
        {
            _fx.File($"d{i}/f.txt", "x");
        }
        var errors = new ErrorSink();
        var walker = new DiscoveryWalker(_fx.Root, IndexerRules.None, errors, 1, int.MaxValue, 100);
        var channel = System.Threading.Channels.Channel.CreateBounded<DirectoryListing>(1);
        var run = walker.RunAsync(channel.Writer, CancellationToken.None);
        var listings = new List<DirectoryListing> { await channel.Reader.ReadAsync() };
        // The root is read; its folders are queued. Remove them before they are read.
        for (var i = 0; i < 40; i++)
        {
            Directory.Delete(Path.Combine(_fx.Root, $"d{i}"), recursive: true);
        }
        await foreach (var listing in channel.Reader.ReadAllAsync())
        {
            listings.Add(listing);
        }
        await run;
        Assert.True(errors.Count >= 30);
        Assert.All(errors.Kept, e => Assert.Equal("vanished", e.Kind));
        Assert.Contains(listings, l => !l.Complete);

        // And through the whole engine: nothing crashes, and the next run removes them.
        var result = await _fx.IndexAsync(rules: NoRules);
        Assert.Equal(1, result.Stats.Directories);
    }

    [Fact]
    public async Task Symlink_loops_are_recorded_as_links_and_never_followed()
    {
        _fx.File("real/a.txt", "a");
        File.CreateSymbolicLink(Path.Combine(_fx.Root, "real", "loop"), Path.Combine(_fx.Root, "real"));
        File.CreateSymbolicLink(Path.Combine(_fx.Root, "x"), Path.Combine(_fx.Root, "y"));
        File.CreateSymbolicLink(Path.Combine(_fx.Root, "y"), Path.Combine(_fx.Root, "x"));
        File.CreateSymbolicLink(Path.Combine(_fx.Root, "outside"), "/etc");
        var result = await _fx.IndexAsync(rules: NoRules);
        Assert.Equal(4, result.Stats.Symlinks);
        Assert.Empty(result.Errors);
        var entries = _fx.Entries();
        Assert.Equal(EntryKind.Symlink, entries[Path.Combine(_fx.Root, "real", "loop")].Kind);
        using (var command = _fx.Connection.CreateCommand())
        {
            command.CommandText = "SELECT symlink_target FROM entries WHERE name = 'loop'";
            Assert.Equal(Path.Combine(_fx.Root, "real"), command.ExecuteScalar());
        }
        Assert.DoesNotContain(entries.Keys, k => k.Contains("/outside/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Names_that_are_not_utf8_round_trip_and_can_be_opened_again()
    {
        Shell($"printf 'raw' > '{_fx.Root}/bad'$'\\xff\\xfe''name.txt' && mkdir '{_fx.Root}/dir'$'\\xe9' && printf 'in' > '{_fx.Root}/dir'$'\\xe9''/f'");
        var result = await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Empty(result.Errors);
        Assert.Equal(2, result.Stats.ContentHashed);
        var name = Path.GetFileName(_fx.Entries().Keys.Single(k => k.Contains("name.txt", StringComparison.Ordinal)));
        Assert.Equal([(byte)'b', (byte)'a', (byte)'d', 0xFF, 0xFE, .. "name.txt"u8.ToArray()], FileNames.ToBytes(name));
        Assert.Equal("bad\uF7FF\uF7FEname.txt", name);
        using (var handle = NativeFile.OpenRead(Path.Combine(_fx.Root, name)))
        {
            Assert.Equal(3, RandomAccess.GetLength(handle));
        }
        var again = await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Equal(0, again.Stats.RowsWritten);
    }

    [Theory]
    [InlineData("plain.txt")]
    [InlineData("Résumé 2020.pdf")]
    [InlineData("emoji 😀.png")]
    [InlineData("pua \uF7FF.txt")]
    public void Valid_names_round_trip_through_the_escaping(string name)
    {
        var bytes = Encoding.UTF8.GetBytes(name);
        Assert.Equal(bytes, FileNames.ToBytes(FileNames.FromBytes(bytes)));
    }

    [Fact]
    public async Task Very_long_names_and_paths_beyond_path_max_are_indexed()
    {
        var longName = new string('n', 255);
        _fx.File(longName, "long name");
        // > 4096 bytes of path: 20 folders of 250 characters, made relative to each other.
        var path = _fx.Root;
        var segment = new string('s', 250);
        Shell($"cd '{_fx.Root}' && for i in $(seq 1 20); do mkdir {segment}$i && cd {segment}$i; done && printf 'deep' > file.txt");
        for (var i = 1; i <= 20; i++)
        {
            path = Path.Combine(path, segment + i);
        }
        Assert.True(Encoding.UTF8.GetByteCount(path) > 4096);
        var result = await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Empty(result.Errors);
        Assert.Contains(Path.Combine(_fx.Root, longName), _fx.Entries().Keys);
        Assert.Contains(Path.Combine(path, "file.txt"), _fx.Entries().Keys);
        Assert.Equal(2, result.Stats.ContentHashed);
        Shell($"cd '{_fx.Root}' && rm -rf {segment}1");
    }

    [Fact]
    public async Task A_tree_500_levels_deep_is_walked_without_recursion()
    {
        Shell($"cd '{_fx.Root}' && for i in $(seq 1 500); do mkdir d && cd d; done && printf 'x' > leaf");
        var result = await _fx.IndexAsync(rules: NoRules);
        Assert.Empty(result.Errors);
        Assert.Equal(501, result.Stats.Directories);
        Assert.Equal(1, result.Stats.Files);
        Assert.Equal(500, _fx.Scalar("SELECT MAX(depth) FROM entry_closure"));
        Assert.Equal(1, _fx.Scalar($"SELECT file_count FROM entries WHERE id = {result.RootEntryId}"));
        var limited = await new IndexerEngine(_fx.Db, _fx.Request(rules: NoRules), new IndexerSettings { MaxDepth = 100 }).RunAsync();
        Assert.Contains(limited.Errors, e => e.Kind == "too-deep");
        Assert.Equal(0, limited.Stats.Deleted);
        Shell($"rm -rf '{_fx.Root}/d'");
    }

    [Fact]
    public async Task Special_files_are_recorded_and_never_opened()
    {
        Assert.Equal(0, DirectoryReader.MakeFifo(Path.Combine(_fx.Root, "pipe")));
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Bind(new UnixDomainSocketEndPoint(Path.Combine(_fx.Root, "sock")));
        _fx.File("normal.txt", "n");
        var result = await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Equal(2, result.Stats.Special);
        Assert.Equal(1, result.Stats.ContentHashed);
        Assert.Empty(result.Errors);
        var entries = _fx.Entries();
        Assert.Equal(EntryKind.Special, entries[Path.Combine(_fx.Root, "pipe")].Kind);
        Assert.Equal(EntryKind.Special, entries[Path.Combine(_fx.Root, "sock")].Kind);
    }

    [Fact]
    public async Task A_location_root_deleted_before_or_while_indexing_fails_cleanly()
    {
        for (var i = 0; i < 30; i++)
        {
            _fx.File($"d{i}/f.txt", "x");
        }
        await _fx.IndexAsync(rules: NoRules);
        var before = _fx.Entries().Count;

        Directory.Delete(_fx.Root, recursive: true);
        var failure = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => _fx.IndexAsync(rules: NoRules));
        Assert.Contains("Location root", failure.Message, StringComparison.Ordinal);
        Assert.Equal(before, _fx.Entries().Count);
    }

    [Fact]
    public async Task A_root_that_vanishes_mid_walk_keeps_the_library_as_it_was()
    {
        for (var i = 0; i < 30; i++)
        {
            _fx.File($"d{i}/f.txt", "x");
        }
        await _fx.IndexAsync(rules: NoRules);
        var before = _fx.Entries().Count;
        var walker = new DiscoveryWalker(_fx.Root, IndexerRules.None, new ErrorSink(), 1, int.MaxValue, 100);
        var channel = System.Threading.Channels.Channel.CreateBounded<DirectoryListing>(1);
        var run = walker.RunAsync(channel.Writer, CancellationToken.None);
        await channel.Reader.ReadAsync();
        Directory.Delete(_fx.Root, recursive: true);
        var rest = new List<DirectoryListing>();
        await foreach (var l in channel.Reader.ReadAllAsync())
        {
            rest.Add(l);
        }
        await run;
        // At most the one listing already in the channel was read before the delete.
        Assert.True(rest.Count(l => !l.Complete) >= rest.Count - 2);
        Assert.Equal(before, _fx.Entries().Count);
    }
}
