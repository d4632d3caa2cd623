using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Persistence;
using Spacedrive.Storage.Persistence;

namespace Spacedrive.Actors.Tests.Jobs;

public sealed record GatedState(long Count, string OutputPath, long Next = 0, long OutputLength = 0);

public sealed record ParentState(string ChildOutput, long ChildCount, Guid? Child = null);

[JsonSerializable(typeof(GatedState))]
[JsonSerializable(typeof(ParentState))]
internal sealed partial class TestJobsJsonContext : JsonSerializerContext;

/// <summary>
/// Lets the test decide when each item of a <see cref="GatedCountJob"/> runs (one permit per item), and see when
/// every run of the work has ended (so a "crashed" node's worker no longer touches the output).
/// </summary>
public sealed class Gate
{
    private int _activeRuns;

    public SemaphoreSlim Permits { get; } = new(0);

    public int ActiveRuns => Volatile.Read(ref _activeRuns);

    public void Open() => Permits.Release(100_000);

    internal void Enter() => Interlocked.Increment(ref _activeRuns);

    internal void Exit() => Interlocked.Decrement(ref _activeRuns);
}

/// <summary>
/// The test job: appends 0..Count-1 to a file, one line per item, each item waiting for a permit of the gate.
/// Exactly-once like <see cref="CountJob"/>: the checkpoint holds the file length after an fsync, and a resumed run
/// cuts the file back to it.
/// </summary>
public sealed class GatedCountJob(Gate gate) : IJob<GatedState>
{
    public const string TypeName = "test.gated";

    public static JobDefinition<GatedState> Definition(Gate gate, string name = TypeName) => new(
        name, resumable: true, "Counts into a file, one item per permit", "items",
        TestJobsJsonContext.Default.GatedState, () => new GatedCountJob(gate), s => $"gated count to {s.Count}");

    public async Task<JsonElement?> RunAsync(JobContext<GatedState> ctx, GatedState state, CancellationToken cancellationToken)
    {
        gate.Enter();
        try
        {
            await using var file = new FileStream(state.OutputPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite);
            file.SetLength(state.OutputLength);
            file.Position = state.OutputLength;
            try
            {
                for (var i = state.Next; i < state.Count; i++)
                {
                    await gate.Permits.WaitAsync(cancellationToken);
                    await file.WriteAsync(Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture) + "\n"), CancellationToken.None);
                    await file.FlushAsync(CancellationToken.None); // visible to the test at once
                    state = state with { Next = i + 1, OutputLength = file.Position };
                    ctx.ReportProgress(state.Next, state.Count);
                    if (i % 5 == 4) ctx.AddWarning($"item {i} is a multiple of five minus one");
                    if (ctx.IsCheckpointDue())
                    {
                        file.Flush(flushToDisk: true);
                        await ctx.CheckpointAsync(state);
                    }
                }
            }
            catch (OperationCanceledException)
            {
                file.Flush(flushToDisk: true);
                await ctx.CheckpointAsync(state);
                throw;
            }
            return null;
        }
        finally
        {
            gate.Exit();
        }
    }
}

/// <summary>A job that starts one child counting job and finishes.</summary>
public sealed class ParentJob : IJob<ParentState>
{
    public const string TypeName = "test.parent";

    public static JobDefinition<ParentState> Definition { get; } = new(
        TypeName, resumable: true, "Starts a child", "children", TestJobsJsonContext.Default.ParentState, () => new ParentJob());

    public async Task<JsonElement?> RunAsync(JobContext<ParentState> ctx, ParentState state, CancellationToken cancellationToken)
    {
        if (state.Child is null)
        {
            var child = await ctx.SpawnChildAsync(CountJob.Definition, new CountJobState(state.ChildCount, 0, state.ChildOutput));
            await ctx.CheckpointAsync(state with { Child = child });
        }
        ctx.ReportProgress(1, 1);
        return null;
    }
}

/// <summary>One library's journal and job manager in an actor system.</summary>
public static class JobsFixture
{
    public const string PluginId = "library-test";
    public static readonly Guid LibraryId = new("11111111-2222-3333-4444-555555555555");

    public static JobSettings Settings(int maxConcurrent = 2, long everyItems = 3) => new()
    {
        MaxConcurrent = maxConcurrent,
        CheckpointEveryItems = everyItems,
        CheckpointEveryInterval = TimeSpan.FromHours(1),
        ProgressInterval = TimeSpan.Zero,
        ShutdownTimeout = TimeSpan.FromSeconds(10),
        IndexSnapshotEvery = 10,
    };

    public static SqlitePersistence OpenJournal(string dir) =>
        SqlitePersistence.Open(Path.Combine(dir, "journal.db"), new PersistenceSerializerRegistry().RegisterJobs(),
            new SqlitePersistenceOptions { Synchronous = SqliteSynchronous.Normal });

    public static IActorRef StartManager(ActorSystem system, SqlitePersistence journal, JobRegistry registry, JobSettings? settings = null, string name = JobManager.Name)
    {
        system.RegisterPersistence(journal.Journal, journal.SnapshotStore, PluginId);
        return system.ActorOf(JobManager.Props(LibraryId, PluginId, registry, settings ?? Settings()), name);
    }

    public static JsonElement Gated(long count, string output) =>
        JsonSerializer.SerializeToElement(new GatedState(count, output), TestJobsJsonContext.Default.GatedState);

    public static JsonElement Count(long count, string output, long? failAt = null) =>
        CountJob.Definition.Serialize(new CountJobState(count, 0, output, FailAt: failAt));

    public static string[] Lines(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    public static string[] Expected(long count) => [.. Enumerable.Range(0, (int)count).Select(i => i.ToString(CultureInfo.InvariantCulture))];

    public static async Task<T> AskOk<T>(IActorRef target, object message)
    {
        var reply = await target.Ask<object>(message, TimeSpan.FromSeconds(10));
        return reply is T typed ? typed : throw new Xunit.Sdk.XunitException($"Expected {typeof(T).Name}, got {reply}");
    }
}
