using Spacedrive.Messages.Actions;
using Spacedrive.Messages.Tags;
using Spacedrive.Storage.Tags;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// Tag changes as actions (issue 8: every tag change is audited). Each is one <see cref="TagStore"/> transaction:
/// validated and previewed by trying it and rolling back, committed with its audit record in the same transaction.
/// Replies are the tag operations' own (<see cref="TagReply"/>, <see cref="TagDeleted"/>, <see cref="TagsApplied"/>).
/// </summary>
public static class TagActions
{
    public abstract class TagAction<TRequest, TReply> : ActionKind<TRequest> where TRequest : class where TReply : notnull
    {
        protected abstract TReply Run(TagStore store, TRequest request, Microsoft.Data.Sqlite.SqliteTransaction tx);

        protected abstract IReadOnlyList<PreviewChange> Changes(TRequest request, TReply reply);

        protected abstract string Summary(TRequest request, TReply reply);

        private static TagStore Store(ActionContext context) => new(context.Db, context.Time);

        public override Task ValidateAsync(TRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            context.Trial(tx => Run(Store(context), request, tx));
            return Task.CompletedTask;
        }

        public override Task<ActionPreview> PreviewAsync(TRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var reply = context.Trial(tx => Run(Store(context), request, tx));
            return Task.FromResult(Preview(request, Changes(request, reply), Summary(request, reply)));
        }

        public override Task<object> CommitAsync(TRequest request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            return Task.FromResult<object>(context.Commit(tx => Run(Store(context), request, tx)));
        }
    }

    public sealed class Create : TagAction<CreateTag, TagInfo>
    {
        public override string Name => "tag.create";

        public override IReadOnlyList<string> Targets(CreateTag request) => [Label(request.Namespace, request.Name)];

        protected override TagInfo Run(TagStore store, CreateTag request, Microsoft.Data.Sqlite.SqliteTransaction tx) => store.Create(request, tx);

        protected override IReadOnlyList<PreviewChange> Changes(CreateTag request, TagInfo reply) =>
            [new("create", Label(reply.Namespace, reply.Name), reply.Parents.Count > 0 ? $"{reply.Parents.Count} parent(s)" : null)];

        protected override string Summary(CreateTag request, TagInfo reply) => $"Would create tag '{Label(reply.Namespace, reply.Name)}'.";

        public override async Task<object> CommitAsync(CreateTag request, ActionContext context) => new TagReply((TagInfo)await base.CommitAsync(request, context).ConfigureAwait(false));
    }

    public sealed class Update : TagAction<UpdateTag, TagInfo>
    {
        public override string Name => "tag.update";

        public override IReadOnlyList<string> Targets(UpdateTag request) => [request.Tag];

        protected override TagInfo Run(TagStore store, UpdateTag request, Microsoft.Data.Sqlite.SqliteTransaction tx) => store.Update(request, tx);

        protected override IReadOnlyList<PreviewChange> Changes(UpdateTag request, TagInfo reply) =>
            [new("update", request.Tag, request.NewName is null ? null : $"renamed to {Label(reply.Namespace, reply.Name)}")];

        protected override string Summary(UpdateTag request, TagInfo reply) => $"Would update tag '{request.Tag}'.";

        public override async Task<object> CommitAsync(UpdateTag request, ActionContext context) => new TagReply((TagInfo)await base.CommitAsync(request, context).ConfigureAwait(false));
    }

    public sealed class Delete : TagAction<DeleteTag, TagDeleted>
    {
        public override string Name => "tag.delete";

        public override IReadOnlyList<string> Targets(DeleteTag request) => [request.Tag];

        protected override TagDeleted Run(TagStore store, DeleteTag request, Microsoft.Data.Sqlite.SqliteTransaction tx) => store.Delete(request, tx);

        protected override IReadOnlyList<PreviewChange> Changes(DeleteTag request, TagDeleted reply) =>
            [new("delete", reply.Name, $"{reply.Applications} application(s) removed")];

        protected override string Summary(DeleteTag request, TagDeleted reply) => $"Would delete tag '{reply.Name}' and its {reply.Applications} application(s).";
    }

    public sealed class Apply : TagAction<ApplyTags, TagsApplied>
    {
        public override string Name => "tag.apply";

        public override IReadOnlyList<string> Targets(ApplyTags request) => [.. request.Tags.Select(t => "tag:" + t), .. request.Targets];

        protected override TagsApplied Run(TagStore store, ApplyTags request, Microsoft.Data.Sqlite.SqliteTransaction tx) => store.Apply(request, tx);

        protected override IReadOnlyList<PreviewChange> Changes(ApplyTags request, TagsApplied reply) =>
            [.. reply.Targets.Select(t => new PreviewChange("apply", t.Path, string.Join(", ", request.Tags)))];

        protected override string Summary(ApplyTags request, TagsApplied reply) => $"Would apply {reply.Changed} tag application(s) to {reply.Targets.Count} target(s).";
    }

    public sealed class Remove : TagAction<RemoveTags, TagsApplied>
    {
        public override string Name => "tag.remove";

        public override IReadOnlyList<string> Targets(RemoveTags request) => [.. request.Tags.Select(t => "tag:" + t), .. request.Targets];

        protected override TagsApplied Run(TagStore store, RemoveTags request, Microsoft.Data.Sqlite.SqliteTransaction tx) => store.Remove(request, tx);

        protected override IReadOnlyList<PreviewChange> Changes(RemoveTags request, TagsApplied reply) =>
            [.. reply.Targets.Select(t => new PreviewChange("remove", t.Path, string.Join(", ", request.Tags)))];

        protected override string Summary(RemoveTags request, TagsApplied reply) => $"Would remove {reply.Changed} tag application(s) from {reply.Targets.Count} target(s).";
    }

    private static string Label(string? ns, string name) => string.IsNullOrWhiteSpace(ns) ? name : $"{ns}:{name}";
}
