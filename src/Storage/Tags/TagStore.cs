using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Spacedrive.Messages.Search;
using Spacedrive.Messages.Tags;
using Spacedrive.Storage.Library;
using Spacedrive.Storage.Search;

namespace Spacedrive.Storage.Tags;

/// <summary>
/// Tags, their hierarchy and their applications, in SQL. Every mutation runs in one transaction of its own on the
/// given (writer) connection. The hierarchy is a DAG (a tag may have several parents) of parent_child
/// relationships; <c>tag_closure</c> holds every (ancestor, descendant, shortest depth) pair, a tag being its own
/// ancestor at depth 0, and is rebuilt from the relationships in the same transaction as any change to them.
/// Applications live on <c>user_metadata</c> rows scoped by uuid: an entry's (follows the entry through moves and
/// renames, which keep its uuid) or a content identity's (every copy, including copies indexed later). An entry's
/// tags are the union of both scopes.
/// </summary>
public sealed class TagStore(SqliteConnection connection, TimeProvider time)
{
    private const string TagColumns = "t.id, t.uuid, t.canonical_name, t.namespace, t.display_name, t.aliases, t.color, t.description, t.privacy_level, t.created_at, t.updated_at";

    public TagInfo Create(CreateTag command)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var result = Create(command, tx);
        tx.Commit();
        return result;
    }

    /// <summary>The same change inside the caller's transaction (the action system commits it with its audit record, or rolls it back for a preview).</summary>
    public TagInfo Create(CreateTag command, SqliteTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tx);
        var name = CleanName(command.Name);
        var ns = Blank(command.Namespace);
        if (TagRefs.Load(connection, tx).Any(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)
                                                && string.Equals(t.Namespace, ns, StringComparison.OrdinalIgnoreCase)))
            throw new SearchException(SearchErrors.TagExists, ns is null ? $"A tag '{name}' already exists." : $"A tag '{ns}:{name}' already exists.");
        var parents = (command.Parents ?? []).Select(p => TagRefs.ResolveOne(connection, tx, p)).ToList();
        var now = UnixNanos.Now(time);
        var id = Insert(tx, """
            INSERT INTO tags (uuid, canonical_name, namespace, display_name, aliases, color, description, privacy_level, created_at, updated_at)
            VALUES ($uuid, $name, $ns, $display, $aliases, $color, $description, $privacy, $now, $now) RETURNING id
            """,
            ("$uuid", Guid.CreateVersion7().ToString("D")), ("$name", name), ("$ns", ns), ("$display", Blank(command.DisplayName)),
            ("$aliases", Aliases(command.Aliases)), ("$color", Blank(command.Color)), ("$description", Blank(command.Description)),
            ("$privacy", Privacy(command.Privacy)), ("$now", now));
        foreach (var parent in parents) AddParent(tx, parent, id, now);
        RebuildClosure(tx);
        var info = Get(tx, id);
        return info;
    }

    public TagInfo Update(UpdateTag command)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var result = Update(command, tx);
        tx.Commit();
        return result;
    }

    /// <summary>The same change inside the caller's transaction (the action system commits it with its audit record, or rolls it back for a preview).</summary>
    public TagInfo Update(UpdateTag command, SqliteTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tx);
        var id = TagRefs.ResolveOne(connection, tx, command.Tag);
        var now = UnixNanos.Now(time);
        void Set(string column, object? value) =>
            Execute(tx, $"UPDATE tags SET {column} = $v, updated_at = $now WHERE id = $id", ("$v", value), ("$now", now), ("$id", id));
        if (command.NewName is not null)
        {
            var name = CleanName(command.NewName);
            var ns = command.Namespace is null ? Get(tx, id).Namespace : Blank(command.Namespace);
            if (TagRefs.Load(connection, tx).Any(t => t.Id != id && string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)
                                                    && string.Equals(t.Namespace, ns, StringComparison.OrdinalIgnoreCase)))
                throw new SearchException(SearchErrors.TagExists, $"A tag '{name}' already exists.");
            Set("canonical_name", name);
        }
        if (command.Namespace is not null) Set("namespace", Blank(command.Namespace));
        if (command.DisplayName is not null) Set("display_name", Blank(command.DisplayName));
        if (command.Aliases is not null) Set("aliases", Aliases(command.Aliases));
        if (command.Color is not null) Set("color", Blank(command.Color));
        if (command.Description is not null) Set("description", Blank(command.Description));
        if (command.Privacy is { } privacy) Set("privacy_level", Privacy(privacy));
        foreach (var parent in command.AddParents ?? [])
            AddParent(tx, TagRefs.ResolveOne(connection, tx, parent), id, now);
        foreach (var parent in command.RemoveParents ?? [])
            Execute(tx, "DELETE FROM tag_relationships WHERE parent_id = $p AND child_id = $c AND relationship_type = 'parent_child'",
                ("$p", TagRefs.ResolveOne(connection, tx, parent)), ("$c", id));
        if (command.AddParents is { Count: > 0 } || command.RemoveParents is { Count: > 0 }) RebuildClosure(tx);
        var info = Get(tx, id);
        return info;
    }

    public TagDeleted Delete(DeleteTag command)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var result = Delete(command, tx);
        tx.Commit();
        return result;
    }

    /// <summary>The same change inside the caller's transaction (the action system commits it with its audit record, or rolls it back for a preview).</summary>
    public TagDeleted Delete(DeleteTag command, SqliteTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tx);
        var id = TagRefs.ResolveOne(connection, tx, command.Tag);
        var info = Get(tx, id);
        // Relationships and applications go by ON DELETE CASCADE; children stay, without this parent.
        Execute(tx, "DELETE FROM tags WHERE id = $id", ("$id", id));
        DeleteEmptyMetadata(tx);
        RebuildClosure(tx);
        return new TagDeleted(info.Id, info.Name, info.Applications);
    }

    public TagsApplied Apply(ApplyTags command)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var result = Apply(command, tx);
        tx.Commit();
        return result;
    }

    /// <summary>The same change inside the caller's transaction (the action system commits it with its audit record, or rolls it back for a preview).</summary>
    public TagsApplied Apply(ApplyTags command, SqliteTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tx);
        var tags = command.Tags.Select(t => TagRefs.ResolveOne(connection, tx, t)).Distinct().ToList();
        var targets = ResolveTargets(tx, command.Targets, command.Scope);
        var now = UnixNanos.Now(time);
        long changed = 0;
        foreach (var target in targets)
        {
            var metadata = EnsureMetadata(tx, target, command.Scope, now);
            foreach (var tag in tags)
            {
                changed += Execute(tx, """
                    INSERT INTO user_metadata_tags (uuid, user_metadata_id, tag_id, source, created_at, updated_at)
                    VALUES ($uuid, $m, $t, 'user', $now, $now) ON CONFLICT (user_metadata_id, tag_id) DO NOTHING
                    """, ("$uuid", Guid.CreateVersion7().ToString("D")), ("$m", metadata), ("$t", tag), ("$now", now));
            }
        }
        return new TagsApplied(changed, [.. targets.Select(t => new TagApplication(t.EntryUuid, t.Path, command.Scope))]);
    }

    public TagsApplied Remove(RemoveTags command)
    {
        using var tx = connection.BeginTransaction(deferred: false);
        var result = Remove(command, tx);
        tx.Commit();
        return result;
    }

    /// <summary>The same change inside the caller's transaction (the action system commits it with its audit record, or rolls it back for a preview).</summary>
    public TagsApplied Remove(RemoveTags command, SqliteTransaction tx)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(tx);
        var tags = command.Tags.SelectMany(t => TagRefs.Resolve(connection, tx, t)).Distinct().ToList();
        var targets = ResolveTargets(tx, command.Targets, command.Scope);
        long changed = 0;
        foreach (var target in targets)
        {
            var column = command.Scope == TagScope.Content ? "content_identity_uuid" : "entry_uuid";
            object scopeUuid = command.Scope == TagScope.Content ? target.ContentUuid! : EntryUuid.ToBlob(target.EntryUuid);
            changed += Execute(tx, $"""
                DELETE FROM user_metadata_tags WHERE tag_id IN ({SqliteSearchSource.Ids(tags)})
                   AND user_metadata_id IN (SELECT id FROM user_metadata WHERE {column} = $u)
                """, ("$u", scopeUuid));
        }
        DeleteEmptyMetadata(tx);
        return new TagsApplied(changed, [.. targets.Select(t => new TagApplication(t.EntryUuid, t.Path, command.Scope))]);
    }

    public IReadOnlyList<TagInfo> List(ListTags request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var where = request.IncludeHidden ? "1" : "t.privacy_level <> 'hidden'";
        var tags = Query(null, $"SELECT {TagColumns} FROM tags t WHERE {where} ORDER BY t.namespace, t.canonical_name COLLATE NOCASE, t.id");
        return request.Namespace is null ? tags : [.. tags.Where(t => string.Equals(t.Namespace, request.Namespace, StringComparison.OrdinalIgnoreCase))];
    }

    public IReadOnlyList<TagTreeNode> Tree(GetTagTree request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var tags = List(new ListTags(request.Library, IncludeHidden: request.IncludeHidden)).ToDictionary(t => t.Id);
        var children = tags.Values.SelectMany(t => t.Parents.Where(tags.ContainsKey).Select(p => (Parent: p, Child: t.Id)))
            .ToLookup(p => p.Parent, p => p.Child);
        TagTreeNode Node(Guid id) => new(id, tags[id].Name, tags[id].Namespace, [.. children[id].Select(Node)]);
        return [.. tags.Values.Where(t => !t.Parents.Any(tags.ContainsKey)).Select(t => Node(t.Id))];
    }

    public TagDetails Show(ShowTag request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = TagRefs.ResolveOne(connection, null, request.Tag);
        var tag = Get(null, id);
        var parents = Query(null, $"SELECT {TagColumns} FROM tag_relationships r JOIN tags t ON t.id = r.parent_id WHERE r.child_id = {id} AND r.relationship_type = 'parent_child' ORDER BY t.canonical_name");
        var children = Query(null, $"SELECT {TagColumns} FROM tag_relationships r JOIN tags t ON t.id = r.child_id WHERE r.parent_id = {id} AND r.relationship_type = 'parent_child' ORDER BY t.canonical_name");
        var tagged = SqliteSearchSource.TaggedEntries([id]);
        var count = Convert.ToInt64(Scalar(null, $"SELECT COUNT(DISTINCT id) FROM ({tagged})"), CultureInfo.InvariantCulture);
        var entries = new List<TagApplication>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.CommandText = $"""
                SELECT e.uuid, {SqliteSearchSource.PathExpr},
                       EXISTS (SELECT 1 FROM user_metadata um JOIN user_metadata_tags umt ON umt.user_metadata_id = um.id
                                JOIN tag_closure tc ON tc.descendant_id = umt.tag_id AND tc.ancestor_id = {id}
                               WHERE um.entry_uuid = e.uuid)
                  FROM entries e LEFT JOIN directory_paths pp ON pp.entry_id = e.parent_id LEFT JOIN directory_paths sp ON sp.entry_id = e.id
                 WHERE e.id IN ({tagged})
                 ORDER BY 2 LIMIT {Math.Clamp(request.Limit, 0, SearchQuery.MaxLimit)}
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
                entries.Add(new TagApplication(EntryUuid.Read(r, 0), r.GetString(1), r.GetInt64(2) == 1 ? TagScope.Entry : TagScope.Content));
        }
        return new TagDetails(tag, parents, children, count, entries);
    }

    /// <summary>Recomputes tag_closure from the parent_child relationships (tags are few: thousands at most).</summary>
    public void RebuildClosure(SqliteTransaction tx)
    {
        Execute(tx, "DELETE FROM tag_closure");
        Execute(tx, """
            WITH RECURSIVE r (a, d, depth) AS (
                SELECT id, id, 0 FROM tags
                UNION
                SELECT r.a, tr.child_id, r.depth + 1 FROM r JOIN tag_relationships tr ON tr.parent_id = r.d AND tr.relationship_type = 'parent_child'
            )
            INSERT INTO tag_closure (ancestor_id, descendant_id, depth, path_strength) SELECT a, d, MIN(depth), 1.0 FROM r GROUP BY a, d
            """);
    }

    private void AddParent(SqliteTransaction tx, long parent, long child, long now)
    {
        if (parent == child)
            throw new SearchException(SearchErrors.TagCycle, "A tag cannot be its own parent.");
        // parent must not already be a descendant of child (closure is current: rebuilt after every change).
        if (Scalar(tx, $"SELECT 1 FROM tag_closure WHERE ancestor_id = {child} AND descendant_id = {parent}") is not null)
            throw new SearchException(SearchErrors.TagCycle,
                $"'{Get(tx, parent).Name}' is already under '{Get(tx, child).Name}'; making it its parent would make a cycle.");
        Execute(tx, """
            INSERT INTO tag_relationships (uuid, parent_id, child_id, relationship_type, created_at, updated_at)
            VALUES ($uuid, $p, $c, 'parent_child', $now, $now) ON CONFLICT (parent_id, child_id, relationship_type) DO NOTHING
            """, ("$uuid", Guid.CreateVersion7().ToString("D")), ("$p", parent), ("$c", child), ("$now", now));
        RebuildClosure(tx);
    }

    private sealed record Target(long EntryId, Guid EntryUuid, string Path, string? ContentUuid);

    private List<Target> ResolveTargets(SqliteTransaction tx, IReadOnlyList<string> targets, TagScope scope)
    {
        if (targets.Count == 0) throw new SearchException(SearchErrors.BadRequest, "Name at least one entry (path or id).");
        var list = new List<Target>();
        foreach (var target in targets)
        {
            var t = ResolveEntry(tx, target) ?? throw new SearchException(SearchErrors.EntryNotFound, $"'{target}' is not in the library's index.");
            if (scope == TagScope.Content && t.ContentUuid is null)
                throw new SearchException(SearchErrors.NoContentIdentity, $"'{t.Path}' has no content identity yet (directories and empty files never do); tag the entry instead.");
            if (!list.Any(x => x.EntryId == t.EntryId)) list.Add(t);
        }
        return list;
    }

    private Target? ResolveEntry(SqliteTransaction tx, string target)
    {
        var text = target.Trim();
        string where;
        object value;
        if (Guid.TryParse(text, out var uuid))
        {
            where = "e.uuid = $v";
            value = EntryUuid.ToBlob(uuid);
        }
        else
        {
            var path = SqliteSearchSource.NormalizePath(text);
            if (!path.StartsWith('/')) throw new SearchException(SearchErrors.BadRequest, $"'{target}' is neither an entry id nor an absolute path.");
            where = "(e.id IN (SELECT entry_id FROM directory_paths WHERE path = $v) OR (e.parent_id IN (SELECT entry_id FROM directory_paths WHERE path = $dir) AND e.name = $name))";
            value = path;
        }
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"""
            SELECT e.id, e.uuid, {SqliteSearchSource.PathExpr}, ci.uuid FROM entries e
              LEFT JOIN content_identities ci ON ci.id = e.content_id
              LEFT JOIN directory_paths pp ON pp.entry_id = e.parent_id LEFT JOIN directory_paths sp ON sp.entry_id = e.id
             WHERE {where} LIMIT 1
            """;
        cmd.Parameters.AddWithValue("$v", value);
        var p = value as string ?? "";
        var slash = p.LastIndexOf('/');
        cmd.Parameters.AddWithValue("$dir", slash <= 0 ? "/" : p[..slash]);
        cmd.Parameters.AddWithValue("$name", slash < 0 ? p : p[(slash + 1)..]);
        using var r = cmd.ExecuteReader();
        return r.Read() ? new Target(r.GetInt64(0), EntryUuid.Read(r, 1), r.IsDBNull(2) ? "" : r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3)) : null;
    }

    private long EnsureMetadata(SqliteTransaction tx, Target target, TagScope scope, long now)
    {
        var column = scope == TagScope.Content ? "content_identity_uuid" : "entry_uuid";
        object scopeUuid = scope == TagScope.Content ? target.ContentUuid! : EntryUuid.ToBlob(target.EntryUuid);
        if (Scalar(tx, $"SELECT id FROM user_metadata WHERE {column} = $u", ("$u", scopeUuid)) is long existing) return existing;
        return Insert(tx, $"INSERT INTO user_metadata (uuid, {column}, created_at, updated_at) VALUES ($uuid, $u, $now, $now) RETURNING id",
            ("$uuid", Guid.CreateVersion7().ToString("D")), ("$u", scopeUuid), ("$now", now));
    }

    /// <summary>user_metadata rows made only to hold tags go when their last tag goes.</summary>
    private void DeleteEmptyMetadata(SqliteTransaction tx) => Execute(tx, """
        DELETE FROM user_metadata WHERE notes IS NULL AND favorite = 0 AND hidden = 0 AND custom_data IS NULL
           AND NOT EXISTS (SELECT 1 FROM user_metadata_tags WHERE user_metadata_id = user_metadata.id)
        """);

    private TagInfo Get(SqliteTransaction? tx, long id) =>
        Query(tx, $"SELECT {TagColumns} FROM tags t WHERE t.id = {id}").Single();

    private List<TagInfo> Query(SqliteTransaction? tx, string sql)
    {
        var rows = new List<(long Id, TagInfo Info)>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = sql;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                rows.Add((r.GetInt64(0), new TagInfo(
                    Guid.Parse(r.GetString(1)), r.GetString(2), r.IsDBNull(3) ? null : r.GetString(3), r.IsDBNull(4) ? null : r.GetString(4),
                    TagRefs.ParseAliases(r.GetString(5)), r.IsDBNull(6) ? null : r.GetString(6), r.IsDBNull(7) ? null : r.GetString(7),
                    r.GetString(8) switch { "archive" => TagPrivacy.Archive, "hidden" => TagPrivacy.Hidden, _ => TagPrivacy.Normal },
                    [], 0, UnixNanos.ToDateTimeOffset(r.GetInt64(9)), UnixNanos.ToDateTimeOffset(r.GetInt64(10)))));
            }
        }
        if (rows.Count == 0) return [];
        var ids = SqliteSearchSource.Ids(rows.Select(r => r.Id));
        var parents = new Dictionary<long, List<Guid>>();
        var counts = new Dictionary<long, long>();
        using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = $"""
                SELECT r.child_id, p.uuid, NULL FROM tag_relationships r JOIN tags p ON p.id = r.parent_id
                 WHERE r.child_id IN ({ids}) AND r.relationship_type = 'parent_child'
                UNION ALL
                SELECT tag_id, NULL, COUNT(*) FROM user_metadata_tags WHERE tag_id IN ({ids}) GROUP BY tag_id
                """;
            using var r = cmd.ExecuteReader();
            while (r.Read())
            {
                if (!r.IsDBNull(1))
                {
                    if (!parents.TryGetValue(r.GetInt64(0), out var list)) parents[r.GetInt64(0)] = list = [];
                    list.Add(Guid.Parse(r.GetString(1)));
                }
                else counts[r.GetInt64(0)] = r.GetInt64(2);
            }
        }
        return [.. rows.Select(x => x.Info with { Parents = parents.GetValueOrDefault(x.Id) ?? [], Applications = counts.GetValueOrDefault(x.Id) })];
    }

    private static string CleanName(string name)
    {
        var clean = string.Join(' ', (name ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (clean.Length == 0) throw new SearchException(SearchErrors.BadRequest, "A tag needs a name.");
        if (clean.Length > 255) throw new SearchException(SearchErrors.BadRequest, "A tag name has at most 255 characters.");
        return clean;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Aliases(IReadOnlyList<string>? aliases) =>
        JsonSerializer.Serialize((aliases ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToArray());

    private static string Privacy(TagPrivacy privacy) => privacy switch
    {
        TagPrivacy.Archive => "archive",
        TagPrivacy.Hidden => "hidden",
        _ => "normal",
    };

    private long Insert(SqliteTransaction tx, string sql, params (string, object?)[] parameters) =>
        Convert.ToInt64(Scalar(tx, sql, parameters), CultureInfo.InvariantCulture);

    private object? Scalar(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd.ExecuteScalar();
    }

    private int Execute(SqliteTransaction tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return cmd.ExecuteNonQuery();
    }
}
