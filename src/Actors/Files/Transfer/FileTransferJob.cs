using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Actors.Files.Transfer.Native;
using Spacedrive.Actors.Jobs;
using Spacedrive.Messages.Files;

namespace Spacedrive.Actors.Files.Transfer;

/// <summary>A file the transfer could not carry out, and why (the source is untouched).</summary>
public sealed record TransferFailure(string Source, string Destination, string Error);

/// <summary>One item carried out: where it came from and where it is now (for the library's index update).</summary>
public sealed record TransferPair(string Source, string Destination, string Kind);

/// <summary>
/// The transfer job's state and checkpoint: the request; once planned (the plan is a file in the library's transfer
/// folder), how many plan items are done, the byte offset reached inside the current large file (with the source's
/// size and mtime then, so a changed source starts over), the length of the done manifest, and the counts.
/// </summary>
public sealed record FileTransferState(
    TransferRequest Request,
    bool Planned = false,
    string? Destination = null,
    bool CreateDestination = false,
    int TotalItems = 0,
    long TotalFiles = 0,
    long TotalBytes = 0,
    int NextIndex = 0,
    long Offset = 0,
    long OffsetSourceSize = 0,
    long OffsetSourceMtimeNs = 0,
    long DoneLength = 0,
    long Files = 0,
    long Directories = 0,
    long Symlinks = 0,
    long Bytes = 0,
    long Skipped = 0,
    long Failed = 0,
    long Verified = 0,
    IReadOnlyList<TransferFailure>? Failures = null);

/// <summary>What a finished transfer did. <see cref="Pairs"/>: the items done (the first output-pairs of them; all are in <see cref="Manifest"/>, one JSON object per line).</summary>
public sealed record FileTransferOutput(
    TransferMode Mode,
    string Destination,
    long Files,
    long Directories,
    long Symlinks,
    long Bytes,
    long Skipped,
    long Failed,
    long Verified,
    double Seconds,
    double BytesPerSecond,
    IReadOnlyList<TransferFailure> Failures,
    IReadOnlyList<TransferPair> Pairs,
    bool PairsTruncated,
    string Manifest);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(FileTransferState))]
[JsonSerializable(typeof(FileTransferOutput))]
[JsonSerializable(typeof(TransferPair))]
internal sealed partial class FileTransferJsonContext : JsonSerializerContext;

/// <summary>
/// <c>files.transfer</c>: copies or moves files and folders (<c>sd file copy</c>, <c>sd file move</c>). Plans once (the
/// plan is saved, so a resumed job does exactly the same items), then works in batches: files are written under a
/// temporary name in their destination folder, made durable, renamed into place without replacing, verified when
/// asked, and (move) only then is the source removed. A resumed job re-checks each pending item (already at the
/// destination? still at the source?), so after a kill -9 every file is whole at one place or the other, never lost,
/// never twice. A large file resumes at its checkpointed offset. Failed files are listed in the output and leave their
/// source untouched; a full disk fails the job cleanly (no partial file anywhere) and `sd job retry` goes on.
/// </summary>
public sealed class FileTransferJob : IJob<FileTransferState>
{
    public const string TypeName = "files.transfer";

    public static TransferServices DefaultServices { get; } = new(new TransferSettings(), Path.Combine(Path.GetTempPath(), "sd-transfers"));

    public static JobDefinition<FileTransferState> Definition { get; } = new(
        TypeName, resumable: true, "Copies or moves files and folders", "bytes",
        FileTransferJsonContext.Default.FileTransferState, () => new FileTransferJob(),
        describe: s => $"{s.Request.Mode.ToString().ToLowerInvariant()} {string.Join(", ", s.Request.Sources)} to {s.Request.Destination}",
        validate: s => s.Request.Sources is not { Count: > 0 } ? "no source given"
            : string.IsNullOrWhiteSpace(s.Request.Destination) || !Path.IsPathFullyQualified(s.Request.Destination) || s.Request.Sources.Any(p => !Path.IsPathFullyQualified(p))
                ? "source and destination paths must be absolute"
                : null)
    {
        // The plan and the manifest of done files serve resumes and `job info`; a cleared job needs neither.
        Forget = (services, id) =>
        {
            var work = services.Get<TransferServices>() ?? DefaultServices;
            File.Delete(PlanPath(work, id));
            File.Delete(ManifestPath(work, id));
        },
    };

