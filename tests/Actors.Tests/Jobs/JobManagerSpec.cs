using Spacedrive.Actors.Jobs;
using Spacedrive.Actors.Libraries;
using Spacedrive.Actors.Tests.Support;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Runtime.TestKit;
using static Spacedrive.Actors.Tests.Jobs.JobsFixture;

namespace Spacedrive.Actors.Tests.Jobs;

public sealed class JobManagerSpec : TestKit, IDisposable
{
    private readonly TempDir _dir = new();
    private readonly Gate _gate = new();
    private readonly TestProbe _events;

    public JobManagerSpec()
    {
        _events = CreateTestProbe();
        Sys.EventStream.Subscribe<JobStateChanged>(_events.Ref);
    }

    private JobRegistry Registry(Gate? gate = null) =>
        new JobRegistry().Register(CountJob.Definition).Register(GatedCountJob.Definition(gate ?? _gate)).Register(ParentJob.Definition);

    private static JobManager.EnqueueJob Enqueue(string type, System.Text.Json.JsonElement state, int? priority = null) => new(type, state, priority, null);

    private async Task<JobSummary> ExpectState(Guid id, string transition) =>
        (await _events.FishForMessageAsync<JobStateChanged>(e => e.Job.Id == id && e.Transition == transition, TimeSpan.FromSeconds(20),
            $"job {id} {transition}")).Job;

