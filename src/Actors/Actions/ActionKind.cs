using Spacedrive.Messages.Actions;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// The contract of one kind of action (DESIGN.md §5): what a user asks for, taken through
/// validate → preview → commit → verify by the library's <see cref="ActionManager"/>, which writes the audit record.
/// <list type="bullet">
/// <item><b>Validate</b> checks the request without changing anything; a problem is an <see cref="ActionException"/>
/// with a stable code (<see cref="ActionErrors"/>, or the area's own codes). Nothing is audited for a refused request.</item>
/// <item><b>Preview</b> says what would change (<see cref="ActionPreview"/>: targets, changes, files, bytes, conflicts,
/// free space) and must change nothing. <see cref="ActionContext.Trial{T}"/> runs a database change and rolls it back,
/// which makes an exact preview of a transactional action.</item>
/// <item><b>Commit</b> makes the change, one of three ways: an immediate database change through
/// <see cref="ActionContext.Commit{T}"/> (the audit record goes in the same transaction, verify runs before it
/// commits); a job through <see cref="ActionContext.StartJobAsync"/> (audited as pending, its outcome recorded when the
/// job ends); or anything else (asking another actor, touching files), after which the manager audits it as succeeded.</item>
/// <item><b>Verify</b> checks, inside the commit's transaction, that the change is there; a problem rolls it back.</item>
/// </list>
/// To add a kind: derive from <see cref="ActionKind{TRequest}"/>, register it in <see cref="ActionRegistry.CreateDefault"/>,
/// and route its request to the library's <c>actions</c> child (requests implementing <see cref="IActionRequest"/> are).
/// The reply is whatever the request's API operation answers.
/// </summary>
public interface IActionKind
{
    /// <summary>Stable name, area.verb: <c>tag.apply</c>, <c>file.delete</c>. Audit records and previews use it.</summary>
    string Name { get; }

    Type RequestType { get; }

    IReadOnlyList<string> Targets(object request);

    Task ValidateAsync(object request, ActionContext context);

    Task<ActionPreview> PreviewAsync(object request, ActionContext context);

    Task<object> CommitAsync(object request, ActionContext context);

    string? Verify(object request, object reply, ActionContext context);
}

/// <summary>Typed base of an action kind; see <see cref="IActionKind"/> for the contract.</summary>
public abstract class ActionKind<TRequest> : IActionKind where TRequest : class
{
    public abstract string Name { get; }

    public Type RequestType => typeof(TRequest);

    public abstract IReadOnlyList<string> Targets(TRequest request);

    public virtual Task ValidateAsync(TRequest request, ActionContext context) => Task.CompletedTask;

    public abstract Task<ActionPreview> PreviewAsync(TRequest request, ActionContext context);

    public abstract Task<object> CommitAsync(TRequest request, ActionContext context);

    /// <summary>Null when the committed change is there; otherwise what is wrong (the change is rolled back).</summary>
    public virtual string? Verify(TRequest request, object reply, ActionContext context) => null;

    IReadOnlyList<string> IActionKind.Targets(object request) => Targets((TRequest)request);

    Task IActionKind.ValidateAsync(object request, ActionContext context) => ValidateAsync((TRequest)request, context);

    Task<ActionPreview> IActionKind.PreviewAsync(object request, ActionContext context) => PreviewAsync((TRequest)request, context);

    Task<object> IActionKind.CommitAsync(object request, ActionContext context) => CommitAsync((TRequest)request, context);

    string? IActionKind.Verify(object request, object reply, ActionContext context) => Verify((TRequest)request, reply, context);

    /// <summary>A preview with no files or bytes: a database-only change.</summary>
    protected ActionPreview Preview(TRequest request, IReadOnlyList<PreviewChange> changes, string summary) =>
        new(Name, Targets(request), changes, 0, 0, [], null, false, summary);
}

/// <summary>A refused or failed action, with a stable code.</summary>
public sealed class ActionException(string code, string message, Exception? inner = null) : Exception(message, inner)
{
    public string Code { get; } = code;
}

/// <summary>The action kinds a library knows, by request type and by name.</summary>
public sealed class ActionRegistry
{
    private readonly Dictionary<Type, IActionKind> _byType = [];
    private readonly Dictionary<string, IActionKind> _byName = new(StringComparer.Ordinal);

    public ActionRegistry Register(IActionKind kind)
    {
        ArgumentNullException.ThrowIfNull(kind);
        _byType.Add(kind.RequestType, kind);
        _byName.Add(kind.Name, kind);
        return this;
    }

    public bool TryGet(Type requestType, out IActionKind kind) => _byType.TryGetValue(requestType, out kind!);

    public bool TryGet(string name, out IActionKind kind) => _byName.TryGetValue(name, out kind!);

    public IReadOnlyCollection<string> Names => [.. _byName.Keys.Order(StringComparer.Ordinal)];

    public IEnumerable<IActionKind> Kinds => _byName.Values;

    /// <summary>Every built-in kind. The API layer uses it too, to type a preview request by the action's name.</summary>
    public static ActionRegistry Default { get; } = CreateDefault();

    public static ActionRegistry CreateDefault() => new ActionRegistry()
        .Register(new TagActions.Create())
        .Register(new TagActions.Update())
        .Register(new TagActions.Delete())
        .Register(new TagActions.Apply())
        .Register(new TagActions.Remove())
        .Register(new LocationActions.Add())
        .Register(new LocationActions.Remove())
        .Register(new LocationActions.Rescan())
        .Register(new FileActions.MakeDir())
        .Register(new FileActions.Rename())
        .Register(new FileActions.Delete())
        .Register(new FileTransferActions.Copy())
        .Register(new FileTransferActions.Move());
}
