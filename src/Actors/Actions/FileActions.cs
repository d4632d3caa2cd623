using Spacedrive.Actors.Files;
using Spacedrive.Actors.Indexing.Native;
using Spacedrive.Messages.Actions;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Actions;

/// <summary>
/// File operations as actions: <c>file.mkdir</c> and <c>file.rename</c> change the disk and then the index in one
/// audited transaction (the disk change is undone when the transaction fails); <c>file.delete</c> starts a
/// <see cref="FileDeleteJob"/>. The index follows by <see cref="IndexEdits"/> (renamed entries keep their uuid, tags
/// and metadata); paths outside every location still work, the index is simply not involved.
/// </summary>
public static class FileActions
{
    public sealed class MakeDir : ActionKind<MakeDirectory>
    {
        public override string Name => "file.mkdir";

        public override IReadOnlyList<string> Targets(MakeDirectory request) => [Full(request.Path)];

        public override Task ValidateAsync(MakeDirectory request, ActionContext context)
        {
            var path = Full(request.Path);
            CheckName(Path.GetFileName(path));
            var parent = Path.GetDirectoryName(path) ?? "/";
            if (!Directory.Exists(parent)) throw new ActionException(ActionErrors.NotFound, $"The parent folder '{parent}' does not exist.");
            if (Path.Exists(path)) throw new ActionException(ActionErrors.Conflict, $"'{path}' already exists.");
            return Task.CompletedTask;
        }

        public override Task<ActionPreview> PreviewAsync(MakeDirectory request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var path = Full(request.Path);
            var indexed = context.Trial(tx => new IndexEdits(context.Db, tx).Find(Path.GetDirectoryName(path) ?? "/")) is { Kind: EntryKind.Directory };
            return Task.FromResult(new ActionPreview(Name, [path], [new("create", path, indexed ? "and index it" : null)], 0, 0, [], null, false,
                $"Would create the folder '{path}'{(indexed ? " and add it to the index" : "")}."));
        }

        public override string? Verify(MakeDirectory request, object reply, ActionContext context) =>
            Directory.Exists(Full(request.Path)) ? null : "the folder is not there after creating it";

        public override Task<object> CommitAsync(MakeDirectory request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var path = Full(request.Path);
            Directory.CreateDirectory(path);
            try
            {
                var entry = context.Commit(tx =>
                {
                    using var edits = new IndexEdits(context.Db, tx);
                    if (edits.Find(Path.GetDirectoryName(path) ?? "/") is not { Kind: EntryKind.Directory } parent) return Guid.Empty;
                    var uuid = Guid.CreateVersion7();
                    DirectoryReader.TryStat(path, followSymlink: false, out var stat, out _);
                    edits.InsertDirectory(parent, Path.GetFileName(path), uuid, UnixNanos.Now(context.Time), stat.ModifiedNs, stat.Inode);
                    return uuid;
                });
                return Task.FromResult<object>(new FileActionReply(context.LibraryId, Name, path, entry != Guid.Empty, entry == Guid.Empty ? null : entry, context.Record!.Id));
            }
            catch
            {
                Directory.Delete(path);
                throw;
            }
        }
    }

    public sealed class Rename : ActionKind<RenameFile>
    {
        public override string Name => "file.rename";

        public override IReadOnlyList<string> Targets(RenameFile request) => [Full(request.Path), request.NewName];

        public override Task ValidateAsync(RenameFile request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var path = Full(request.Path);
            CheckName(request.NewName);
            if (!DirectoryReader.TryStat(path, followSymlink: false, out _, out _)) throw new ActionException(ActionErrors.NotFound, $"'{path}' does not exist.");
            var target = Target(path, request.NewName);
            if (target == path) throw new ActionException(ActionErrors.Invalid, $"'{path}' already has that name.");
            if (DirectoryReader.TryStat(target, followSymlink: false, out _, out _))
                throw new ActionException(ActionErrors.Conflict, $"'{target}' already exists; nothing was renamed.");
            if (context.Trial(tx => new IndexEdits(context.Db, tx).Find(path)) is { ParentId: null })
                throw new ActionException(ActionErrors.Invalid, $"'{path}' is a location's root: rename it outside the library, then add it again.");
            return Task.CompletedTask;
        }

        public override Task<ActionPreview> PreviewAsync(RenameFile request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var path = Full(request.Path);
            var entry = context.Trial(tx => new IndexEdits(context.Db, tx).Find(path));
            var (files, bytes) = entry is { } e ? (e.Files, e.Bytes) : Measure(path);
            var target = Target(path, request.NewName);
            return Task.FromResult(new ActionPreview(Name, [path], [new("rename", path, target)], files, bytes, [], null, false,
                $"Would rename '{path}' to '{request.NewName}'{(entry is null ? "" : " (its index entry keeps its id, tags and metadata)")}."));
        }

        public override string? Verify(RenameFile request, object reply, ActionContext context)
        {
            var path = Full(request.Path);
            return DirectoryReader.TryStat(Target(path, request.NewName), followSymlink: false, out _, out _) ? null : "the new name is not there after renaming";
        }

