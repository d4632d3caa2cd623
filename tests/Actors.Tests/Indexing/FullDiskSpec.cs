using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Indexing;

namespace Spacedrive.Actors.Tests.Indexing;

/// <summary>
/// The library's disk fills up during an index. The seam is SQLite's own: PRAGMA max_page_count makes
/// the writer fail exactly as a full disk does (SQLITE_FULL, "database or disk is full"), on the real
/// write path, without mounting anything.
/// </summary>
public sealed class FullDiskSpec : IDisposable
{
    private readonly IndexFixture _fx = new();

    public void Dispose() => _fx.Dispose();

    private sealed class Checkpoints : IIndexerObserver
    {
        public IndexerCheckpoint? Last { get; private set; }

        public void OnProgress(IndexerProgress progress)
        {
        }

        public void OnCheckpoint(IndexerCheckpoint checkpoint) => Last = checkpoint;
    }

    private void MakeTree()
    {
        for (var d = 0; d < 20; d++)
        {
            for (var f = 0; f < 30; f++)
            {
                _fx.File($"folder-{d:D2}/a-rather-long-file-name-so-that-pages-fill-{f:D3}.txt", $"content {d} {f}");
            }
        }
    }

    [Fact]
    public async Task A_full_disk_fails_the_index_cleanly_and_the_run_resumes_once_there_is_room()
    {
        MakeTree();
        var pages = _fx.Scalar("PRAGMA page_count");
        _fx.Scalar($"PRAGMA max_page_count = {pages + 12}");
        var checkpoints = new Checkpoints();

        var failure = await Assert.ThrowsAsync<SqliteException>(() => _fx.IndexAsync(mode: IndexMode.Content, settings: IndexFixture.SmallBatches, observer: checkpoints));

        Assert.Equal(13, failure.SqliteErrorCode); // SQLITE_FULL: the real error, not a rollback's
        Assert.Equal("ok", QuickCheck());
        Assert.Equal(_fx.Scalar("SELECT COUNT(*) FROM entries"), _fx.Scalar("SELECT COUNT(*) FROM entries_fts"));
        var written = _fx.Scalar("SELECT COUNT(*) FROM entries");
        Assert.InRange(written, 1, 620);

        _fx.Scalar("PRAGMA max_page_count = 1073741823");
        var resumed = await _fx.IndexAsync(settings: IndexFixture.SmallBatches, resume: checkpoints.Last);

        Assert.Equal(621, _fx.Scalar("SELECT COUNT(*) FROM entries"));
        Assert.Equal(600, _fx.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0 AND content_id IS NOT NULL"));
        Assert.Equal(621, _fx.Scalar("SELECT COUNT(*) FROM entries_fts WHERE entries_fts MATCH 'fil' OR entries_fts MATCH 'old' OR entries_fts MATCH 'ree'"));
        Assert.Equal("ok", QuickCheck());
        Assert.Equal(0, resumed.Stats.Errors);
    }

    private string QuickCheck()
    {
        using var command = _fx.Db.Writer.CreateCommand();
        command.CommandText = "PRAGMA integrity_check";
        return (string)command.ExecuteScalar()!;
    }
}
