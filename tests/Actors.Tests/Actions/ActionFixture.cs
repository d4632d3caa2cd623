using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Libraries;
using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Locations;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.TestKit;

namespace Spacedrive.Actors.Tests.Actions;

/// <summary>
/// A real library (LibraryManager → LibraryActor with its jobs, locations, tags and actions children) over a temp folder
/// of files indexed as a location; the trash goes to a temp folder too (spacedrive.files.trash-dir).
/// </summary>
public abstract class ActionFixture : TestKit, IDisposable
{
    private static readonly TimeSpan AskTimeout = TimeSpan.FromSeconds(30);

    protected ActionFixture(string root, string extraConfig = "")
        : base($"spacedrive.files.trash-dir = \"{root}/trash\"\n{extraConfig}")
    {
        Root = root;
        Files = Path.Combine(root, "files");
        Trash = Path.Combine(root, "trash");
        Directory.CreateDirectory(Path.Combine(Files, "sub"));
        File.WriteAllText(Path.Combine(Files, "a.txt"), "alpha");
        File.WriteAllText(Path.Combine(Files, "sub", "b.txt"), "bravo");
        File.WriteAllText(Path.Combine(Files, "sub", "c.txt"), "charlie");
        Events = CreateTestProbe();
        Sys.EventStream.Subscribe<JobStateChanged>(Events.Ref);
        var manager = Sys.ActorOf(LibraryManager.Props(Path.Combine(root, "libraries"), TimeProvider.System));
        manager.Tell(new GetLibraryRef(null), TestActor);
        var reply = ExpectMsg<LibraryRefReply>(TimeSpan.FromSeconds(30));
        Library = reply.Actor;
        LibraryPath = reply.Library.Path;
        DbPath = Path.Combine(LibraryPath, "library.db");
    }

    protected static string NewRoot() => Path.Combine(Path.GetTempPath(), "sd-actions-" + Guid.NewGuid().ToString("N")[..12]);

    protected string Root { get; }

    protected string Files { get; }

    protected string Trash { get; }

    protected IActorRef Library { get; }

    protected string LibraryPath { get; }

    protected string DbPath { get; }

    protected TestProbe Events { get; }

    void IDisposable.Dispose()
    {
        Shutdown();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
        GC.SuppressFinalize(this);
    }

    protected string F(string relative) => Path.Combine(Files, relative);

    protected async Task<T> Ok<T>(object message)
    {
        var reply = await Library.Ask<object>(message, AskTimeout);
        if (reply is LibraryOperationFailed failed) Assert.Fail($"{message.GetType().Name} failed: {failed.Code}: {failed.Message}");
        return Assert.IsType<T>(reply);
    }

    protected async Task<LibraryOperationFailed> Refused(object message) =>
        Assert.IsType<LibraryOperationFailed>(await Library.Ask<object>(message, AskTimeout));

    protected async Task<JobSummary> JobEnded(Guid id) =>
        (await Events.FishForMessageAsync<JobStateChanged>(e => e.Job.Id == id && e.Job.IsTerminal, TimeSpan.FromSeconds(60), $"job {id} ends")).Job;

    /// <summary>Adds the files folder as a location and waits for its indexer job.</summary>
    protected async Task IndexAsync()
    {
        var added = await Ok<LocationJobReply>(new AddLocationRequest(null, Files));
        Assert.Equal(JobStatus.Completed, (await JobEnded(added.Job.Id)).Status);
    }

    protected async Task<IReadOnlyList<AuditRecord>> AuditAsync() => (await Ok<AuditListReply>(new ListAuditLog(null, 1000))).Records;

    protected long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteScalar() switch
        {
            long l => l,
            null or DBNull => -1,
            var other => Convert.ToInt64(other, System.Globalization.CultureInfo.InvariantCulture),
        };
    }

    protected string? Text(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        return cmd.ExecuteScalar() as string;
    }

    /// <summary>Changes library.db behind the node's back (what tampering looks like).</summary>
    protected void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={DbPath};Pooling=False");
        connection.Open();
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        Assert.True(cmd.ExecuteNonQuery() > 0, "the tampering changed nothing: " + sql);
    }
}