    /// <summary>The queue request for a <see cref="StartTransfer"/> (paths made absolute).</summary>
    public static JobManager.EnqueueJob Enqueue(StartTransfer start)
    {
        ArgumentNullException.ThrowIfNull(start);
        return new JobManager.EnqueueJob(TypeName, Definition.Serialize(new FileTransferState(Absolute(start.Request))), start.Priority, null);
    }

    /// <summary>The request with absolute paths (a trailing '/' of the destination is kept: it means "into a folder").</summary>
    public static TransferRequest Absolute(TransferRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var destination = Path.GetFullPath(request.Destination);
        if (request.Destination.EndsWith('/') && !destination.EndsWith('/')) destination += "/";
        return request with { Sources = [.. request.Sources.Select(Path.GetFullPath)], Destination = destination };
    }

    public Task<JsonElement?> RunAsync(JobContext<FileTransferState> ctx, FileTransferState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(state);
        return new TransferRun(ctx, state, ctx.Services.Get<TransferServices>() ?? DefaultServices).RunAsync(cancellationToken);
    }

    public static string PlanPath(TransferServices services, Guid jobId) => Path.Combine(services.WorkDirectory, jobId.ToString("N") + ".plan.jsonl");

    public static string ManifestPath(TransferServices services, Guid jobId) => Path.Combine(services.WorkDirectory, jobId.ToString("N") + ".done.jsonl");
}

/// <summary>One run of a transfer job: the mutable state between checkpoints.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The manifest stream is disposed at the end of RunAsync, which owns it.")]
internal sealed class TransferRun : IChunkObserver
{
    private enum Outcome
    {
        Done,
        Skipped,
        Failed,
    }

    private sealed class ItemResult(PlannedItem item)
    {
        public PlannedItem Item { get; } = item;
        public Outcome Outcome { get; set; } = Outcome.Done;
        public string Destination { get; set; } = item.Destination;
        public StagedCopy? Staged { get; set; }
        public bool DeleteSource { get; set; }
        public bool Committed { get; set; }
        public string? Error { get; set; }
    }

    private readonly JobContext<FileTransferState> _ctx;
    private readonly TransferServices _services;
    private readonly TransferSettings _settings;
    private readonly TransferEngine _engine;
    private readonly string _tag;
    private readonly bool _resumed;
    private readonly bool _move;
    private readonly List<TransferFailure> _failures;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private FileTransferState _state;
    private FileStream? _manifest;
    private long _bytesAtStart;
    private int _current;

    public TransferRun(JobContext<FileTransferState> ctx, FileTransferState state, TransferServices services)
    {
        _ctx = ctx;
        _state = state;
        _services = services;
        _settings = services.Settings;
        _engine = new TransferEngine(_settings, services.Faults);
        _tag = ctx.JobId.ToString("N")[..8];
        _resumed = state.Planned;
        _move = state.Request.Mode == TransferMode.Move;
        _failures = [.. state.Failures ?? []];
    }

