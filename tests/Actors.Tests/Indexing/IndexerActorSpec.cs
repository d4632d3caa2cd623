using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Actors.Tests.Indexing;

public sealed class IndexerActorSpec : TestKit, IDisposable
{
    private readonly IndexFixture _fx = new();

    void IDisposable.Dispose()
    {
        Shutdown();
        _fx.Dispose();
    }

    private void Tree(int folders = 20, int files = 10)
    {
        for (var d = 0; d < folders; d++)
        {
            for (var f = 0; f < files; f++)
            {
                _fx.File($"d{d}/f{f}.txt", $"{d}-{f}");
            }
        }
    }

    [Fact]
    public async Task A_run_goes_through_its_phase_actors_and_reports_checkpoints_then_completion()
    {
        Tree();
        var indexer = ActorOf(IndexerActor.Props(_fx.Db, IndexFixture.SmallBatches));
        indexer.Tell(new StartIndexing(_fx.Request(IndexMode.Deep, new RuleToggles { NoDefaultRules = true })), TestActor);
        var checkpoints = new List<IndexerCheckpoint>();
        var completed = await FishForMessageAsync<object>(m =>
        {
            if (m is IndexingCheckpoint c)
            {
                checkpoints.Add(c.Checkpoint);
            }
            return m is IndexingCompleted or IndexingFailed;
        }, TimeSpan.FromSeconds(20));
        var result = Assert.IsType<IndexingCompleted>(completed).Result;
        Assert.Equal(200, result.Stats.Files);
        Assert.Equal(200, result.Stats.ContentLinked);
        Assert.Contains(checkpoints, c => c.Phase == IndexPhase.Content);
        Assert.Equal(IndexPhase.Complete, checkpoints[^1].Phase);

        // Idle again: a second run of the unchanged tree writes nothing.
        indexer.Tell(new StartIndexing(_fx.Request(IndexMode.Content, new RuleToggles { NoDefaultRules = true })), TestActor);
        var again = await FishForMessageAsync<object>(m => m is IndexingCompleted or IndexingFailed, TimeSpan.FromSeconds(20));
        Assert.Equal(0, Assert.IsType<IndexingCompleted>(again).Result.Stats.RowsWritten);
    }

    [Fact]
    public async Task A_cancelled_run_hands_back_its_checkpoint_and_resumes_from_it()
    {
        Tree(30, 20);
        var indexer = ActorOf(IndexerActor.Props(_fx.Db, IndexFixture.SmallBatches));
        indexer.Tell(new StartIndexing(_fx.Request(IndexMode.Content)), TestActor);
        await FishForMessageAsync<object>(m => m is IndexingCheckpoint { Checkpoint.Phase: IndexPhase.Content }, TimeSpan.FromSeconds(20));
        indexer.Tell(new CancelIndexing(), TestActor);
        var cancelled = await FishForMessageAsync<object>(m => m is IndexingCancelled or IndexingCompleted, TimeSpan.FromSeconds(20));
        var checkpoint = cancelled is IndexingCancelled c ? c.LastCheckpoint : null;
        indexer.Tell(new StartIndexing(_fx.Request(IndexMode.Content), checkpoint), TestActor);
        var done = await FishForMessageAsync<object>(m => m is IndexingCompleted or IndexingFailed, TimeSpan.FromSeconds(20));
        Assert.IsType<IndexingCompleted>(done);
        Assert.Equal(0, _fx.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0 AND size > 0 AND content_id IS NULL"));
        Assert.Equal(600, _fx.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0"));
    }

    [Fact]
    public async Task A_missing_root_fails_the_run_and_the_indexer_stays_usable()
    {
        var indexer = ActorOf(IndexerActor.Props(_fx.Db));
        var missing = _fx.Request() with { Path = Path.Combine(_fx.Base, "nope") };
        indexer.Tell(new StartIndexing(missing), TestActor);
        var failed = await FishForMessageAsync<object>(m => m is IndexingFailed or IndexingCompleted, TimeSpan.FromSeconds(20));
        Assert.Contains("nope", Assert.IsType<IndexingFailed>(failed).Reason, StringComparison.Ordinal);
        _fx.File("a.txt", "a");
        indexer.Tell(new StartIndexing(_fx.Request()), TestActor);
        var done = await FishForMessageAsync<object>(m => m is IndexingFailed or IndexingCompleted, TimeSpan.FromSeconds(20));
        Assert.Equal(1, Assert.IsType<IndexingCompleted>(done).Result.Stats.Files);
    }
}
