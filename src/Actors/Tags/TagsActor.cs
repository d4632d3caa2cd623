using Spacedrive.Messages.Libraries;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Runtime.Actor;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;
using Spacedrive.Storage.Tags;

namespace Spacedrive.Actors.Tags;

/// <summary>
/// A library's tags (<c>/user/node/libraries/&lt;id&gt;/tags</c>). Every change to tags and their applications is an
/// <see cref="ITagCommand"/> handled here, one transaction each: the single seam the action system will wrap
/// (validate, preview, commit, audit log) without touching the SQL. Queries (<see cref="ListTags"/>,
/// <see cref="GetTagTree"/>, <see cref="ShowTag"/>) read on the same connection, so they see every committed command.
/// Errors reply <see cref="LibraryOperationFailed"/> with a <see cref="SearchErrors"/> code.
/// </summary>
public sealed class TagsActor : ReceiveActor
{
    public const string Name = "tags";

    private readonly TagStore _store;

    public TagsActor(LibraryDatabase database)
    {
        _store = new TagStore(database.Writer, Context.System.TimeProvider);
        Receive<CreateTag>(m => Answer(() => new TagReply(_store.Create(m))));
        Receive<UpdateTag>(m => Answer(() => new TagReply(_store.Update(m))));
        Receive<DeleteTag>(m => Answer(() => _store.Delete(m)));
        Receive<ApplyTags>(m => Answer(() => _store.Apply(m)));
        Receive<RemoveTags>(m => Answer(() => _store.Remove(m)));
        Receive<ListTags>(m => Answer(() => new TagListReply(_store.List(m))));
        Receive<GetTagTree>(m => Answer(() => new TagTreeReply(_store.Tree(m))));
        Receive<ShowTag>(m => Answer(() => _store.Show(m)));
    }

    public static Props Props(LibraryDatabase database) =>
        Runtime.Actor.Props.Create(() => new TagsActor(database)).WithDispatcher(Dispatchers.BlockingIoDispatcherId);

    private void Answer(Func<object> handle)
    {
        try
        {
            Sender.Tell(handle());
        }
        catch (SearchException e)
        {
            Sender.Tell(new LibraryOperationFailed(e.Code, e.Message));
        }
    }
}