    public async Task<JsonElement?> RunAsync(CancellationToken ct)
    {
        Directory.CreateDirectory(_services.WorkDirectory);
        var planPath = FileTransferJob.PlanPath(_services, _ctx.JobId);
        var manifestPath = FileTransferJob.ManifestPath(_services, _ctx.JobId);
        IReadOnlyList<PlannedItem> items;
        if (!_state.Planned)
        {
            var plan = TransferPlanner.Plan(_state.Request, _settings);
            if (plan.Refusal is { } refusal) throw refusal;
            foreach (var warning in plan.Preview.Warnings) _ctx.AddWarning(warning);
            WritePlan(planPath, plan.Items);
            if (File.Exists(manifestPath)) File.Delete(manifestPath);
            _state = _state with
            {
                Planned = true, Destination = plan.Destination, CreateDestination = plan.CreateDestination, TotalItems = plan.Items.Count,
                TotalFiles = plan.Preview.Files, TotalBytes = plan.Preview.Bytes,
            };
            items = plan.Items;
            await _ctx.CheckpointAsync(_state).ConfigureAwait(false);
            _ctx.Log($"Planned {plan.Items.Count} items ({plan.Preview.Files} files, {plan.Preview.Bytes:N0} bytes); strategies: " +
                string.Join(", ", plan.Preview.Strategies.Select(s => $"{s.Key} {s.Value}")));
        }
        else
        {
            items = ReadPlan(planPath);
            _ctx.Log($"Resuming at item {_state.NextIndex} of {items.Count}" + (_state.Offset > 0 ? $", {_state.Offset:N0} bytes into {items[_state.NextIndex].Source}" : ""));
        }

        _manifest = new FileStream(manifestPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            // Lines after the last checkpoint are written again by the items redone.
            _manifest.SetLength(Math.Min(_manifest.Length, _state.DoneLength));
            _manifest.Position = _manifest.Length;
            if (_state.CreateDestination) TransferEngine.MakeDirectory(_state.Destination!, 0x1ED);
            _bytesAtStart = _state.Bytes;

            try
            {
                for (var i = _state.NextIndex; i < items.Count;)
                {
                    ct.ThrowIfCancellationRequested();
                    var end = BatchEnd(items, i);
                    _current = i;
                    var results = await RunBatchAsync(items, i, end, ct).ConfigureAwait(false);
                    Record(results);
                    _state = _state with { NextIndex = end, Offset = 0, OffsetSourceSize = 0, OffsetSourceMtimeNs = 0 };
                    if (_ctx.IsCheckpointDue(end - i)) await SaveAsync().ConfigureAwait(false);
                    Progress(items[end - 1].Source);
                    i = end;
                }
            }
            catch (OperationCanceledException)
            {
                await SaveAsync().ConfigureAwait(false);
                throw;
            }

            Finish(items);
            await SaveAsync().ConfigureAwait(false);
            Progress(null);
            var output = Output(manifestPath);
            File.Delete(planPath);
            return JsonSerializer.SerializeToElement(output, FileTransferJsonContext.Default.FileTransferOutput);
        }
        finally
        {
            await _manifest.DisposeAsync().ConfigureAwait(false);
        }
    }

    private int BatchEnd(IReadOnlyList<PlannedItem> items, int start)
    {
        bool Large(PlannedItem it) => it.Writes && it.Size >= _settings.LargeFileBytes;
        if (Large(items[start])) return start + 1;
        var end = start;
        long bytes = 0;
        while (end < items.Count && end - start < _settings.BatchFiles && bytes < _settings.BatchBytes && !Large(items[end]))
        {
            if (items[end].Writes) bytes += items[end].Size;
            end++;
        }
        return end;
    }