    [Fact]
    public async Task JobManager_must_run_a_job_to_completion_with_exactly_once_output_and_history()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry());
        var output = _dir.File("count.txt");
        var queued = await AskOk<JobControlReply>(manager, Enqueue(CountJob.TypeName, Count(1000, output)));
        Assert.Equal(JobStatus.Queued, queued.Job.Status);

        var done = await ExpectState(queued.Job.Id, JobStateChanged.Completed);
        Assert.Equal(Expected(1000), Lines(output));
        Assert.Equal(1000, done.Progress!.Completed);
        Assert.NotNull(done.FinishedAt);

        var list = await AskOk<JobListReply>(manager, new ListJobs(null, JobStatus.Completed));
        Assert.Equal(queued.Job.Id, Assert.Single(list.Jobs).Id);
        var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, queued.Job.Id.ToString("N")[..8]));
        Assert.Equal(JobStatus.Completed, info.Detail.Job.Status);
        Assert.Contains(info.Detail.Log, l => l.Message == "Completed.");
        Assert.Equal(1000, info.Detail.Output!.Value.GetProperty("Items").GetInt64());
    }

    [Fact]
    public async Task JobManager_must_pause_a_running_job_at_a_checkpoint_and_resume_it_without_losing_or_repeating_items()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry());
        var output = _dir.File("gated.txt");
        var job = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(20, output)))).Job;
        await ExpectState(job.Id, JobStateChanged.Started);
        _gate.Permits.Release(5);
        await AwaitConditionAsync(() => Lines(output).Length == 5);

        var paused = await AskOk<JobControlReply>(manager, new PauseJob(null, job.Id.ToString()));
        Assert.Equal(JobStatus.Paused, paused.Job.Status);
        Assert.Equal(JobPauseReason.User, paused.Job.PausedBy);
        Assert.Equal(5, paused.Job.Progress!.Completed);
        Assert.Equal(1, paused.Job.Warnings);
        await AwaitConditionAsync(() => _gate.ActiveRuns == 0);
        Assert.Equal(Expected(5), Lines(output));
        Assert.Equal(1, (await AskOk<ActiveJobCount>(manager, GetActiveJobCount.Instance)).Count);

        var resumed = await AskOk<JobControlReply>(manager, new ResumeJob(null, job.Id.ToString()));
        Assert.Equal(JobStatus.Running, resumed.Job.Status);
        _gate.Open();
        await ExpectState(job.Id, JobStateChanged.Completed);
        Assert.Equal(Expected(20), Lines(output));
        var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, job.Id.ToString()));
        Assert.Equal(4, info.Detail.WarningMessages.Count);
        Assert.Contains(info.Detail.Log, l => l.Message == "Paused by the user.");
        Assert.Contains(info.Detail.Log, l => l.Message == "Resumed by the user.");
    }

    [Fact]
    public async Task JobManager_must_cancel_a_running_job_keep_it_in_history_and_clear_it_from_the_journal()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry());
        var job = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(10, _dir.File("c.txt"))))).Job;
        await ExpectState(job.Id, JobStateChanged.Started);
        _gate.Permits.Release(2);

        var cancelled = await AskOk<JobControlReply>(manager, new CancelJob(null, job.Id.ToString()));
        Assert.Equal(JobStatus.Cancelled, cancelled.Job.Status);
        var again = await manager.Ask<object>(new CancelJob(null, job.Id.ToString()), TimeSpan.FromSeconds(10));
        Assert.Equal(JobErrors.InvalidState, Assert.IsType<LibraryOperationFailed>(again).Code);
        Assert.Equal(0, (await AskOk<ActiveJobCount>(manager, GetActiveJobCount.Instance)).Count);

        var cleared = await AskOk<JobsCleared>(manager, new ClearJobs(null));
        Assert.Equal(1, cleared.Removed);
        Assert.Empty((await AskOk<JobListReply>(manager, new ListJobs(null))).Jobs);
        Assert.DoesNotContain(JobsPersistence.PersistenceIdOf(job.Id), await journal.Journal.CurrentPersistenceIdsAsync("job-"));
        var missing = await manager.Ask<object>(new GetJobInfo(null, job.Id.ToString()), TimeSpan.FromSeconds(10));
        Assert.Equal(JobErrors.NotFound, Assert.IsType<LibraryOperationFailed>(missing).Code);
    }

    [Fact]
    public async Task JobManager_must_let_a_cleared_job_type_remove_what_it_left_outside_the_journal()
    {
        using var journal = OpenJournal(_dir.Path);
        var leftovers = _dir.File("leftover.txt");
        var definition = new JobDefinition<CountJobState>("test.leaves-a-file", resumable: true, "Counts, leaves a file", "items",
            CountJob.Definition.StateType, () => new CountJob())
        {
            Forget = (_, id) => File.Delete(leftovers + "." + id.ToString("N")),
        };
        var manager = StartManager(Sys, journal, Registry().Register(definition));
        var job = (await AskOk<JobControlReply>(manager, Enqueue("test.leaves-a-file", Count(3, _dir.File("out.txt"))))).Job;
        File.WriteAllText(leftovers + "." + job.Id.ToString("N"), "manifest");
        await ExpectState(job.Id, JobStateChanged.Completed);
        var running = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(10, _dir.File("g.txt"))))).Job;
        await ExpectState(running.Id, JobStateChanged.Started);

        Assert.Equal(1, (await AskOk<JobsCleared>(manager, new ClearJobs(null))).Removed);
        Assert.False(File.Exists(leftovers + "." + job.Id.ToString("N")));
        _gate.Permits.Release(10);
        await ExpectState(running.Id, JobStateChanged.Completed);
    }

    [Fact]
    public async Task JobManager_must_cancel_a_queued_job_without_running_it()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry(), Settings(maxConcurrent: 1));
        var first = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("a.txt"))))).Job;
        var second = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("b.txt"))))).Job;
        await ExpectState(first.Id, JobStateChanged.Started);
        var cancelled = await AskOk<JobControlReply>(manager, new CancelJob(null, second.Id.ToString()));
        Assert.Equal(JobStatus.Cancelled, cancelled.Job.Status);
        Assert.Null(cancelled.Job.StartedAt);
        _gate.Open();
        await ExpectState(first.Id, JobStateChanged.Completed);
        Assert.False(File.Exists(_dir.File("b.txt")));
    }

    [Fact]
    public async Task JobManager_must_retry_a_failed_job_from_its_last_checkpoint()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry(), Settings(everyItems: 10));
        var output = _dir.File("retry.txt");
        var job = (await AskOk<JobControlReply>(manager, Enqueue(CountJob.TypeName, Count(100, output, failAt: 55)))).Job;
        var failed = await ExpectState(job.Id, JobStateChanged.Failed);
        Assert.Contains("item 55", failed.Error, StringComparison.Ordinal);

        var retried = await AskOk<JobControlReply>(manager, new RetryJob(null, job.Id.ToString()));
        Assert.Equal(JobStatus.Queued, retried.Job.Status);
        Assert.Equal(1, retried.Job.Attempt);
        await ExpectState(job.Id, JobStateChanged.Completed);
        Assert.Equal(Expected(100), Lines(output));
        var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, job.Id.ToString()));
        Assert.Contains(info.Detail.Log, l => l.Message.Contains("Resuming at item 50", StringComparison.Ordinal));
    }

    [Fact]
    public async Task JobManager_must_resume_a_job_from_its_checkpoint_after_the_actor_system_is_torn_down_mid_job()
    {
        var output = _dir.File("crash.txt");
        Guid id;
        var gate = new Gate();
        using (var journal = OpenJournal(_dir.Path))
        {
            var system = ActorSystem.Create("first");
            try
            {
                var manager = StartManager(system, journal, Registry(gate));
                id = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(30, output)))).Job.Id;
                gate.Permits.Release(8); // checkpoints after items 3 and 6; items 7 and 8 are written but not checkpointed
                await AwaitConditionAsync(() => Lines(output).Length == 8);
            }
            finally
            {
                // No shutdown pause: the journal still says "running", as after kill -9.
                await system.Terminate();
            }
            await AwaitConditionAsync(() => gate.ActiveRuns == 0);
        }

        using (var journal = OpenJournal(_dir.Path))
        {
            var system = ActorSystem.Create("second");
            try
            {
                var gate2 = new Gate();
                gate2.Open();
                var manager = StartManager(system, journal, Registry(gate2));
                await AwaitAssertAsync(async () =>
                {
                    var list = await AskOk<JobListReply>(manager, new ListJobs(null));
                    Assert.Equal(JobStatus.Completed, Assert.Single(list.Jobs).Status);
                }, TimeSpan.FromSeconds(20));
                Assert.Equal(Expected(30), Lines(output));
                var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, id.ToString()));
                Assert.Contains(info.Detail.Log, l => l.Message.StartsWith("Resumed from the last checkpoint", StringComparison.Ordinal));
            }
            finally
            {
                await system.Terminate();
            }
        }
    }

    [Fact]
    public async Task JobManager_must_resume_shutdown_paused_jobs_on_start_and_keep_user_paused_jobs_paused()
    {
        var gate = new Gate();
        Guid userPaused, shutdownPaused;
        using (var journal = OpenJournal(_dir.Path))
        {
            var system = ActorSystem.Create("first");
            try
            {
                var manager = StartManager(system, journal, Registry(gate));
                userPaused = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(10, _dir.File("user.txt"))))).Job.Id;
                shutdownPaused = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(10, _dir.File("shutdown.txt"))))).Job.Id;
                await AwaitAssertAsync(async () => Assert.Equal(2, (await AskOk<JobListReply>(manager, new ListJobs(null, JobStatus.Running))).Jobs.Count));
                await AskOk<JobControlReply>(manager, new PauseJob(null, userPaused.ToString()));
                gate.Permits.Release(4);
                await AwaitConditionAsync(() => Lines(_dir.File("shutdown.txt")).Length == 4);

                var paused = await AskOk<AllJobsPaused>(manager, PauseAllJobsForShutdown.Instance);
                Assert.Equal(1, paused.Count);
            }
            finally
            {
                await system.Terminate();
            }
            await AwaitConditionAsync(() => gate.ActiveRuns == 0);
        }

        using (var journal = OpenJournal(_dir.Path))
        {
            var system = ActorSystem.Create("second");
            try
            {
                var gate2 = new Gate();
                gate2.Open();
                var manager = StartManager(system, journal, Registry(gate2));
                await AwaitAssertAsync(async () =>
                {
                    var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, shutdownPaused.ToString()));
                    Assert.Equal(JobStatus.Completed, info.Detail.Job.Status);
                }, TimeSpan.FromSeconds(20));
                Assert.Equal(Expected(10), Lines(_dir.File("shutdown.txt")));
                var user = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, userPaused.ToString()));
                Assert.Equal(JobStatus.Paused, user.Detail.Job.Status);
                Assert.Equal(JobPauseReason.User, user.Detail.Job.PausedBy);
                Assert.Equal(1, (await AskOk<ActiveJobCount>(manager, GetActiveJobCount.Instance)).Count);
            }
            finally
            {
                await system.Terminate();
            }
        }
    }

    [Fact]
    public async Task JobManager_must_list_a_job_of_an_unknown_type_and_leave_it_alone()
    {
        var gate = new Gate();
        Guid id;
        using (var journal = OpenJournal(_dir.Path))
        {
            var system = ActorSystem.Create("newer");
            try
            {
                var newer = Registry(gate).Register(GatedCountJob.Definition(gate, "future.job"));
                var manager = StartManager(system, journal, newer);
                id = (await AskOk<JobControlReply>(manager, Enqueue("future.job", Gated(3, _dir.File("future.txt"))))).Job.Id;
                gate.Permits.Release(1);
                await AwaitConditionAsync(() => Lines(_dir.File("future.txt")).Length == 1);
            }
            finally
            {
                await system.Terminate();
            }
            await AwaitConditionAsync(() => gate.ActiveRuns == 0);
        }

        using (var journal = OpenJournal(_dir.Path))
        {
            var system = ActorSystem.Create("older");
            try
            {
                var manager = StartManager(system, journal, Registry(gate));
                var list = await AskOk<JobListReply>(manager, new ListJobs(null));
                var job = Assert.Single(list.Jobs);
                Assert.Equal(JobStatus.UnknownType, job.Status);
                Assert.Equal("future.job", job.Type);
                var resume = await manager.Ask<object>(new ResumeJob(null, id.ToString()), TimeSpan.FromSeconds(10));
                Assert.Equal(JobErrors.UnknownType, Assert.IsType<LibraryOperationFailed>(resume).Code);
                Assert.Equal(0, (await AskOk<JobsCleared>(manager, new ClearJobs(null))).Removed);
                Assert.Contains(JobsPersistence.PersistenceIdOf(id), await journal.Journal.CurrentPersistenceIdsAsync("job-"));
            }
            finally
            {
                await system.Terminate();
            }
        }

        using (var journal = OpenJournal(_dir.Path))
        {
            // The newer build again: the job was left intact and finishes.
            var system = ActorSystem.Create("newer-again");
            try
            {
                var gate3 = new Gate();
                gate3.Open();
                var manager = StartManager(system, journal, Registry(gate3).Register(GatedCountJob.Definition(gate3, "future.job")));
                await AwaitAssertAsync(async () =>
                    Assert.Equal(JobStatus.Completed, Assert.Single((await AskOk<JobListReply>(manager, new ListJobs(null))).Jobs).Status),
                    TimeSpan.FromSeconds(20));
                Assert.Equal(Expected(3), Lines(_dir.File("future.txt")));
            }
            finally
            {
                await system.Terminate();
            }
        }
    }

    [Fact]
    public async Task JobManager_must_start_queued_jobs_by_priority_within_the_concurrency_limit()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry(), Settings(maxConcurrent: 1));
        var a = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("a.txt"))))).Job;
        await ExpectState(a.Id, JobStateChanged.Started);
        var b = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("b.txt"))))).Job;
        var c = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("c.txt")), priority: 5))).Job;
        Assert.Equal(2, (await AskOk<JobListReply>(manager, new ListJobs(null, JobStatus.Queued))).Jobs.Count);
        _gate.Open();

        var started = new List<Guid>();
        while (started.Count < 2)
        {
            var e = await _events.ExpectMsgAsync<JobStateChanged>(TimeSpan.FromSeconds(20));
            if (e.Transition == JobStateChanged.Started) started.Add(e.Job.Id);
        }
        Assert.Equal([c.Id, b.Id], started);
    }

    [Fact]
    public async Task JobManager_must_queue_a_resumed_job_while_every_slot_is_taken()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry(), Settings(maxConcurrent: 1));
        var a = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("a.txt"))))).Job;
        await ExpectState(a.Id, JobStateChanged.Started);
        var b = (await AskOk<JobControlReply>(manager, Enqueue(GatedCountJob.TypeName, Gated(1, _dir.File("b.txt"))))).Job;
        Assert.Equal(JobStatus.Paused, (await AskOk<JobControlReply>(manager, new PauseJob(null, b.Id.ToString()))).Job.Status);

        var resumed = (await AskOk<JobControlReply>(manager, new ResumeJob(null, b.Id.ToString()))).Job;
        Assert.Equal(JobStatus.Queued, resumed.Status);
        Assert.Equal([a.Id], (await AskOk<JobListReply>(manager, new ListJobs(null, JobStatus.Running))).Jobs.Select(j => j.Id));

        _gate.Open();
        await AwaitAssertAsync(async () =>
            Assert.Equal(JobStatus.Completed, (await AskOk<JobInfoReply>(manager, new GetJobInfo(null, b.Id.ToString()))).Detail.Job.Status),
            TimeSpan.FromSeconds(20));
        Assert.Equal(Expected(1), Lines(_dir.File("b.txt")));
    }

    [Fact]
    public async Task JobManager_must_link_a_child_job_to_its_parent()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry());
        var state = System.Text.Json.JsonSerializer.SerializeToElement(new ParentState(_dir.File("child.txt"), 7), TestJobsJsonContext.Default.ParentState);
        var parent = (await AskOk<JobControlReply>(manager, Enqueue(ParentJob.TypeName, state))).Job;
        JobSummary? child = null;
        var parentDone = false;
        while (child is null || !parentDone)
        {
            var e = await _events.ExpectMsgAsync<JobStateChanged>(TimeSpan.FromSeconds(20));
            if (e.Transition != JobStateChanged.Completed) continue;
            if (e.Job.Id == parent.Id) parentDone = true;
            else if (e.Job.ParentId == parent.Id) child = e.Job;
        }
        Assert.Equal(Expected(7), Lines(_dir.File("child.txt")));
        var info = await AskOk<JobInfoReply>(manager, new GetJobInfo(null, parent.Id.ToString()));
        Assert.Equal([child.Id], info.Detail.Children);
    }

    [Fact]
    public async Task JobManager_must_answer_for_every_passivated_job_even_when_it_stopped_while_the_index_was_being_written()
    {
        // Jobs finish (and passivate) while the manager is persisting other jobs' reports: a job actor's death
        // notification that reached the manager mid-persist was dropped when the manager unstashed it, so the job
        // stayed "stopping" and every later request for it waited forever.
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry(), Settings(maxConcurrent: 4));
        var ids = new List<Guid>();
        for (var i = 0; i < 24; i++)
            ids.Add((await AskOk<JobControlReply>(manager, Enqueue(CountJob.TypeName, Count(2, _dir.File($"p{i}.txt"))))).Job.Id);
        await AwaitAssertAsync(async () =>
            Assert.Equal(24, (await AskOk<JobListReply>(manager, new ListJobs(null, JobStatus.Completed))).Jobs.Count), TimeSpan.FromSeconds(20));
        for (var round = 0; round < 3; round++)
        {
            var infos = await Task.WhenAll(ids.Select(id => AskOk<JobInfoReply>(manager, new GetJobInfo(null, id.ToString()))));
            Assert.All(infos, info => Assert.Equal(JobStatus.Completed, info.Detail.Job.Status));
        }
    }

    [Fact]
    public async Task JobManager_must_find_its_history_from_the_index_snapshot_after_a_restart()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry(), Settings(maxConcurrent: 4));
        var ids = new List<Guid>();
        for (var i = 0; i < 12; i++)
            ids.Add((await AskOk<JobControlReply>(manager, Enqueue(CountJob.TypeName, Count(3, _dir.File($"h{i}.txt"))))).Job.Id);
        await AwaitAssertAsync(async () =>
            Assert.Equal(12, (await AskOk<JobListReply>(manager, new ListJobs(null, JobStatus.Completed))).Jobs.Count), TimeSpan.FromSeconds(20));
        Watch(manager);
        Sys.Stop(manager);
        ExpectTerminated(manager);

        var again = StartManager(Sys, journal, Registry(), name: "jobs-again");
        var list = await AskOk<JobListReply>(again, new ListJobs(null));
        Assert.Equal(ids.Order(), list.Jobs.Select(j => j.Id).Order());
        Assert.All(list.Jobs, j => Assert.Equal(JobStatus.Completed, j.Status));
        // Index events older than its latest snapshot were deleted: start-up reads the snapshot and a few events.
        var remaining = 0;
        await journal.Journal.ReplayAsync(JobsPersistence.IndexPersistenceId, 0, long.MaxValue, long.MaxValue, _ => remaining++);
        Assert.True(remaining < 12 * 3, $"{remaining} index events left");
    }

    [Fact]
    public async Task JobManager_must_refuse_unknown_job_types_and_invalid_states()
    {
        using var journal = OpenJournal(_dir.Path);
        var manager = StartManager(Sys, journal, Registry());
        var unknown = await manager.Ask<object>(Enqueue("no.such.type", Count(1, _dir.File("x.txt"))), TimeSpan.FromSeconds(10));
        Assert.Equal(JobErrors.UnknownType, Assert.IsType<LibraryOperationFailed>(unknown).Code);
        var invalid = await manager.Ask<object>(Enqueue(CountJob.TypeName, Count(1, "relative.txt")), TimeSpan.FromSeconds(10));
        Assert.Equal(JobErrors.InvalidArguments, Assert.IsType<LibraryOperationFailed>(invalid).Code);
    }

    public new void Dispose()
    {
        base.Dispose();
        _dir.Dispose();
    }
}
