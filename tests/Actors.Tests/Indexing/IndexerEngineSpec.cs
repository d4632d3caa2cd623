using System.Text.Json;
using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Tests.Indexing;

public sealed class IndexerEngineSpec : IDisposable
{
    private static readonly RuleToggles NoRules = new() { NoDefaultRules = true };
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private void GenerateTree(int seed = 7, int dirs = 25, int files = 160)
    {
        var random = new Random(seed);
        var folders = new List<string> { "" };
        for (var i = 0; i < dirs; i++)
        {
            var parent = folders[random.Next(folders.Count)];
            var name = Path.Combine(parent, $"d{i}");
            _fx.Dir(name);
            folders.Add(name);
        }
        for (var i = 0; i < files; i++)
        {
            var folder = folders[random.Next(folders.Count)];
            _fx.File(Path.Combine(folder, $"f{i}.{(i % 3 == 0 ? "txt" : "bin")}"), new string('a', random.Next(0, 3000)) + i);
        }
        _fx.File("Résumé 2020.pdf", "accent");
        _fx.File("dup1.txt", "same content");
        _fx.File("d0/dup2.txt", "same content");
    }

    [Fact]
    public async Task Indexing_a_tree_writes_exactly_the_tree()
    {
        GenerateTree();
        var result = await _fx.IndexAsync(rules: NoRules);

        var expected = Directory.EnumerateFileSystemEntries(_fx.Root, "*", SearchOption.AllDirectories).ToList();
        var entries = _fx.Entries();
        Assert.Equal(expected.Count + 1, entries.Count);
        foreach (var path in expected)
        {
            Assert.True(entries.TryGetValue(path, out var e), path);
            var info = new FileInfo(path);
            if (e.Kind == EntryKind.File)
            {
                Assert.Equal(info.Length, e.Size);
            }
            else
            {
                Assert.Equal(EntryKind.Directory, e.Kind);
            }
        }
        Assert.Equal(expected.Count(System.IO.File.Exists), result.Stats.Files);
        Assert.Equal(expected.Count(Directory.Exists) + 1, result.Stats.Directories);
        Assert.Empty(result.Errors);

        // Closure rows equal a naive walk of parent_id; directory paths equal the real paths.
        var parents = new Dictionary<long, long?>();
        var kinds = new Dictionary<long, int>();
        using (var command = _fx.Connection.CreateCommand())
        {
            command.CommandText = "SELECT id, parent_id, kind FROM entries";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                parents[reader.GetInt64(0)] = reader.IsDBNull(1) ? null : reader.GetInt64(1);
                kinds[reader.GetInt64(0)] = reader.GetInt32(2);
            }
        }
        var naive = new HashSet<(long, long, long)>();
        foreach (var (id, kind) in kinds)
        {
            if (kind != 1)
            {
                continue;
            }
            long depth = 0;
            for (long? a = id; a is { } x; a = parents[x], depth++)
            {
                naive.Add((x, id, depth));
            }
        }
        var stored = new HashSet<(long, long, long)>();
        using (var command = _fx.Connection.CreateCommand())
        {
            command.CommandText = "SELECT ancestor_id, descendant_id, depth FROM entry_closure";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                stored.Add((reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2)));
            }
        }
        Assert.Equal(naive.OrderBy(x => x), stored.OrderBy(x => x));
        Assert.Equal(expected.Count(Directory.Exists) + 1, _fx.Scalar("SELECT COUNT(*) FROM directory_paths"));
        foreach (var dir in expected.Where(Directory.Exists))
        {
            Assert.Equal(1, _fx.Scalar($"SELECT COUNT(*) FROM directory_paths WHERE path = '{dir.Replace("'", "''", StringComparison.Ordinal)}'"));
        }

        // Aggregates: bytes and files below each folder, direct children.
        foreach (var dir in expected.Where(Directory.Exists).Append(_fx.Root))
        {
            var files = Directory.EnumerateFiles(dir, "*", SearchOption.AllDirectories).ToList();
            var id = _fx.Scalar($"SELECT entry_id FROM directory_paths WHERE path = '{dir.Replace("'", "''", StringComparison.Ordinal)}'");
            Assert.Equal(files.Sum(f => new FileInfo(f).Length), _fx.Scalar($"SELECT aggregate_size FROM entries WHERE id = {id}"));
            Assert.Equal(files.Count, _fx.Scalar($"SELECT file_count FROM entries WHERE id = {id}"));
            Assert.Equal(Directory.EnumerateFileSystemEntries(dir).Count(), _fx.Scalar($"SELECT child_count FROM entries WHERE id = {id}"));
        }
        Assert.Equal(result.Stats.Files, _fx.Scalar($"SELECT total_file_count FROM locations WHERE id = {_fx.LocationId}"));
        Assert.Equal(result.RootEntryId, _fx.Scalar($"SELECT entry_id FROM locations WHERE id = {_fx.LocationId}"));
    }

    [Fact]
    public async Task Times_are_stored_at_full_nanosecond_precision_with_inode()
    {
        var path = _fx.File("a.txt", "hello");
        var result = await _fx.IndexAsync(rules: NoRules);
        Assert.Equal(2, result.Stats.New);
        var stat = System.IO.File.GetLastWriteTimeUtc(path);
        var stored = _fx.Scalar("SELECT modified_at FROM entries WHERE name = 'a.txt'");
        Assert.Equal(UnixNanos.From(stat) / 100, stored / 100);
        Assert.NotEqual(0, _fx.Scalar("SELECT inode FROM entries WHERE name = 'a.txt'"));
        Assert.Equal(5, _fx.Scalar("SELECT size FROM entries WHERE name = 'a.txt'"));
        Assert.Equal("txt".Length, _fx.Scalar("SELECT extension FROM entries WHERE name = 'a.txt'"));
    }

    [Fact]
    public async Task Reindexing_an_unchanged_tree_writes_nothing()
    {
        GenerateTree();
        await _fx.IndexAsync(IndexMode.Content);
        var before = _fx.Dump();
        var again = await _fx.IndexAsync(IndexMode.Content);
        Assert.Equal(0, again.Stats.RowsWritten);
        Assert.Equal(0, again.Stats.New + again.Stats.Modified + again.Stats.Moved + again.Stats.Deleted + again.Stats.AggregatesUpdated);
        Assert.True(again.Stats.Unchanged > 150);
        Assert.Equal(before, _fx.Dump());
    }

    [Fact]
    public async Task Changes_are_detected_and_ids_kept()
    {
        GenerateTree();
        _fx.File("move-me/inner/deep.txt", "deep");
        _fx.File("rename-me.txt", "r");
        _fx.File("modify-me.txt", "m");
        _fx.File("delete-me.txt", "d");
        _fx.File("gone/x.txt", "x");
        _fx.Dir("dest1");
        _fx.Dir("dest2");
        await _fx.IndexAsync(IndexMode.Content, NoRules);
        var before = _fx.Entries();
        var contentBefore = _fx.Scalar("SELECT content_id FROM entries WHERE name = 'modify-me.txt'");
        Assert.NotEqual(0, contentBefore);

        Directory.Move(Path.Combine(_fx.Root, "move-me"), Path.Combine(_fx.Root, "dest1", "moved"));
        System.IO.File.Move(Path.Combine(_fx.Root, "rename-me.txt"), Path.Combine(_fx.Root, "dest2", "renamed.txt"));
        System.IO.File.WriteAllText(Path.Combine(_fx.Root, "modify-me.txt"), "modified!");
        System.IO.File.Delete(Path.Combine(_fx.Root, "delete-me.txt"));
        Directory.Delete(Path.Combine(_fx.Root, "gone"), recursive: true);
        _fx.File("added.txt", "new");

        var result = await _fx.IndexAsync(IndexMode.Content, NoRules);
        var after = _fx.Entries();
        Assert.Equal(2, result.Stats.Moved);
        Assert.Equal(3, result.Stats.Deleted);
        Assert.Equal(1, result.Stats.New);

        string P(params string[] parts) => Path.Combine([_fx.Root, .. parts]);
        Assert.Equal(before[P("move-me")].Uuid, after[P("dest1", "moved")].Uuid);
        Assert.Equal(before[P("move-me", "inner")].Uuid, after[P("dest1", "moved", "inner")].Uuid);
        Assert.Equal(before[P("move-me", "inner", "deep.txt")].Uuid, after[P("dest1", "moved", "inner", "deep.txt")].Uuid);
        Assert.Equal(before[P("rename-me.txt")].Uuid, after[P("dest2", "renamed.txt")].Uuid);
        Assert.Equal(before[P("modify-me.txt")].Uuid, after[P("modify-me.txt")].Uuid);
        Assert.Equal(9, after[P("modify-me.txt")].Size);
        Assert.False(after.ContainsKey(P("delete-me.txt")));
        Assert.False(after.ContainsKey(P("gone")));
        Assert.False(after.ContainsKey(P("gone", "x.txt")));
        Assert.True(after.ContainsKey(P("added.txt")));
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM directory_paths WHERE path LIKE '%/gone%' OR path LIKE '%/move-me%'"));
        Assert.NotEqual(contentBefore, _fx.Scalar("SELECT content_id FROM entries WHERE name = 'modify-me.txt'"));
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0 AND size > 0 AND content_id IS NULL"));
        // Closure rows follow the moved folder.
        var moved = _fx.Scalar($"SELECT entry_id FROM directory_paths WHERE path = '{P("dest1", "moved", "inner")}'");
        var d1 = _fx.Scalar($"SELECT entry_id FROM directory_paths WHERE path = '{P("dest1")}'");
        Assert.Equal(2, _fx.Scalar($"SELECT depth FROM entry_closure WHERE ancestor_id = {d1} AND descendant_id = {moved}"));

        // And from scratch gives the same library (but for ids and UUIDs).
        var reference = new IndexFixture();
        try
        {
            CopyTree(_fx.Root, reference.Root);
            await reference.IndexAsync(IndexMode.Content, NoRules);
            Assert.Equal(Normalize(reference.Dump(), reference.Root, withInodes: false), Normalize(_fx.Dump(), _fx.Root, withInodes: false));
        }
        finally
        {
            reference.Dispose();
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public async Task Moves_are_found_whichever_folder_is_compared_first_and_hard_links_are_new(int walkers)
    {
        // Folders are compared one at a time as the walk lists them (breadth first): "a/b/c" is compared after "top"
        // and before nothing deeper, so a move up is seen at its new place before its old folder is compared, and a
        // move down after.
        _fx.File("a/b/c/up.txt", "moves up");
        _fx.File("top/down.txt", "moves down");
        _fx.File("same/old-name.txt", "renamed in place");
        _fx.File("same/x.txt", "x");
        _fx.File("same/y.txt", "y, longer");
        _fx.File("linked/original.txt", "has a second name");
        _fx.Dir("deep/er/est");
        var settings = new IndexerSettings { DiscoveryWorkers = walkers, BatchSize = 3, ChannelCapacity = 1 };
        await _fx.IndexAsync(rules: NoRules, settings: settings);
        var before = _fx.Entries();

        string P(params string[] parts) => Path.Combine([_fx.Root, .. parts]);
        System.IO.File.Move(P("a", "b", "c", "up.txt"), P("top", "up.txt"));
        System.IO.File.Move(P("top", "down.txt"), P("deep", "er", "est", "down.txt"));
        System.IO.File.Move(P("same", "old-name.txt"), P("same", "new-name.txt"));
        System.IO.File.Move(P("same", "x.txt"), P("same", "tmp"));
        System.IO.File.Move(P("same", "y.txt"), P("same", "x.txt"));
        System.IO.File.Move(P("same", "tmp"), P("same", "y.txt"));
        using (var ln = System.Diagnostics.Process.Start("ln", [P("linked", "original.txt"), P("top", "second-name.txt")]))
        {
            await ln.WaitForExitAsync();
            Assert.Equal(0, ln.ExitCode);
        }

        var result = await _fx.IndexAsync(rules: NoRules, settings: settings);
        var after = _fx.Entries();
        Assert.Equal(3, result.Stats.Moved);
        Assert.Equal(1, result.Stats.New);
        Assert.Equal(0, result.Stats.Deleted);
        Assert.Equal(before[P("a", "b", "c", "up.txt")].Uuid, after[P("top", "up.txt")].Uuid);
        Assert.Equal(before[P("top", "down.txt")].Uuid, after[P("deep", "er", "est", "down.txt")].Uuid);
        Assert.Equal(before[P("same", "old-name.txt")].Uuid, after[P("same", "new-name.txt")].Uuid);
        // Swapped names keep their place (name first): each entry now describes the other file, as a fresh index would.
        Assert.Equal(before[P("same", "x.txt")].Uuid, after[P("same", "x.txt")].Uuid);
        Assert.Equal(before[P("same", "y.txt")].Size, after[P("same", "x.txt")].Size);
        Assert.Equal(before[P("linked", "original.txt")].Uuid, after[P("linked", "original.txt")].Uuid);
        Assert.NotEqual(before[P("linked", "original.txt")].Uuid, after[P("top", "second-name.txt")].Uuid);

        var again = await _fx.IndexAsync(rules: NoRules, settings: settings);
        Assert.Equal(0, again.Stats.New + again.Stats.Modified + again.Stats.Moved + again.Stats.Deleted);
        var reference = new IndexFixture();
        try
        {
            CopyTree(_fx.Root, reference.Root);
            await reference.IndexAsync(rules: NoRules);
            Assert.Equal(Normalize(reference.Dump(), reference.Root, withInodes: false), Normalize(_fx.Dump(), _fx.Root, withInodes: false));
        }
        finally
        {
            reference.Dispose();
        }
    }

    [Theory]
    [InlineData(50, true)]
    [InlineData(0, false)]
    [InlineData(100_000, false)]
    public async Task A_large_first_index_leaves_the_database_packed(long compactAfter, bool packed)
    {
        GenerateTree(seed: 11, dirs: 60, files: 600);
        await _fx.IndexAsync(rules: NoRules, settings: new IndexerSettings { DiscoveryWorkers = 2, CompactAfterNewEntries = compactAfter });
        var copy = Path.Combine(_fx.Base, "packed.db");
        using (var command = _fx.Db.Writer.CreateCommand())
        {
            command.CommandText = $"PRAGMA wal_checkpoint(TRUNCATE); VACUUM INTO '{copy}'";
            command.ExecuteNonQuery();
        }
        var size = new FileInfo(_fx.Db.FilePath).Length;
        var packedSize = new FileInfo(copy).Length;
        if (packed)
        {
            Assert.Equal(packedSize, size);
        }
        else
        {
            Assert.True(size > packedSize, $"{size} bytes, packed {packedSize}: the aggregation's updates should have left room");
        }
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0 AND size > 0") - 600 - 3);
        var again = await _fx.IndexAsync(rules: NoRules, settings: new IndexerSettings { DiscoveryWorkers = 2, CompactAfterNewEntries = compactAfter });
        Assert.Equal(0, again.Stats.RowsWritten);
    }

    [Fact]
    public async Task A_file_that_became_a_folder_is_replaced()
    {
        _fx.File("thing", "file");
        await _fx.IndexAsync(rules: NoRules);
        System.IO.File.Delete(Path.Combine(_fx.Root, "thing"));
        _fx.File("thing/inside.txt", "now a folder");
        var result = await _fx.IndexAsync(rules: NoRules);
        var entries = _fx.Entries();
        Assert.Equal(EntryKind.Directory, entries[Path.Combine(_fx.Root, "thing")].Kind);
        Assert.True(entries.ContainsKey(Path.Combine(_fx.Root, "thing", "inside.txt")));
        Assert.Equal(1, result.Stats.Deleted);
    }

    [Fact]
    public async Task Content_mode_links_content_identities_and_counts_copies()
    {
        GenerateTree();
        var result = await _fx.IndexAsync(IndexMode.Content, NoRules);
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0 AND size > 0 AND content_id IS NULL"));
        Assert.Equal(2, _fx.Scalar("SELECT c.entry_count FROM entries e JOIN content_identities c ON c.id = e.content_id WHERE e.name = 'dup1.txt'"));
        Assert.Equal(_fx.Scalar("SELECT content_id FROM entries WHERE name = 'dup1.txt'"), _fx.Scalar("SELECT content_id FROM entries WHERE name = 'dup2.txt'"));
        Assert.Equal(result.Stats.ContentLinked, _fx.Scalar("SELECT SUM(entry_count) FROM content_identities"));
        // The hash is Spacedrive's: BLAKE3(size u64 LE ‖ content)[..8] for small files.
        var bytes = System.Text.Encoding.UTF8.GetBytes("same content");
        var input = new byte[8 + bytes.Length];
        BitConverter.TryWriteBytes(input, (ulong)bytes.Length);
        bytes.CopyTo(input, 8);
        var expected = Convert.ToHexStringLower(Spacedrive.Runtime.Hashing.Blake3.Hash(input)[..8]);
        Assert.Equal(1, _fx.Scalar($"SELECT COUNT(*) FROM content_identities WHERE content_hash = '{expected}'"));
    }

    [Fact]
    public async Task Shallow_mode_identifies_no_content_and_deep_mode_queues_analysis()
    {
        GenerateTree();
        var shallow = await _fx.IndexAsync(IndexMode.Shallow, NoRules);
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM content_identities"));
        Assert.Equal(0, shallow.Stats.ContentHashed);
        var deep = await _fx.IndexAsync(IndexMode.Deep, NoRules, identifier: new FakeIdentifier());
        Assert.True(deep.Stats.ContentLinked > 100);
        Assert.Equal(_fx.Scalar("SELECT COUNT(*) FROM entries WHERE extension = 'txt' AND content_id IS NOT NULL"), deep.AnalysisQueue.Count);
        Assert.All(deep.AnalysisQueue, item => Assert.Equal("text", item.Kind));
    }

    [Fact]
    public async Task Scope_current_lists_one_level_and_keeps_what_is_below()
    {
        GenerateTree();
        await _fx.IndexAsync(rules: NoRules);
        var all = _fx.Entries().Count;
        _fx.File("d0/late.txt", "late");
        var result = await _fx.IndexAsync(rules: NoRules, settings: new IndexerSettings(), observer: null);
        Assert.Equal(all + 1, _fx.Entries().Count);
        System.IO.File.Delete(Path.Combine(_fx.Root, "d0", "late.txt"));
        var current = await new IndexerEngine(_fx.Db, _fx.Request(IndexMode.Shallow, NoRules, IndexScope.Current)).RunAsync();
        Assert.Equal(0, current.Stats.Deleted);
        Assert.Equal(all + 1, _fx.Entries().Count);
        Assert.Equal(Directory.EnumerateFileSystemEntries(_fx.Root).Count(), current.Stats.Files + current.Stats.Directories - 1);
        Assert.Equal(1, current.Stats.Modified); // d0 lost late.txt: its mtime changed
        Assert.Equal(0, result.Stats.Deleted);
    }

    [Fact]
    public async Task Progress_and_checkpoints_are_reported_and_serializable()
    {
        GenerateTree();
        var observer = new RecordingObserver();
        await _fx.IndexAsync(IndexMode.Content, NoRules, IndexFixture.SmallBatches with { ProgressInterval = TimeSpan.Zero }, observer);
        Assert.Contains(observer.Checkpoints, c => c.Phase == IndexPhase.Processing);
        Assert.Contains(observer.Checkpoints, c => c.Phase == IndexPhase.Content && c.ContentCursor > 0);
        Assert.Equal(IndexPhase.Complete, observer.Checkpoints[^1].Phase);
        Assert.Contains(observer.Progress, p => p.Phase == IndexPhase.Processing && p.CurrentPath is not null);
        Assert.Contains(observer.Progress, p => p.Phase == IndexPhase.Content && p.Total > 0);
        var json = JsonSerializer.Serialize(observer.Checkpoints[3]);
        var back = JsonSerializer.Deserialize<IndexerCheckpoint>(json)!;
        Assert.Equal(observer.Checkpoints[3].Phase, back.Phase);
        Assert.Equal(observer.Checkpoints[3].Stats, back.Stats);
        Assert.Equal(observer.Checkpoints[3].Request with { Rules = null }, back.Request with { Rules = null });
        Assert.Contains("\"Phase\":\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(12)]
    [InlineData(25)]
    public async Task An_interrupted_run_resumed_from_its_checkpoint_ends_as_an_uninterrupted_one(int stopAfterCheckpoints)
    {
        GenerateTree();
        var reference = new IndexFixture();
        try
        {
            CopyTree(_fx.Root, reference.Root);
            await reference.IndexAsync(IndexMode.Deep, identifier: new FakeIdentifier());

            var resumes = 0;
            IndexerCheckpoint? last = null;
            while (true)
            {
                using var cts = new CancellationTokenSource();
                var seen = 0;
                var observer = new RecordingObserver
                {
                    OnEach = c =>
                    {
                        last = c;
                        if (++seen == stopAfterCheckpoints)
                        {
                            cts.Cancel();
                        }
                    },
                };
                try
                {
                    var result = await _fx.IndexAsync(IndexMode.Deep, settings: IndexFixture.SmallBatches, observer: observer, resume: last,
                        identifier: new FakeIdentifier(), ct: cts.Token);
                    Assert.Equal(reference.Scalar("SELECT COUNT(*) FROM entries WHERE content_id IS NOT NULL AND extension = 'txt'"), result.AnalysisQueue.Count);
                    break;
                }
                catch (OperationCanceledException)
                {
                    resumes++;
                    Assert.True(resumes < 200, "no progress");
                    // Round-trip the checkpoint as a job would persist it.
                    last = JsonSerializer.Deserialize<IndexerCheckpoint>(JsonSerializer.Serialize(last));
                }
            }
            Assert.True(resumes > 0);
            Assert.Equal(Normalize(reference.Dump(), reference.Root, withInodes: false), Normalize(_fx.Dump(), _fx.Root, withInodes: false));
        }
        finally
        {
            reference.Dispose();
        }
    }

    internal static string Normalize(string dump, string root, bool withInodes)
    {
        var lines = dump.Replace(root, "<root>", StringComparison.Ordinal).Split('\n');
        return string.Join('\n', lines.Select(line =>
        {
            var cells = line.Split('|');
            if (cells.Length < 12)
            {
                return line;
            }
            if (!withInodes)
            {
                cells[8] = "";
                cells[9] = "";
                cells[12] = "";
            }
            if (cells[3] == "1")
            {
                cells[10] = ""; // folder mtimes differ between two copies
            }
            else if (long.TryParse(cells[10], out var ns))
            {
                cells[10] = (ns / 100).ToString(System.Globalization.CultureInfo.InvariantCulture); // the copy's mtime is set by .NET: 100 ns units
            }
            return string.Join('|', cells);
        }));
    }

    internal static void CopyTree(string from, string to)
    {
        foreach (var dir in Directory.EnumerateDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(to + dir[from.Length..]);
        }
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var target = to + file[from.Length..];
            System.IO.File.Copy(file, target);
            System.IO.File.SetLastWriteTimeUtc(target, System.IO.File.GetLastWriteTimeUtc(file));
        }
    }
}

/// <summary>Identifies content by hashing like the real one, and says .txt is a document-ish text (kind 4).</summary>
public sealed class FakeIdentifier : IContentIdentifier
{
    public ContentIdentification Identify(string path, string name, long expectedSize)
    {
        var real = SampledContentIdentifier.Instance.Identify(path, name, expectedSize);
        return real with { Kind = name.EndsWith(".txt", StringComparison.Ordinal) ? 4 : 16, Mime = "application/x-test" };
    }
}