        public override Task<object> CommitAsync(RenameFile request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var path = Full(request.Path);
            var target = Target(path, request.NewName);
            Move(path, target);
            try
            {
                var entry = context.Commit(tx =>
                {
                    using var edits = new IndexEdits(context.Db, tx);
                    if (edits.Find(path) is not { ParentId: { } parent } found) return Guid.Empty;
                    edits.Move(found, parent, request.NewName);
                    return found.Uuid;
                }, [path, target]);
                return Task.FromResult<object>(new FileActionReply(context.LibraryId, Name, target, entry != Guid.Empty, entry == Guid.Empty ? null : entry, context.Record!.Id));
            }
            catch
            {
                Move(target, path);
                throw;
            }
        }

        private static string Target(string path, string newName) => Path.Combine(Path.GetDirectoryName(path) ?? "/", newName);

        private static void Move(string from, string to)
        {
            if (Directory.Exists(from) && !File.GetAttributes(from).HasFlag(FileAttributes.ReparsePoint)) Directory.Move(from, to);
            else File.Move(from, to, overwrite: false);
        }
    }

    public sealed class Delete : ActionKind<DeleteFiles>
    {
        public override string Name => "file.delete";

        public override IReadOnlyList<string> Targets(DeleteFiles request) => [.. (request.Paths ?? []).Select(Full)];

        public override Task ValidateAsync(DeleteFiles request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            if (request.Paths is not { Count: > 0 }) throw new ActionException(ActionErrors.Invalid, "Name at least one path to delete.");
            foreach (var path in Targets(request))
            {
                if (path == "/") throw new ActionException(ActionErrors.Invalid, "Refusing to delete '/'.");
                if (!DirectoryReader.TryStat(path, followSymlink: false, out _, out _)) throw new ActionException(ActionErrors.NotFound, $"'{path}' does not exist.");
                if (context.Trial(tx => new IndexEdits(context.Db, tx).Find(path)) is { ParentId: null })
                    throw new ActionException(ActionErrors.Invalid, $"'{path}' is a location's root: remove the location first (`sd location remove`).");
            }
            return Task.CompletedTask;
        }

        public override Task<ActionPreview> PreviewAsync(DeleteFiles request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            long files = 0, bytes = 0;
            var changes = new List<PreviewChange>();
            foreach (var path in Targets(request))
            {
                var (f, b) = Measure(path);
                files += f;
                bytes += b;
                var indexed = context.Trial(tx => new IndexEdits(context.Db, tx).Find(path)) is not null;
                changes.Add(new(request.Permanent ? "delete" : "trash", path, $"{f} file(s), {b} byte(s){(indexed ? "; removed from the index" : "")}"));
            }
            return Task.FromResult(new ActionPreview(Name, Targets(request), changes, files, bytes, [], null, StartsJob: true,
                $"Would {(request.Permanent ? "permanently delete" : "move to the trash")} {changes.Count} item(s): {files} file(s), {bytes} byte(s)."));
        }

        public override async Task<object> CommitAsync(DeleteFiles request, ActionContext context)
        {
            ArgumentNullException.ThrowIfNull(context);
            var configured = context.Config.GetString("spacedrive.files.trash-dir", "");
            var trash = string.IsNullOrWhiteSpace(configured) ? FreedesktopTrash.FromEnvironment().HomeTrash : Path.GetFullPath(configured);
            var state = new FileDeleteJobState([.. Targets(request)], request.Permanent, trash);
            var job = await context.StartJobAsync(FileDeleteJob.TypeName, FileDeleteJob.Definition.Serialize(state)).ConfigureAwait(false);
            return new FileJobReply(context.LibraryId, Name, context.Record!.Id, job);
        }
    }

    private static string Full(string path)
    {
        if (string.IsNullOrWhiteSpace(path) || !Path.IsPathFullyQualified(path))
            throw new ActionException(ActionErrors.Invalid, $"'{path}' is not an absolute path.");
        var full = Path.GetFullPath(path);
        return full.Length > 1 ? full.TrimEnd('/') : full;
    }

    private static void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name is "." or ".." || name.Contains('/', StringComparison.Ordinal) || name.Contains('\0', StringComparison.Ordinal))
            throw new ActionException(ActionErrors.InvalidName, $"'{name}' is not a valid file name (no '/', not empty, not '.' or '..').");
    }

    /// <summary>Files and bytes under a path (the path itself when it is a file).</summary>
    private static (long Files, long Bytes) Measure(string path)
    {
        if (!DirectoryReader.TryStat(path, followSymlink: false, out var stat, out _)) return (0, 0);
        if (stat.Kind != EntryKind.Directory) return (1, stat.Size);
        long files = 0, bytes = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var file in new DirectoryInfo(path).EnumerateFiles("*", options))
        {
            files++;
            bytes += file.Length;
        }
        return (files, bytes);
    }
}
