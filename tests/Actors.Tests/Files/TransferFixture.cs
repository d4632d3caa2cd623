using Spacedrive.Runtime.Persistence;
using System.Diagnostics;
using System.Text.Json;
using Spacedrive.Actors.Files.Transfer;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Files;
using Spacedrive.Messages.Jobs;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Hashing;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Actors.Tests.Files;

/// <summary>Faults a test sets up: change a source mid-copy, fail a chunk, corrupt a copy before it is verified.</summary>
public sealed class ScriptedFaults : ITransferFaults
{
    public Action<string, string, long, int>? OnChunk { get; set; }
    public Action<string, string>? OnCopied { get; set; }
    public List<(string Source, long Offset, int Attempt)> Chunks { get; } = [];

    public void BeforeChunk(string source, string temporary, long offset, int attempt)
    {
        lock (Chunks) Chunks.Add((source, offset, attempt));
        OnChunk?.Invoke(source, temporary, offset, attempt);
    }

    public void AfterCopy(string source, string destination) => OnCopied?.Invoke(source, destination);
}

/// <summary>The job's outcome as a test reads it.</summary>
public sealed record TransferOutcome(JobSummary Job, JobDetail Detail)
{
    public JsonElement Output => Detail.Output ?? throw new Xunit.Sdk.XunitException($"No output; job {Job.Status}: {Job.Error}");

    public long Count(string name) => Output.GetProperty(name).GetInt64();
}

/// <summary>A job manager that runs files.transfer jobs with the test's settings and faults.</summary>
public abstract class TransferSpecBase : TestKit, IDisposable
{
    private readonly TestProbe _events;
    private readonly Spacedrive.Storage.Persistence.SqlitePersistence _journal;
    private IActorRef? _manager;

    protected TransferSpecBase()
    {
        Root = Path.Combine(Path.GetTempPath(), "sd-transfer-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Path.Combine(Root, ".journal"));
        _events = CreateTestProbe();
        Sys.EventStream.Subscribe<JobStateChanged>(_events.Ref);
        _journal = Jobs.JobsFixture.OpenJournal(Path.Combine(Root, ".journal"));
        Sys.RegisterPersistence(_journal.Journal, _journal.SnapshotStore, Jobs.JobsFixture.PluginId);
    }

    protected string Root { get; }

    protected ScriptedFaults Faults { get; } = new();

    protected TransferSettings Settings { get; set; } = new() { ChunkBytes = 64 << 10, LargeFileBytes = 1 << 20, BatchFiles = 8 };

    protected IActorRef Manager => _manager ??= Sys.ActorOf(JobManager.Props(Jobs.JobsFixture.LibraryId, Jobs.JobsFixture.PluginId, JobRegistry.CreateDefault(),
        Jobs.JobsFixture.Settings(everyItems: 3), new JobServices().Add(new TransferServices(Settings, Path.Combine(Root, ".work"), Faults))), JobManager.Name);

    protected string P(string relative) => Path.Combine(Root, relative);

    protected string Write(string relative, string content) => Write(relative, System.Text.Encoding.UTF8.GetBytes(content));

    protected string Write(string relative, byte[] content)
    {
        var path = P(relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    protected static byte[] Random(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    protected static string Hash(string path)
    {
        var hasher = Blake3Hasher.New();
        hasher.Update(File.ReadAllBytes(path));
        return Convert.ToHexStringLower(hasher.Finalize());
    }

    protected static string[] Partials(string folder) =>
        Directory.Exists(folder) ? [.. Directory.EnumerateFiles(folder, ".sd-partial-*", SearchOption.AllDirectories)] : [];

    protected static TransferRequest Copy(string destination, params string[] sources) => new(sources, destination);

    protected async Task<JobSummary> StartAsync(TransferRequest request) =>
        (await Jobs.JobsFixture.AskOk<JobControlReply>(Manager, new StartTransfer(null, request))).Job;

    protected async Task<TransferOutcome> WaitAsync(Guid id)
    {
        var ended = await _events.FishForMessageAsync<JobStateChanged>(e => e.Job.Id == id && e.Job.IsTerminal, TimeSpan.FromSeconds(60), $"job {id} ends");
        var info = await Jobs.JobsFixture.AskOk<JobInfoReply>(Manager, new GetJobInfo(null, id.ToString()));
        return new TransferOutcome(ended.Job, info.Detail);
    }

    protected async Task<TransferOutcome> RunAsync(TransferRequest request) => await WaitAsync((await StartAsync(request)).Id);

    protected async Task<TransferOutcome> RetryAsync(Guid id)
    {
        await Jobs.JobsFixture.AskOk<JobControlReply>(Manager, new RetryJob(null, id.ToString()));
        return await WaitAsync(id);
    }

    protected static void Run(string file, params string[] args)
    {
        using var p = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed: {p.StandardError.ReadToEnd()}");
    }

    public new void Dispose()
    {
        base.Dispose();
        _journal.Dispose();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        GC.SuppressFinalize(this);
    }
}
