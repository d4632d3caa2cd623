using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Search;
using Spacedrive.Runtime.Actor;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;

namespace Spacedrive.Actors.Search;

/// <summary>
/// A library's read-only queries (<c>/user/node/libraries/&lt;id&gt;/search</c>): search and directory listings
/// over its own reader connection, so they never wait for the writer. Runs on the blocking-I/O dispatcher.
/// Replies <see cref="SearchReply"/> / <see cref="DirectoryListing"/>, or <see cref="LibraryOperationFailed"/>
/// with a <see cref="SearchErrors"/> code.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The source (its name index build) and the reader are disposed in PostStop.")]
public sealed class SearchActor : ReceiveActor
{
    public const string Name = "search";

    private readonly LibraryDatabase _database;
    private readonly bool _prewarm;
    private SqliteConnection? _reader;
    private SqliteSearchSource? _source;

    public SearchActor(LibraryDatabase database, bool prewarm = true)
    {
        _database = database;
        _prewarm = prewarm;
        Receive<SearchEntries>(m => Answer(() => Source.Search(m.Query)));
        Receive<ListDirectory>(m => Answer(() => Source.List(m)));
    }

    /// <param name="prewarm">spacedrive.search.prewarm-name-index: build the name index now, not at the first search.</param>
    public static Props Props(LibraryDatabase database, bool prewarm = true) =>
        Runtime.Actor.Props.Create(() => new SearchActor(database, prewarm)).WithDispatcher(Dispatchers.BlockingIoDispatcherId);

    /// <summary>
    /// The name index of a large library takes a second or more to build: start it with the actor, not at the first
    /// search (unless this node only hosts one command, which would pay ~100 MB per million entries for nothing).
    /// </summary>
    protected override void PreStart()
    {
        if (!_prewarm)
        {
            return;
        }
        try
        {
            Source.Prepare();
        }
        catch (SqliteException)
        {
            // The first search reports what is wrong with the database; the actor itself must start.
        }
    }

    private SqliteSearchSource Source
    {
        get
        {
            if (_source is null)
            {
                _reader = _database.OpenReader();
                _source = new SqliteSearchSource(_reader, ContentKindNames.Instance);
            }
            return _source;
        }
    }

    private void Answer(Func<object> query)
    {
        try
        {
            Sender.Tell(query());
        }
        catch (SearchException e)
        {
            Sender.Tell(new LibraryOperationFailed(e.Code, e.Message));
        }
    }

    protected override void PostStop()
    {
        _source?.Dispose();
        _reader?.Dispose();
        _reader = null;
        _source = null;
    }
}
