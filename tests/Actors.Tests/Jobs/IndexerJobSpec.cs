using Spacedrive.Actors.Indexing;
using Spacedrive.Actors.Jobs;
using Spacedrive.Actors.Tests.Indexing;
using Spacedrive.Actors.Tests.Support;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;
using Spacedrive.Runtime.TestKit;
using static Spacedrive.Actors.Tests.Jobs.JobsFixture;

namespace Spacedrive.Actors.Tests.Jobs;

/// <summary>The <c>indexer</c> job over the engine: run, pause, resume from the engine's checkpoint, warnings.</summary>
public sealed class IndexerJobSpec : TestKit, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly IndexFixture _index = new();
    private readonly TestProbe _events;

    public IndexerJobSpec()
    {
        _events = CreateTestProbe();
        Sys.EventStream.Subscribe<JobStateChanged>(_events.Ref);
        for (var d = 0; d < 5; d++)
        {
            for (var f = 0; f < 12; f++) _index.File($"d{d}/f{f}.txt", $"content {d} {f % 6}");
        }
    }

    public new void Dispose()
    {
        base.Dispose();
        _index.Dispose();
        _dir.Dispose();
    }

    private IActorRef Manager(SqlitePersistence journal, IndexerLibraryAccess access)
    {
        Sys.RegisterPersistence(journal.Journal, journal.SnapshotStore, PluginId);
        return Sys.ActorOf(JobManager.Props(LibraryId, PluginId, JobRegistry.CreateDefault(), Settings(), new JobServices().Add(access)), JobManager.Name);
    }

    private async Task<JobSummary> ExpectState(Guid id, string transition) =>
        (await _events.FishForMessageAsync<JobStateChanged>(e => e.Job.Id == id && e.Transition == transition, TimeSpan.FromSeconds(30),
            $"job {id} {transition}")).Job;

    private JobManager.EnqueueJob Enqueue() => new(IndexerJob.TypeName,
        IndexerJob.Definition.Serialize(new IndexerJobState(IndexerRequestSnapshot.Of(_index.Request(IndexMode.Content)), "tree")), null, null);

    [Fact]
    public async Task The_indexer_job_must_survive_a_pause_and_resume_and_index_everything_once()
    {
        using var journal = OpenJournal(_dir.Path);
        using var access = new IndexerLibraryAccess(_index.Db.FilePath, IndexFixture.SmallBatches, TimeSpan.FromMilliseconds(20));
        var manager = Manager(journal, access);
        var job = (await AskOk<JobControlReply>(manager, Enqueue())).Job;
        await ExpectState(job.Id, JobStateChanged.Started);
        var paused = await AskOk<JobControlReply>(manager, new PauseJob(null, job.Id.ToString()));
        Assert.Equal(JobStatus.Paused, paused.Job.Status);
        await AskOk<JobControlReply>(manager, new ResumeJob(null, job.Id.ToString()));
        await ExpectState(job.Id, JobStateChanged.Completed);

        var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, job.Id.ToString()));
        var stats = info.Detail.Output!.Value.GetProperty("stats");
        Assert.Equal(60, stats.GetProperty("files").GetInt64());
        Assert.Equal(60, _index.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0"));
        Assert.Equal(60, _index.Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0 AND content_id IS NOT NULL"));
        Assert.Equal(30, _index.Scalar("SELECT COUNT(*) FROM content_identities"));

        // Again: nothing changes.
        var again = (await AskOk<JobControlReply>(manager, Enqueue())).Job;
        await ExpectState(again.Id, JobStateChanged.Completed);
        var second = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, again.Id.ToString()));
        Assert.Equal(0, second.Detail.Output!.Value.GetProperty("changes").GetInt64());
    }

    [Fact]
    public async Task The_indexer_job_must_report_unreadable_folders_as_warnings_and_still_complete()
    {
        if (OperatingSystem.IsWindows() || Environment.UserName == "root") return; // root reads everything
        var locked = _index.Dir("locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        using var journal = OpenJournal(_dir.Path);
        using var access = new IndexerLibraryAccess(_index.Db.FilePath, IndexerSettings.Default);
        var manager = Manager(journal, access);
        var job = (await AskOk<JobControlReply>(manager, Enqueue())).Job;
        var done = await ExpectState(job.Id, JobStateChanged.Completed);
        Assert.True(done.Warnings >= 1);
    }
}