    private async Task<ItemResult[]> RunBatchAsync(IReadOnlyList<PlannedItem> items, int start, int end, CancellationToken ct)
    {
        var results = new ItemResult[end - start];
        for (var k = 0; k < results.Length; k++) results[k] = new ItemResult(items[start + k]);

        // Folders first, in order (a folder before its contents), so the files of the batch can go in parallel.
        foreach (var r in results.Where(r => r.Item.Strategy == TransferStrategy.Mkdir))
            Guard(r, () => TransferEngine.MakeDirectory(r.Item.Destination, TransferLibc.Stat(r.Item.Source, true, out _)?.Permissions ?? 0x1ED));

        var work = results.Where(r => r.Item.Strategy is not (TransferStrategy.Mkdir or TransferStrategy.Skip)).ToList();
        foreach (var r in results.Where(r => r.Item.Strategy == TransferStrategy.Skip)) r.Outcome = Outcome.Skipped;
        try
        {
            if (work.Count == 1 || _settings.Workers <= 1)
            {
                foreach (var r in work) await StageAsync(r, start + Array.IndexOf(results, r), ct).ConfigureAwait(false);
            }
            else
            {
                await Parallel.ForEachAsync(work, new ParallelOptions { MaxDegreeOfParallelism = _settings.Workers, CancellationToken = ct },
                    (r, token) => new ValueTask(StageAsync(r, -1, token))).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or TransferIOException { IsOutOfSpace: true })
        {
            // Nothing of this batch stays under a temporary name (a large file's checkpointed part is kept for its resume, unless the disk is full).
            var keep = e is OperationCanceledException && _state.Offset > 0;
            foreach (var r in work.Where(r => r.Item.Writes && !(keep && r.Item == items[_state.NextIndex])))
                _ = TransferLibc.unlink(TransferEngine.TemporaryName(r.Item.Destination, _tag));
            if (e is TransferIOException full)
                throw new TransferIOException(full.Errno,
                    $"Not enough space at {Path.GetDirectoryName(work.FirstOrDefault(r => r.Item.Writes)?.Item.Destination) ?? _state.Destination}: {full.Message}. " +
                    $"Nothing partial was left and every source is intact; free some space and retry the job (sd job retry {_ctx.JobId:D}).");
            throw;
        }

        var staged = results.Where(r => r.Staged is not null && r.Outcome == Outcome.Done).ToList();
        var anchor = _state.Destination is { } d && Directory.Exists(d) ? d : Path.GetDirectoryName(results[0].Item.Destination) ?? "/";
        if (staged.Count > 0 && _settings.Durability == TransferDurability.Batch) TransferEngine.SyncFileSystem(anchor);

        for (var k = 0; k < staged.Count; k++)
        {
            var r = staged[k];
            try
            {
                Commit(r);
            }
            catch (TransferRequestException)
            {
                foreach (var rest in staged.Skip(k)) _ = TransferLibc.unlink(rest.Staged!.Temporary);
                throw;
            }
        }

        var changed = results.Where(r => r.Committed).ToList();
        if (changed.Count > 0)
        {
            if (_settings.Durability == TransferDurability.Batch) TransferEngine.SyncFileSystem(anchor);
            else
            {
                foreach (var folder in changed.Select(r => Path.GetDirectoryName(r.Destination)).Distinct()) TransferEngine.SyncDirectory(folder!);
            }
        }

        if (_state.Request.Verify) Verify(results);

        if (_move && _services.Index is { } index)
        {
            var moving = results.Where(r => r.Outcome == Outcome.Done)
                .Select(r => new TransferPair(r.Item.Source, r.Destination, r.Item.Kind.ToString().ToLowerInvariant())).ToList();
            if (moving.Count > 0) await index.MovingAsync(moving, ct).ConfigureAwait(false);
        }

        if (_move)
        {
            foreach (var r in results.Where(r => r.Outcome == Outcome.Done && r.DeleteSource))
            {
                if (TransferLibc.unlink(r.Item.Source) != 0 && TransferLibc.LastError is var errno && errno != TransferLibc.ENOENT)
                    _ctx.AddWarning($"{r.Item.Source} was copied to {r.Destination} but could not be removed: {TransferLibc.ErrorText(errno)}");
            }
        }
        return results;
    }

    private void Guard(ItemResult r, Action action)
    {
        try
        {
            action();
        }
        catch (TransferIOException e) when (!e.IsOutOfSpace)
        {
            Fail(r, e.Message);
        }
    }

    private void Fail(ItemResult r, string error)
    {
        r.Outcome = Outcome.Failed;
        r.Error = error;
        r.DeleteSource = false;
    }

    private async Task StageAsync(ItemResult r, int index, CancellationToken ct)
    {
        if (_settings.DiagnosticFileDelay > TimeSpan.Zero) await Task.Delay(_settings.DiagnosticFileDelay, _ctx.Time, ct).ConfigureAwait(false);
        var item = r.Item;
        if (_resumed && AlreadyDone(r)) return;
        switch (item.Strategy)
        {
            case TransferStrategy.Rename:
                Guard(r, () => RenameInPlace(r));
                return;
            case TransferStrategy.Symlink:
                Guard(r, () =>
                {
                    TransferEngine.CopySymlink(item.Source, TransferEngine.TemporaryName(item.Destination, _tag));
                    r.Staged = new StagedCopy(TransferEngine.TemporaryName(item.Destination, _tag), null, 0, "symlink");
                    r.DeleteSource = _move;
                });
                return;
        }

        var temporary = TransferEngine.TemporaryName(item.Destination, _tag);
        var large = item.Size >= _settings.LargeFileBytes;
        for (var attempt = 0; ; attempt++)
        {
            var startOffset = 0L;
            if (attempt == 0 && large && _state.Offset > 0 && index == _state.NextIndex
                && TransferLibc.Stat(item.Source, false, out _) is { } now && now.Size == _state.OffsetSourceSize && now.MtimeNs == _state.OffsetSourceMtimeNs)
                startOffset = _state.Offset;
            try
            {
                r.Staged = await _engine.CopyFileAsync(item.Source, temporary, startOffset, _state.Request.Verify, attempt, large ? this : null, ct).ConfigureAwait(false);
                r.DeleteSource = _move;
                return;
            }
            catch (SourceChangedException e)
            {
                _ = TransferLibc.unlink(temporary);
                if (attempt == 0)
                {
                    _ctx.Log($"{item.Source} changed while it was copied; copying it again.");
                    continue;
                }
                Fail(r, $"{e.Message}; it changed again on the second try: not copied");
                return;
            }
            catch (TransferIOException e) when (!e.IsOutOfSpace)
            {
                _ = TransferLibc.unlink(temporary);
                Fail(r, e.Message);
                return;
            }
        }
    }

    /// <summary>On a resumed run: whether this item was carried out before the interruption (then nothing is done twice).</summary>
    private bool AlreadyDone(ItemResult r)
    {
        var item = r.Item;
        var src = TransferLibc.Stat(item.Source, false, out _);
        var dst = TransferLibc.Stat(item.Destination, false, out _);
        if (dst is null) return false;
        if (src is null)
        {
            // Gone from the source and present at the destination: it was moved (a copy's source never goes away by our hand).
            if (!_move) return false;
            return true;
        }
        var same = src.Value.Type == dst.Value.Type && (item.Kind == TransferItemKind.Symlink
            ? new FileInfo(item.Source).LinkTarget == new FileInfo(item.Destination).LinkTarget
            : src.Value.Size == dst.Value.Size && src.Value.MtimeNs == dst.Value.MtimeNs);
        if (!same || item.Strategy == TransferStrategy.Rename) return false;
        _ = TransferLibc.unlink(TransferEngine.TemporaryName(item.Destination, _tag));
        r.DeleteSource = _move;
        // Its rename may not be durable yet (the interruption may have come before the batch's barrier): count it as
        // changed, so the barrier runs again before its source is removed.
        r.Committed = _move;
        if (_state.Request.Verify && item.Kind == TransferItemKind.File)
            r.Staged = new StagedCopy(item.Destination, _engine.HashFile(item.Source), src.Value.Size, "resumed");
        return true;
    }

    private void RenameInPlace(ItemResult r)
    {
        var item = r.Item;
        while (true)
        {
            if (item.Overwrite ? TransferLibc.rename(item.Source, r.Destination) == 0
                : TransferLibc.renameat2(TransferLibc.AT_FDCWD, item.Source, TransferLibc.AT_FDCWD, r.Destination, TransferLibc.RENAME_NOREPLACE) == 0)
            {
                r.Committed = true;
                return;
            }
            var errno = TransferLibc.LastError;
            if (errno != TransferLibc.EEXIST || !ResolveLateConflict(r)) throw errno == TransferLibc.EEXIST
                ? new TransferIOException(errno, $"{r.Destination} appeared after planning")
                : TransferIOException.FromErrno(errno, $"Cannot move {item.Source} to {r.Destination}");
            if (r.Outcome == Outcome.Skipped) return;
        }
    }

    private void Commit(ItemResult r)
    {
        while (!TransferEngine.Commit(r.Staged!.Temporary, r.Destination, r.Item.Overwrite))
        {
            if (!ResolveLateConflict(r))
            {
                _ = TransferLibc.unlink(r.Staged.Temporary);
                throw new TransferRequestException(TransferErrors.Conflict, $"{r.Destination} appeared after the transfer was planned (policy abort): stopped");
            }
            if (r.Outcome == Outcome.Skipped)
            {
                _ = TransferLibc.unlink(r.Staged.Temporary);
                r.DeleteSource = false;
                return;
            }
        }
        r.Committed = true;
    }

    /// <summary>A destination name taken after planning: the policy decides again. False: abort.</summary>
    private bool ResolveLateConflict(ItemResult r)
    {
        switch (_state.Request.Conflict)
        {
            case ConflictPolicy.Skip:
                r.Outcome = Outcome.Skipped;
                r.DeleteSource = false;
                return true;
            case ConflictPolicy.KeepBoth:
                r.Destination = TransferPlanner.FreeName(r.Destination, t => TransferLibc.Stat(t, false, out _) is not null);
                return true;
            default:
                return false;
        }
    }

    private void Verify(ItemResult[] results)
    {
        foreach (var r in results.Where(r => r.Outcome == Outcome.Done && r.Item.Kind == TransferItemKind.File && r.Staged?.Hash is not null))
        {
            _engine.AfterCopy(r.Item.Source, r.Destination);
            byte[] actual;
            try
            {
                actual = _engine.HashFile(r.Destination);
            }
            catch (TransferIOException e)
            {
                Fail(r, $"verification could not read {r.Destination}: {e.Message}");
                continue;
            }
            if (actual.AsSpan().SequenceEqual(r.Staged!.Hash))
            {
                _state = _state with { Verified = _state.Verified + 1 };
                continue;
            }
            // The copy is wrong: it must not stay under the final name; a move keeps its source.
            _ = TransferLibc.unlink(r.Destination);
            Fail(r, $"verification failed: {r.Destination} differs from its source (BLAKE3 {Convert.ToHexStringLower(actual)[..16]}… vs {Convert.ToHexStringLower(r.Staged.Hash!)[..16]}…); the copy was removed");
        }
    }

    private void Record(ItemResult[] results)
    {
        long files = 0, dirs = 0, links = 0, bytes = 0, skipped = 0, failed = 0;
        var lines = new StringBuilder();
        foreach (var r in results)
        {
            switch (r.Outcome)
            {
                case Outcome.Skipped:
                    skipped++;
                    continue;
                case Outcome.Failed:
                    failed++;
                    _ctx.AddError($"{r.Item.Source}: {r.Error}");
                    if (_failures.Count < 1000) _failures.Add(new TransferFailure(r.Item.Source, r.Destination, r.Error ?? "failed"));
                    continue;
            }
            switch (r.Item.Kind)
            {
                case TransferItemKind.File: files++; bytes += r.Item.Size; break;
                case TransferItemKind.Directory: dirs++; break;
                default: links++; break;
            }
            lines.Append(JsonSerializer.Serialize(new TransferPair(r.Item.Source, r.Destination, r.Item.Kind.ToString().ToLowerInvariant()),
                FileTransferJsonContext.Default.TransferPair)).Append('\n');
        }
        var encoded = Encoding.UTF8.GetBytes(lines.ToString());
        _manifest!.Write(encoded);
        _state = _state with
        {
            Files = _state.Files + files, Directories = _state.Directories + dirs, Symlinks = _state.Symlinks + links, Bytes = _state.Bytes + bytes,
            Skipped = _state.Skipped + skipped, Failed = _state.Failed + failed, Failures = _failures.ToArray(),
        };
    }

    /// <summary>Folders get their mode and times once their contents are in; a move then removes the emptied source folders.</summary>
    private void Finish(IReadOnlyList<PlannedItem> items)
    {
        for (var k = items.Count - 1; k >= 0; k--)
        {
            var item = items[k];
            if (item.Strategy != TransferStrategy.Mkdir) continue;
            if (TransferLibc.Stat(item.Source, true, out _) is { IsDirectory: true } stat && Directory.Exists(item.Destination))
                TransferEngine.CopyDirectoryMetadata(stat, item.Destination);
            if (_move && Directory.Exists(item.Source) && TransferLibc.rmdir(item.Source) != 0)
                _ctx.AddWarning($"The folder {item.Source} was left in place: {TransferLibc.ErrorText(TransferLibc.LastError)}");
        }
    }

    private async Task SaveAsync()
    {
        _manifest!.Flush(flushToDisk: true);
        _state = _state with { DoneLength = _manifest.Length };
        await _ctx.CheckpointAsync(_state).ConfigureAwait(false);
    }

    private void Progress(string? current)
    {
        var seconds = Math.Max(_clock.Elapsed.TotalSeconds, 1e-3);
        var rate = (_state.Bytes - _bytesAtStart) / seconds;
        var message = string.Create(CultureInfo.InvariantCulture,
            $"{_state.Files:N0}/{_state.TotalFiles:N0} files, {rate / (1 << 20):F1} MiB/s{(current is null ? "" : ", " + current)}");
        _ctx.ReportProgress(_state.Bytes, _state.TotalBytes, message);
    }

    private FileTransferOutput Output(string manifestPath)
    {
        _manifest!.Position = 0;
        var pairs = new List<TransferPair>();
        var truncated = false;
        using (var reader = new StreamReader(_manifest, Encoding.UTF8, leaveOpen: true))
        {
            while (reader.ReadLine() is { } line)
            {
                if (pairs.Count >= _settings.OutputPairs)
                {
                    truncated = true;
                    break;
                }
                pairs.Add(JsonSerializer.Deserialize(line, FileTransferJsonContext.Default.TransferPair)!);
            }
        }
        var seconds = _clock.Elapsed.TotalSeconds;
        return new FileTransferOutput(_state.Request.Mode, _state.Destination ?? _state.Request.Destination, _state.Files, _state.Directories, _state.Symlinks,
            _state.Bytes, _state.Skipped, _state.Failed, _state.Verified, seconds, seconds > 0 ? (_state.Bytes - _bytesAtStart) / seconds : 0,
            _failures, pairs, truncated, manifestPath);
    }

    // ---- large files: checkpoints inside the file ----

    bool IChunkObserver.ShouldCheckpoint(long offset) => _ctx.IsCheckpointDue();

    async Task IChunkObserver.CheckpointAsync(long offset)
    {
        var item = ReadSourceStat(_current);
        _state = _state with { NextIndex = _current, Offset = offset, OffsetSourceSize = item.Size, OffsetSourceMtimeNs = item.MtimeNs };
        await SaveAsync().ConfigureAwait(false);
        _ctx.ReportProgress(_state.Bytes + offset, _state.TotalBytes, string.Create(CultureInfo.InvariantCulture, $"{offset:N0} bytes into a large file"));
    }

    private IReadOnlyList<PlannedItem>? _items;

    private TransferLibc.FileStat ReadSourceStat(int index) =>
        TransferLibc.Stat(_items![index].Source, false, out _) ?? default;

    // ---- the plan file ----

    private void WritePlan(string path, IReadOnlyList<PlannedItem> items)
    {
        _items = items;
        var temporary = path + ".tmp";
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
        {
            foreach (var item in items)
            {
                stream.Write(JsonSerializer.SerializeToUtf8Bytes(item, TransferPlanJsonContext.Default.PlannedItem));
                stream.WriteByte((byte)'\n');
            }
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
        TransferEngine.SyncDirectory(Path.GetDirectoryName(path)!);
    }

    private List<PlannedItem> ReadPlan(string path)
    {
        if (!File.Exists(path)) throw new InvalidOperationException($"The transfer's plan {path} is missing: it cannot resume safely. Start the transfer again.");
        var items = new List<PlannedItem>(_state.TotalItems);
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length > 0) items.Add(JsonSerializer.Deserialize(line, TransferPlanJsonContext.Default.PlannedItem)!);
        }
        _items = items;
        return items;
    }
}
