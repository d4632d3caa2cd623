namespace Spacedrive.Messages.Tags;

public enum TagPrivacy
{
    /// <summary>Shown everywhere.</summary>
    Normal,

    /// <summary>Entries carrying it are left out of search unless archived entries are asked for.</summary>
    Archive,

    /// <summary>The tag is left out of listings and its entries out of search unless hidden ones are asked for.</summary>
    Hidden,
}

/// <summary>A tag as the API shows it.</summary>
public sealed record TagInfo(
    Guid Id,
    string Name,
    string? Namespace,
    string? DisplayName,
    IReadOnlyList<string> Aliases,
    string? Color,
    string? Description,
    TagPrivacy Privacy,
    IReadOnlyList<Guid> Parents,
    long Applications,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>A node of the tag forest: a tag with several parents appears under each of them.</summary>
public sealed record TagTreeNode(Guid Id, string Name, string? Namespace, IReadOnlyList<TagTreeNode> Children);

/// <summary>Where a tag is applied: the entry itself, or its content (every copy of the file, now and later).</summary>
public enum TagScope
{
    Entry,
    Content,
}

/// <summary>One applied tag on a target.</summary>
public sealed record TagApplication(Guid EntryId, string Path, TagScope Scope);

/// <summary>Requests a library's tags actor answers; <c>Library</c> names the library (null: the only or default one).</summary>
public interface ITagRequest
{
    string? Library { get; }
}

/// <summary>
/// Commands that change tags. Each is handled by the library's TagsActor in one transaction; they are the seam the
/// action system (validate, preview, commit, audit) will wrap.
/// </summary>
public interface ITagCommand : ITagRequest;

/// <summary>Create a tag; <c>Parents</c> are tag references (name, namespace:name, alias or id).</summary>
public sealed record CreateTag(string? Library, string Name, string? Namespace = null, string? DisplayName = null,
    IReadOnlyList<string>? Aliases = null, string? Color = null, string? Description = null,
    TagPrivacy Privacy = TagPrivacy.Normal, IReadOnlyList<string>? Parents = null) : ITagCommand;

/// <summary>Change a tag: only the fields given change. <c>AddParents</c>/<c>RemoveParents</c> edit the hierarchy (a cycle is refused).</summary>
public sealed record UpdateTag(string? Library, string Tag, string? NewName = null, string? Namespace = null,
    string? DisplayName = null, IReadOnlyList<string>? Aliases = null, string? Color = null, string? Description = null,
    TagPrivacy? Privacy = null, IReadOnlyList<string>? AddParents = null, IReadOnlyList<string>? RemoveParents = null) : ITagCommand;

public sealed record DeleteTag(string? Library, string Tag) : ITagCommand;

/// <summary>
/// Apply tags to targets: entry ids or absolute paths of indexed entries. With <see cref="TagScope.Content"/> the tag goes
/// on each target's content identity: every copy, including copies indexed later.
/// </summary>
public sealed record ApplyTags(string? Library, IReadOnlyList<string> Tags, IReadOnlyList<string> Targets, TagScope Scope = TagScope.Entry) : ITagCommand;

public sealed record RemoveTags(string? Library, IReadOnlyList<string> Tags, IReadOnlyList<string> Targets, TagScope Scope = TagScope.Entry) : ITagCommand;

public sealed record ListTags(string? Library, string? Namespace = null, bool IncludeHidden = false) : ITagRequest;

public sealed record GetTagTree(string? Library, bool IncludeHidden = false) : ITagRequest;

/// <summary>A tag with its parents, children and the entries carrying it (paged).</summary>
public sealed record ShowTag(string? Library, string Tag, int Limit = 50) : ITagRequest;

public sealed record TagReply(TagInfo Tag);

public sealed record TagListReply(IReadOnlyList<TagInfo> Tags);

public sealed record TagTreeReply(IReadOnlyList<TagTreeNode> Roots);

public sealed record TagDeleted(Guid Id, string Name, long Applications);

/// <summary>How many (tag, target) pairs changed; pairs already in the wanted state are not counted.</summary>
public sealed record TagsApplied(long Changed, IReadOnlyList<TagApplication> Targets);

public sealed record TagDetails(TagInfo Tag, IReadOnlyList<TagInfo> Parents, IReadOnlyList<TagInfo> Children, long EntryCount, IReadOnlyList<TagApplication> Entries);
