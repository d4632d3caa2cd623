using Microsoft.Data.Sqlite;
using Spacedrive.Actors.Jobs;
using Spacedrive.Actors.Validation;
using Spacedrive.Messages.Content;
using Spacedrive.Messages.Jobs;
using Spacedrive.Messages.Libraries;
using Spacedrive.Runtime.Actor;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Content;

/// <summary>
/// The content questions of one library (<c>/content</c>, a child of its LibraryActor): <see cref="ValidateFiles"/> resolves
/// its target and queues a <see cref="ValidateJob"/>; <see cref="FindDuplicates"/> answers from the index on a read
/// connection of its own (proving, when asked, reads the copies off this actor's thread, so it stays responsive).
/// </summary>
public sealed class ContentActor : ReceiveActor
{
    public const string Name = "content";

    private static readonly TimeSpan JobAskTimeout = TimeSpan.FromSeconds(30);

    private readonly Guid _libraryId;
    private readonly LibraryDatabase _database;
    private readonly IActorRef _jobs;
    private SqliteConnection? _reader;

    public ContentActor(Guid libraryId, LibraryDatabase database, IActorRef jobs)
    {
        _libraryId = libraryId;
        _database = database;
        _jobs = jobs;
        ReceiveAsync<ValidateFiles>(OnValidate);
        Receive<FindDuplicates>(OnDuplicates);
    }

    public static Props Props(Guid libraryId, LibraryDatabase database, IActorRef jobs) =>
        Runtime.Actor.Props.Create(() => new ContentActor(libraryId, database, jobs)).WithDispatcher(Dispatchers.BlockingIoDispatcherId);

    private SqliteConnection Reader => _reader ??= _database.OpenReader();

    protected override void PostStop() => _reader?.Dispose();

    private async Task OnValidate(ValidateFiles m)
    {
        var sender = Sender;
        var scope = ValidationTargets.Resolve(Reader, m.Target, out var failure);
        if (scope is null)
        {
            sender.Tell(failure!);
            return;
        }
        if (scope.LocationId is { } id && ValidationTargets.Locations(Reader).FirstOrDefault(l => l.Id == id) is { } location && !Directory.Exists(location.Path))
        {
            sender.Tell(new LibraryOperationFailed(Messages.Locations.LocationErrors.Offline,
                $"The location '{location.Name}' is offline ({location.Path} is not available): its files would all look missing."));
            return;
        }
        var reply = await _jobs.Ask<object>(new JobManager.EnqueueJob(ValidateJob.TypeName, ValidateJob.Definition.Serialize(new ValidateJobState(scope)), null, null), JobAskTimeout)
            .ConfigureAwait(false);
        sender.Tell(reply is JobControlReply queued ? new ValidationQueued(_libraryId, scope.View(), queued.Job) : reply);
    }

    private void OnDuplicates(FindDuplicates m)
    {
        long? locationId = null;
        if (m.Location is { } reference)
        {
            var location = ValidationTargets.FindLocation(ValidationTargets.Locations(Reader), reference.Trim(), out var failure);
            if (location is null)
            {
                Sender.Tell(failure!);
                return;
            }
            locationId = location.Id;
        }
        if (m.MinSize < 0 || m.Limit < 0)
        {
            Sender.Tell(new LibraryOperationFailed(ContentErrors.BadRequest, "--min-size and --limit must not be negative."));
            return;
        }
        if (!m.Proven)
        {
            Sender.Tell(DuplicateFinder.Find(Reader, _libraryId, m, locationId));
            return;
        }
        // Proving reads every byte of every copy: off this actor, on a connection of its own.
        var path = _database.FilePath;
        var clock = Context.System.TimeProvider;
        var libraryId = _libraryId;
        Task.Run(() =>
        {
            using var reader = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            reader.Open();
            return (object)DuplicateFinder.Find(reader, libraryId, m, locationId,
                () => LibraryDatabase.Open(path, new LibraryOpenOptions { BusyTimeout = TimeSpan.FromSeconds(60), Clock = clock }), clock);
        }).PipeTo(Sender);
    }
}
