using Spacedrive.Actors.Search;
using Spacedrive.Actors.Tags;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Runtime.Actor;

namespace Spacedrive.Actors.Libraries;

/// <summary>
/// One open library. The only writer of its library.db (DESIGN.md §1): every change to the library
/// goes through this actor or its children. Closes the database when it stops.
/// </summary>
public sealed class LibraryActor : ReceiveActor
{
    private readonly LibraryFolder _folder;
    private IActorRef _search = Nobody.Instance;
    private IActorRef _tags = Nobody.Instance;

    public LibraryActor(LibraryFolder folder)
    {
        _folder = folder;
        Receive<GetLibraryStatistics>(_ => Sender.Tell(ReadStatistics()));
        Receive<GetLocationSummaries>(_ => Sender.Tell(new LocationSummaries(ReadLocations())));
        Receive<GetActiveJobCount>(_ => Sender.Tell(new ActiveJobCount(0)));
        Receive<ISearchRequest>(m => _search.Forward(m));
        Receive<ITagRequest>(m => _tags.Forward(m));
    }

    public static Props Props(LibraryFolder folder) => Runtime.Actor.Props.Create(() => new LibraryActor(folder));

    protected override void PreStart()
    {
        _search = Context.ActorOf(SearchActor.Props(_folder.Database), SearchActor.Name);
        _tags = Context.ActorOf(TagsActor.Props(_folder.Database), TagsActor.Name);
    }

    protected override void PostStop() => _folder.Dispose();

    private LibraryStatistics ReadStatistics()
    {
        using var reader = _folder.Database.OpenReader();
        long Scalar(string sql)
        {
            using var cmd = reader.CreateCommand();
            cmd.CommandText = sql;
            return cmd.ExecuteScalar() is long value ? value : 0;
        }

        return new LibraryStatistics(
            Entries: Scalar("SELECT COUNT(*) FROM entries"),
            Files: Scalar("SELECT COUNT(*) FROM entries WHERE kind = 0"),
            Directories: Scalar("SELECT COUNT(*) FROM entries WHERE kind = 1"),
            TotalBytes: Scalar("SELECT COALESCE(SUM(size), 0) FROM entries WHERE kind = 0"),
            ContentIdentities: Scalar("SELECT COUNT(*) FROM content_identities"),
            Locations: Scalar("SELECT COUNT(*) FROM locations"),
            Tags: Scalar("SELECT COUNT(*) FROM tags"),
            DatabaseBytes: FileSize(_folder.Database.FilePath) + FileSize(_folder.Database.FilePath + "-wal"),
            JournalBytes: FileSize(_folder.JournalPath) + FileSize(_folder.JournalPath + "-wal"));
    }

    private List<LocationSummary> ReadLocations()
    {
        using var reader = _folder.Database.OpenReader();
        using var cmd = reader.CreateCommand();
        cmd.CommandText = "SELECT uuid, name, path, index_mode, total_file_count, total_byte_size, is_offline FROM locations ORDER BY name";
        var result = new List<LocationSummary>();
        using var rows = cmd.ExecuteReader();
        while (rows.Read())
        {
            result.Add(new LocationSummary(
                Guid.Parse(rows.GetString(0)),
                rows.GetString(1),
                rows.GetString(2),
                rows.GetString(3),
                rows.GetInt64(4),
                rows.GetInt64(5),
                rows.GetInt64(6) == 0));
        }
        return result;
    }

    private static long FileSize(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}

/// <summary>Asks a library for its counts and sizes.</summary>
public sealed record GetLibraryStatistics
{
    public static GetLibraryStatistics Instance { get; } = new();
}

public sealed record GetLocationSummaries
{
    public static GetLocationSummaries Instance { get; } = new();
}

public sealed record LocationSummaries(IReadOnlyList<LocationSummary> Locations);

/// <summary>How many jobs of the library are running or paused; deleting a library is refused while any are.</summary>
public sealed record GetActiveJobCount
{
    public static GetActiveJobCount Instance { get; } = new();
}

public sealed record ActiveJobCount(int Count);
