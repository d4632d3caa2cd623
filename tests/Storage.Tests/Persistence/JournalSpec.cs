using Spacedrive.Runtime.Persistence;

namespace Spacedrive.Storage.Tests.Persistence;

/// <summary>The journal and snapshot store under test, opened over one storage location.</summary>
public sealed record PersistenceUnderTest(IJournal Journal, IReadJournal Query, ISnapshotStore Snapshots, IAsyncDisposable? Owner = null);

/// <summary>
/// The contract every journal and snapshot store meets, after Akka.Persistence.TCK's JournalSpec and
/// SnapshotStoreSpec (same test names where they exist). Each implementation derives once.
/// </summary>
public abstract class JournalSpec : IAsyncLifetime
{
    protected const string Pid = "p-1";

    private readonly List<IAsyncDisposable> _owners = [];

    protected PersistenceUnderTest Sut { get; private set; } = null!;
    protected IJournal Journal => Sut.Journal;
    protected IReadJournal Query => Sut.Query;
    protected ISnapshotStore Snapshots => Sut.Snapshots;

    /// <summary>Opens the storage of this test (the same storage each time it is called), with <paramref name="registry"/>.</summary>
    protected abstract PersistenceUnderTest Open(PersistenceSerializerRegistry registry);

    public virtual async Task InitializeAsync()
    {
        Sut = Open(TestRegistry.Create());
        Track(Sut);
        await WriteMessagesAsync(Pid, 1, 5);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var owner in _owners)
        {
            await owner.DisposeAsync();
        }
    }

    /// <summary>Closes the current instance (if the implementation needs it) and opens the storage again.</summary>
    protected async Task<PersistenceUnderTest> ReopenAsync(PersistenceSerializerRegistry? registry = null)
    {
        if (Sut.Owner is { } owner)
        {
            await owner.DisposeAsync();
            _owners.Remove(owner);
        }

        Sut = Open(registry ?? TestRegistry.Create());
        Track(Sut);
        return Sut;
    }

    protected static PersistentRepr Repr(string pid, long seq, object payload, params string[] tags) =>
        new(pid, seq, payload, WriterUuid: "writer-1", Tags: tags);

    protected async Task WriteMessagesAsync(string pid, long from, long to)
    {
        var writes = new List<AtomicWrite>();
        for (var seq = from; seq <= to; seq++)
        {
            writes.Add(new AtomicWrite(Repr(pid, seq, new Evt($"a-{seq}"))));
        }

        var results = await Journal.WriteAsync(writes);
        Assert.All(results, Assert.Null);
    }

    protected async Task<List<PersistentRepr>> ReplayAsync(string pid, long from = 0, long to = long.MaxValue, long max = long.MaxValue)
    {
        var replayed = new List<PersistentRepr>();
        await Journal.ReplayAsync(pid, from, to, max, replayed.Add);
        return replayed;
    }

    private static long[] Seqs(IEnumerable<PersistentRepr> reprs) => [.. reprs.Select(r => r.SequenceNr)];

    private void Track(PersistenceUnderTest sut)
    {
        if (sut.Owner is { } owner)
        {
            _owners.Add(owner);
        }
    }

    // ---- replay ----

    [Fact]
    public async Task Journal_should_replay_all_messages()
    {
        var replayed = await ReplayAsync(Pid);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, Seqs(replayed));
        Assert.Equal(["a-1", "a-2", "a-3", "a-4", "a-5"], replayed.Select(r => ((Evt)r.Payload).Text));
    }

    [Fact]
    public async Task Journal_should_replay_messages_using_a_lower_sequence_number_bound() =>
        Assert.Equal(new long[] { 3, 4, 5 }, Seqs(await ReplayAsync(Pid, from: 3)));

    [Fact]
    public async Task Journal_should_replay_messages_using_an_upper_sequence_number_bound() =>
        Assert.Equal(new long[] { 1, 2, 3 }, Seqs(await ReplayAsync(Pid, to: 3)));

    [Fact]
    public async Task Journal_should_replay_messages_using_a_count_limit() =>
        Assert.Equal(new long[] { 1, 2, 3 }, Seqs(await ReplayAsync(Pid, max: 3)));

    [Fact]
    public async Task Journal_should_replay_messages_using_a_lower_and_upper_sequence_number_bound() =>
        Assert.Equal(new long[] { 2, 3 }, Seqs(await ReplayAsync(Pid, from: 2, to: 3)));

    [Fact]
    public async Task Journal_should_replay_messages_using_a_count_limit_and_bounds() =>
        Assert.Equal(new long[] { 2, 3 }, Seqs(await ReplayAsync(Pid, from: 2, to: 5, max: 2)));

    [Fact]
    public async Task Journal_should_replay_a_single_message_if_count_limit_equals_1() =>
        Assert.Equal(new long[] { 1 }, Seqs(await ReplayAsync(Pid, max: 1)));

    [Fact]
    public async Task Journal_should_not_replay_messages_if_count_limit_equals_0() =>
        Assert.Empty(await ReplayAsync(Pid, max: 0));

    [Fact]
    public async Task Journal_should_not_replay_messages_if_lower_sequence_bound_is_greater_than_upper_sequence_bound() =>
        Assert.Empty(await ReplayAsync(Pid, from: 3, to: 2));

    [Fact]
    public async Task Journal_should_not_replay_messages_if_the_persistent_actor_has_not_yet_written_messages()
    {
        Assert.Empty(await ReplayAsync("never-wrote"));
        Assert.Equal(0, await Journal.ReadHighestSequenceNrAsync("never-wrote"));
    }

    [Fact]
    public async Task Journal_should_replay_every_field_of_a_message()
    {
        var results = await Journal.WriteAsync([new AtomicWrite(new PersistentRepr("fields", 1, new Tagged(new Evt("x"), "t1", "t2"), WriterUuid: "w-42", Timestamp: 123_456))]);
        Assert.Null(results[0]);
        var replayed = Assert.Single(await ReplayAsync("fields"));
        Assert.Equal(new Evt("x"), replayed.Payload);
        Assert.Equal(TestRegistry.EvtManifest, replayed.Manifest);
        Assert.Equal("w-42", replayed.WriterUuid);
        Assert.Equal(123_456, replayed.Timestamp);
        Assert.False(replayed.IsDeleted);
        Assert.Equal(["t1", "t2"], replayed.Tags.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Journal_should_stamp_messages_written_without_timestamp()
    {
        var before = DateTime.UtcNow.Ticks;
        var replayed = await ReplayAsync(Pid, max: 1);
        Assert.InRange(replayed[0].Timestamp, before - TimeSpan.FromMinutes(10).Ticks, DateTime.UtcNow.Ticks);
    }

    // ---- highest sequence number and deletion ----

    [Fact]
    public async Task Journal_should_return_the_highest_sequence_number() =>
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid));

    [Fact]
    public async Task Journal_should_not_replay_permanently_deleted_messages_on_range_deletion()
    {
        await Journal.DeleteMessagesToAsync(Pid, 3);
        Assert.Equal(new long[] { 4, 5 }, Seqs(await ReplayAsync(Pid)));
        Assert.Equal(new long[] { 4 }, Seqs(await ReplayAsync(Pid, to: 4)));
    }

    [Fact]
    public async Task Journal_should_not_reset_HighestSequenceNr_after_message_deletion()
    {
        await Journal.DeleteMessagesToAsync(Pid, 3);
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid));
    }

    [Fact]
    public async Task Journal_should_not_reset_HighestSequenceNr_after_journal_cleanup()
    {
        await Journal.DeleteMessagesToAsync(Pid, long.MaxValue);
        Assert.Empty(await ReplayAsync(Pid));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid));
        await ReopenAsync();
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid));
        await WriteMessagesAsync(Pid, 6, 6);
        Assert.Equal(new long[] { 6 }, Seqs(await ReplayAsync(Pid)));
        Assert.Equal(6, await Journal.ReadHighestSequenceNrAsync(Pid));
    }

    [Fact]
    public async Task Journal_should_keep_deleting_after_a_first_deletion()
    {
        await Journal.DeleteMessagesToAsync(Pid, 2);
        await Journal.DeleteMessagesToAsync(Pid, 4);
        Assert.Equal(new long[] { 5 }, Seqs(await ReplayAsync(Pid)));
        await Journal.DeleteMessagesToAsync(Pid, 1);
        Assert.Equal(new long[] { 5 }, Seqs(await ReplayAsync(Pid)));
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid));
    }

    // ---- atomic writes and rejections ----

    [Fact]
    public async Task Journal_should_store_an_atomic_write_all_or_nothing()
    {
        var ok = new AtomicWrite([Repr("other", 1, new Evt("o1")), Repr("other", 2, new Evt("o2"))]);
        var conflicting = new AtomicWrite([Repr(Pid, 5, new Evt("dup")), Repr(Pid, 6, new Evt("new"))]);
        var results = await Journal.WriteAsync([conflicting, ok]);

        var conflict = Assert.IsType<SequenceNumberConflictException>(results[0]);
        Assert.Equal(Pid, conflict.PersistenceId);
        Assert.Null(results[1]);
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, Seqs(await ReplayAsync(Pid)));
        Assert.Equal("a-5", ((Evt)(await ReplayAsync(Pid, from: 5))[0].Payload).Text);
        Assert.Equal(5, await Journal.ReadHighestSequenceNrAsync(Pid));
        Assert.Equal(new long[] { 1, 2 }, Seqs(await ReplayAsync("other")));
    }

    [Fact]
    public async Task Journal_should_reject_an_unregistered_payload_type_without_failing_other_writes()
    {
        var results = await Journal.WriteAsync([
            new AtomicWrite([Repr("rejected", 1, new Evt("fine")), Repr("rejected", 2, new NotRegistered(1))]),
            new AtomicWrite(Repr("accepted", 1, new Counter(1)))]);

        var rejected = Assert.IsType<EventRejectedException>(results[0]);
        Assert.Contains(nameof(NotRegistered), rejected.Message, StringComparison.Ordinal);
        Assert.Null(results[1]);
        Assert.Empty(await ReplayAsync("rejected"));
        Assert.Equal(new Counter(1), (await ReplayAsync("accepted"))[0].Payload);
    }

    [Fact]
    public async Task Journal_should_fail_replay_loudly_on_an_unknown_manifest()
    {
        await ReopenAsync(TestRegistry.WithoutEvt());
        var error = await Assert.ThrowsAsync<UnknownManifestException>(() => ReplayAsync(Pid));
        Assert.Equal(TestRegistry.EvtManifest, error.Manifest);
        Assert.Equal(Pid, error.PersistenceId);
        Assert.Equal(1, error.SequenceNr);
        Assert.Contains(TestRegistry.EvtManifest, error.Message, StringComparison.Ordinal);
        Assert.Contains(Pid, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Journal_should_acknowledge_concurrent_writes_from_many_writers_and_keep_them_after_reopening()
    {
        const int writers = 40, eventsEach = 25;
        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var seq = 1; seq <= eventsEach; seq++)
            {
                var result = await Journal.WriteAsync([new AtomicWrite(Repr($"w-{w}", seq, new Counter(seq)))]);
                Assert.Null(result[0]);
            }
        })));

        await ReopenAsync();
        for (var w = 0; w < writers; w++)
        {
            var replayed = await ReplayAsync($"w-{w}");
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(i => (long)i), Seqs(replayed));
            Assert.Equal(Enumerable.Range(1, eventsEach).Select(i => new Counter(i)), replayed.Select(r => (Counter)r.Payload));
        }
    }

    [Fact]
    public async Task Journal_should_keep_messages_after_reopening()
    {
        await ReopenAsync();
        Assert.Equal(new long[] { 1, 2, 3, 4, 5 }, Seqs(await ReplayAsync(Pid)));
    }

    // ---- queries ----

    [Fact]
    public async Task CurrentPersistenceIds_should_deliver_each_persistence_id_once()
    {
        await WriteMessagesAsync("job-b", 1, 3);
        await WriteMessagesAsync("job-a", 1, 2);
        Assert.Equal(["job-a", "job-b", Pid], await Query.CurrentPersistenceIdsAsync());
    }

    [Fact]
    public async Task CurrentPersistenceIds_should_filter_by_prefix()
    {
        await WriteMessagesAsync("job-b", 1, 1);
        await WriteMessagesAsync("job-a", 1, 1);
        await WriteMessagesAsync("job", 1, 1);
        await WriteMessagesAsync("jobs-x", 1, 1);
        await WriteMessagesAsync("jo", 1, 1);
        Assert.Equal(["job-a", "job-b"], await Query.CurrentPersistenceIdsAsync("job-"));
        Assert.Equal(["job", "job-a", "job-b", "jobs-x"], await Query.CurrentPersistenceIdsAsync("job"));
        Assert.Empty(await Query.CurrentPersistenceIdsAsync("zz"));
    }

    [Fact]
    public async Task CurrentPersistenceIds_should_omit_ids_whose_events_are_all_deleted()
    {
        await WriteMessagesAsync("job-gone", 1, 2);
        await Journal.DeleteMessagesToAsync("job-gone", 2);
        Assert.Equal([Pid], await Query.CurrentPersistenceIdsAsync());
    }

    [Fact]
    public async Task CurrentEventsByTag_should_find_events_by_tag_in_offset_order()
    {
        var results = await Journal.WriteAsync([
            new AtomicWrite(Repr("job-1", 1, new Evt("queued-1"), "unfinished")),
            new AtomicWrite(Repr("job-2", 1, new Evt("queued-2"), "unfinished", "copy")),
            new AtomicWrite(Repr("job-1", 2, new Evt("done-1"), "finished")),
            new AtomicWrite(Repr("job-3", 1, new Tagged(new Evt("queued-3"), "unfinished")))]);
        Assert.All(results, Assert.Null);

        var unfinished = await Query.CurrentEventsByTagAsync("unfinished");
        Assert.Equal(["job-1", "job-2", "job-3"], unfinished.Select(e => e.PersistenceId));
        Assert.Equal(["queued-1", "queued-2", "queued-3"], unfinished.Select(e => ((Evt)e.Event).Text));
        Assert.True(unfinished[0].Offset < unfinished[1].Offset && unfinished[1].Offset < unfinished[2].Offset);
        Assert.Equal(["copy", "unfinished"], unfinished[1].Tags.Order(StringComparer.Ordinal));
        Assert.Single(await Query.CurrentEventsByTagAsync("copy"));
        Assert.Empty(await Query.CurrentEventsByTagAsync("nothing"));
    }

    [Fact]
    public async Task CurrentEventsByTag_should_find_events_from_offset_exclusive_and_page_by_max()
    {
        for (var i = 1; i <= 7; i++)
        {
            Assert.Null((await Journal.WriteAsync([new AtomicWrite(Repr("tagged", i, new Counter(i), "t"))]))[0]);
        }

        var first = await Query.CurrentEventsByTagAsync("t", max: 3);
        Assert.Equal([1, 2, 3], first.Select(e => ((Counter)e.Event).Value));
        var second = await Query.CurrentEventsByTagAsync("t", first[^1].Offset, 3);
        Assert.Equal([4, 5, 6], second.Select(e => ((Counter)e.Event).Value));
        var last = await Query.CurrentEventsByTagAsync("t", second[^1].Offset, 3);
        Assert.Equal([7], last.Select(e => ((Counter)e.Event).Value));
        Assert.Empty(await Query.CurrentEventsByTagAsync("t", last[^1].Offset));
        Assert.Empty(await Query.CurrentEventsByTagAsync("t", 0, 0));
    }

    [Fact]
    public async Task CurrentEventsByTag_should_not_deliver_deleted_events()
    {
        for (var i = 1; i <= 3; i++)
        {
            Assert.Null((await Journal.WriteAsync([new AtomicWrite(Repr("tagged", i, new Counter(i), "t"))]))[0]);
        }

        await Journal.DeleteMessagesToAsync("tagged", 3);
        Assert.Empty(await Query.CurrentEventsByTagAsync("t"));
    }

    // ---- snapshots ----

    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);

    private async Task SaveSnapshotsAsync()
    {
        for (var seq = 1; seq <= 5; seq++)
        {
            await Snapshots.SaveAsync(new SnapshotMetadata(Pid, seq * 10, T0.AddMinutes(seq)), new Counter(seq * 10));
        }
    }

    [Fact]
    public async Task SnapshotStore_should_not_load_a_snapshot_given_an_invalid_persistence_id()
    {
        await SaveSnapshotsAsync();
        Assert.Null(await Snapshots.LoadAsync("invalid", SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task SnapshotStore_should_not_load_a_snapshot_given_non_matching_criteria()
    {
        await SaveSnapshotsAsync();
        Assert.Null(await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(5)));
        Assert.Null(await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.None));
        Assert.Null(await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(long.MaxValue, T0)));
    }

    [Fact]
    public async Task SnapshotStore_should_load_the_most_recent_snapshot()
    {
        await SaveSnapshotsAsync();
        var loaded = await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest);
        Assert.NotNull(loaded);
        Assert.Equal(new SnapshotMetadata(Pid, 50, T0.AddMinutes(5)), loaded.Metadata);
        Assert.Equal(new Counter(50), loaded.Snapshot);
    }

    [Fact]
    public async Task SnapshotStore_should_load_the_most_recent_snapshot_matching_an_upper_sequence_number_bound()
    {
        await SaveSnapshotsAsync();
        Assert.Equal(30, (await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(39)))?.Metadata.SequenceNr);
        Assert.Equal(30, (await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(30)))?.Metadata.SequenceNr);
    }

    [Fact]
    public async Task SnapshotStore_should_load_the_most_recent_snapshot_matching_upper_sequence_number_and_timestamp_bounds()
    {
        await SaveSnapshotsAsync();
        var loaded = await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(long.MaxValue, T0.AddMinutes(2)));
        Assert.Equal(new SnapshotMetadata(Pid, 20, T0.AddMinutes(2)), loaded?.Metadata);
        loaded = await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(40, T0.AddMinutes(5), MinSequenceNr: 35));
        Assert.Equal(40, loaded?.Metadata.SequenceNr);
    }

    [Fact]
    public async Task SnapshotStore_should_delete_a_single_snapshot_identified_by_sequence_number()
    {
        await SaveSnapshotsAsync();
        await Snapshots.DeleteAsync(new SnapshotMetadata(Pid, 50));
        Assert.Equal(40, (await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest))?.Metadata.SequenceNr);
    }

    [Fact]
    public async Task SnapshotStore_should_delete_all_snapshots_matching_upper_sequence_number_and_timestamp_bounds()
    {
        await SaveSnapshotsAsync();
        await Snapshots.DeleteAsync(Pid, new SnapshotSelectionCriteria(30, T0.AddMinutes(3)));
        Assert.Null(await Snapshots.LoadAsync(Pid, new SnapshotSelectionCriteria(30)));
        Assert.Equal(50, (await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest))?.Metadata.SequenceNr);
        await Snapshots.DeleteAsync(Pid, SnapshotSelectionCriteria.Latest);
        Assert.Null(await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest));
    }

    [Fact]
    public async Task SnapshotStore_should_save_and_overwrite_snapshot_with_same_sequence_number()
    {
        await Snapshots.SaveAsync(new SnapshotMetadata(Pid, 7, T0), new Counter(1));
        await Snapshots.SaveAsync(new SnapshotMetadata(Pid, 7, T0.AddMinutes(1)), new Counter(2));
        var loaded = await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest);
        Assert.Equal(new Counter(2), loaded?.Snapshot);
        Assert.Equal(T0.AddMinutes(1), loaded?.Metadata.Timestamp);
    }

    [Fact]
    public async Task SnapshotStore_should_stamp_a_snapshot_saved_without_timestamp()
    {
        await Snapshots.SaveAsync(new SnapshotMetadata(Pid, 1), new Counter(1));
        var loaded = await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest);
        Assert.NotNull(loaded);
        Assert.True(loaded.Metadata.Timestamp > T0);
        Assert.Equal(DateTimeKind.Utc, loaded.Metadata.Timestamp.Kind);
    }

    [Fact]
    public async Task SnapshotStore_should_keep_snapshots_after_reopening()
    {
        await SaveSnapshotsAsync();
        await ReopenAsync();
        Assert.Equal(new Counter(50), (await Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest))?.Snapshot);
    }

    [Fact]
    public async Task SnapshotStore_should_fail_loading_loudly_on_an_unknown_manifest()
    {
        await Snapshots.SaveAsync(new SnapshotMetadata(Pid, 3), new Evt("state"));
        await ReopenAsync(TestRegistry.WithoutEvt());
        var error = await Assert.ThrowsAsync<UnknownManifestException>(() => Snapshots.LoadAsync(Pid, SnapshotSelectionCriteria.Latest));
        Assert.Equal(TestRegistry.EvtManifest, error.Manifest);
        Assert.Equal(3, error.SequenceNr);
    }

    [Fact]
    public async Task SnapshotStore_should_refuse_an_unregistered_snapshot_type() =>
        await Assert.ThrowsAsync<UnregisteredPayloadTypeException>(() => Snapshots.SaveAsync(new SnapshotMetadata(Pid, 1), new NotRegistered(1)));
}
