using System.Diagnostics;
using System.Threading.Channels;
using Spacedrive.Actors.Indexing.Rules;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>
/// One indexing run over one location: Discovery → Processing (concurrently, through a bounded
/// channel) → Aggregation → Content (mode ≥ content) → Analysis (mode deep). The heavy loops live in
/// the phase classes; this class wires them, keeps counts, throttles progress, and emits checkpoints
/// at least every <see cref="IndexerSettings.CheckpointItems"/> items or
/// <see cref="IndexerSettings.CheckpointInterval"/> (and at each phase boundary).
///
/// How a job drives it: build it with the request (and the last persisted checkpoint to resume),
/// call <see cref="RunAsync"/> with a CancellationToken (cancel = pause or cancel; an open batch is
/// rolled back, so the library holds only whole batches), persist every checkpoint the observer
/// receives, and start again from the last one. The phases are idempotent, so the final library is
/// the same as an uninterrupted run's (see <see cref="IndexerCheckpoint"/>).
/// The engine uses the library's writer connection: run one engine per library at a time (the
/// LibraryActor owns the writer).
/// </summary>
public sealed class IndexerEngine
{
    private readonly LibraryDatabase _db;
    private readonly IndexerSettings _settings;
    private readonly IContentIdentifier _identifier;
    private readonly IIndexerObserver? _observer;
    private readonly TimeProvider _clock;
    private readonly IndexerCheckpoint? _resume;
    private readonly IndexerRules _rules;
    private readonly Throttle _progress;
    private readonly Throttle _checkpointTimer;
    private readonly Dictionary<IndexPhase, TimeSpan> _durations = [];
    private readonly long _changesAtStart;
    private long _itemsSinceCheckpoint;
    private DiscoveryWalker? _walker;
    private ProcessingPhase? _processing;
    private ContentPhase? _content;
    private AnalysisPhase? _analysis;
    private long _aggregatesUpdated;
    private long _rootEntryId;
    private IndexerStats _base;

    public IndexerEngine(
        LibraryDatabase db,
        IndexerRequest request,
        IndexerSettings? settings = null,
        IContentIdentifier? identifier = null,
        IIndexerObserver? observer = null,
        IndexerCheckpoint? resumeFrom = null,
        TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(request);
        if (!Path.IsPathFullyQualified(request.Path))
        {
            throw new ArgumentException($"The location path must be absolute: '{request.Path}'.", nameof(request));
        }
        if (resumeFrom is not null && (resumeFrom.Request.LocationId != request.LocationId || resumeFrom.Request.Path != request.Path))
        {
            throw new ArgumentException("The checkpoint belongs to another location or path.", nameof(resumeFrom));
        }
        _db = db;
        Request = request;
        _settings = settings ?? IndexerSettings.Default;
        _identifier = identifier ?? RegistryContentIdentifier.Default;
        _observer = observer;
        _clock = clock ?? TimeProvider.System;
        _resume = resumeFrom;
        _rules = IndexerRules.Create(request.Rules);
        _progress = new Throttle(_settings.ProgressInterval, _clock);
        _checkpointTimer = new Throttle(_settings.CheckpointInterval, _clock);
        Errors = new ErrorSink(_settings.MaxErrorsKept);
        _base = resumeFrom?.Stats ?? new IndexerStats();
        _changesAtStart = ProcessingPhase.Scalar(db.Writer, "SELECT total_changes()");
        Phase = resumeFrom?.Phase ?? IndexPhase.Discovery;
        if (Phase == IndexPhase.Processing)
        {
            Phase = IndexPhase.Discovery; // the walk restarts; change detection makes it a no-op where done
        }
    }

    public IndexerRequest Request { get; }

    public IndexPhase Phase { get; private set; }

    public ErrorSink Errors { get; }

    public IReadOnlyList<string> ActiveRules => _rules.ActiveSets;

    /// <summary>Runs every remaining phase.</summary>
    public async Task<IndexerResult> RunAsync(CancellationToken cancellationToken = default)
    {
        if (Phase <= IndexPhase.Processing)
        {
            await RunWalkAsync(cancellationToken).ConfigureAwait(false);
        }
        if (Phase == IndexPhase.Aggregation)
        {
            RunAggregation(cancellationToken);
        }
        if (Phase == IndexPhase.Content)
        {
            RunContent(cancellationToken);
        }
        if (Phase == IndexPhase.Analysis)
        {
            RunAnalysis(cancellationToken);
        }
        return Result();
    }

    /// <summary>Discovery and Processing, connected by a bounded channel.</summary>
    public async Task RunWalkAsync(CancellationToken cancellationToken)
    {
        var channel = CreateChannel();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var discovery = RunDiscoveryAsync(channel.Writer, linked.Token);
        var processing = RunProcessingAsync(channel.Reader, linked.Token);
        // The first to fail stops the other at once: a walk blocked on a full channel that nobody
        // reads any more (Processing failed: disk full…) would otherwise never end.
        async Task StopTheOtherOnFailure(Task phase)
        {
            try
            {
                await phase.ConfigureAwait(false);
            }
            catch
            {
                await linked.CancelAsync().ConfigureAwait(false);
                throw;
            }
        }
        try
        {
            await Task.WhenAll(StopTheOtherOnFailure(discovery), StopTheOtherOnFailure(processing)).ConfigureAwait(false);
        }
        catch
        {
            await linked.CancelAsync().ConfigureAwait(false);
            try
            {
                await Task.WhenAll(discovery, processing).ConfigureAwait(false);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                // the first failure is rethrown below
            }
            if (discovery.IsFaulted && discovery.Exception!.InnerException is not OperationCanceledException)
            {
                throw discovery.Exception.InnerException!;
            }
            throw;
        }
    }

    public Channel<DirectoryListing> CreateChannel() =>
        Channel.CreateBounded<DirectoryListing>(new BoundedChannelOptions(Math.Max(1, _settings.ChannelCapacity))
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
        });

    public async Task RunDiscoveryAsync(ChannelWriter<DirectoryListing> output, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        _walker = new DiscoveryWalker(Request.Path, _rules, Errors, _settings.EffectiveDiscoveryWorkers,
            Request.Scope == IndexScope.Current ? 1 : int.MaxValue, _settings.MaxDepth);
        await _walker.RunAsync(output, cancellationToken).ConfigureAwait(false);
        _durations[IndexPhase.Discovery] = Stopwatch.GetElapsedTime(started);
    }

    public async Task RunProcessingAsync(ChannelReader<DirectoryListing> input, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Phase = IndexPhase.Processing;
        _processing = new ProcessingPhase(_db, Request, _settings, Errors, _clock)
        {
            OnBatchCommitted = written =>
            {
                _itemsSinceCheckpoint += written;
                MaybeCheckpoint(IndexPhase.Processing);
            },
            // Reported where the listing is done, on Processing's thread: a relay task between the channel and
            // Processing cost a thread hop per folder.
            OnListingProcessed = listing => Report(IndexPhase.Processing, _processing?.DirectoriesDone ?? 0, null, listing.Path),
        };
        await _processing.RunAsync(input, cancellationToken).ConfigureAwait(false);
        _rootEntryId = _processing.RootEntryId;
        _durations[IndexPhase.Processing] = Stopwatch.GetElapsedTime(started);
        Advance(IndexPhase.Aggregation);
    }

    public void RunAggregation(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Phase = IndexPhase.Aggregation;
        var aggregation = new AggregationPhase(_db, Request.LocationId);
        aggregation.Run(cancellationToken);
        _aggregatesUpdated += aggregation.Updated;
        CompactAfterFirstIndex();
        _durations[IndexPhase.Aggregation] = Stopwatch.GetElapsedTime(started);
        Advance(Request.Mode >= IndexMode.Content ? IndexPhase.Content : IndexPhase.Complete);
    }

    // Before the content phase, whose links then land in packed pages; skipped on a resume past Processing.
    private void CompactAfterFirstIndex()
    {
        var threshold = _settings.CompactAfterNewEntries;
        if (threshold <= 0 || _processing is not { } processing || processing.New < threshold)
        {
            return;
        }
        if (processing.New * 2 < ProcessingPhase.Scalar(_db.Writer, "SELECT COALESCE(MAX(id), 0) FROM entries"))
        {
            return; // most of the library was there already: its pages are as full as they were
        }
        Report(IndexPhase.Aggregation, processing.New, processing.New, "compacting the library database", force: true);
        LibraryDatabase.Compact(_db.Writer);
    }

    public void RunContent(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Phase = IndexPhase.Content;
        var cursor = _resume?.Phase == IndexPhase.Content ? _resume.ContentCursor : 0;
        _content = new ContentPhase(_db, Request.LocationId, _identifier, _settings, Errors, _clock)
        {
            OnBatchCommitted = () =>
            {
                _itemsSinceCheckpoint += _settings.ContentBatchSize;
                Report(IndexPhase.Content, _content!.Hashed + _content.Failed, _content.Total, _content.CurrentPath);
                MaybeCheckpoint(IndexPhase.Content);
            },
        };
        _content.Run(cursor, cancellationToken);
        _durations[IndexPhase.Content] = Stopwatch.GetElapsedTime(started);
        Advance(Request.Mode >= IndexMode.Deep ? IndexPhase.Analysis : IndexPhase.Complete);
    }

    public void RunAnalysis(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        Phase = IndexPhase.Analysis;
        _analysis = new AnalysisPhase(_db, Request.LocationId);
        _analysis.Run(_resume?.Phase == IndexPhase.Analysis ? _resume.AnalysisCursor : 0, cancellationToken);
        _durations[IndexPhase.Analysis] = Stopwatch.GetElapsedTime(started);
        Advance(IndexPhase.Complete);
    }

    public IndexerResult Result()
    {
        if (_rootEntryId == 0)
        {
            _rootEntryId = ProcessingPhase.Scalar(_db.Writer, $"SELECT COALESCE(entry_id, 0) FROM locations WHERE id = {Request.LocationId}");
        }
        return new IndexerResult(Stats(), Errors.Kept, new Dictionary<IndexPhase, TimeSpan>(_durations), _analysis?.Queue ?? [], _rootEntryId);
    }

    public IndexerStats Stats() => Stats(includeRowsWritten: true);

    // RowsWritten asks the writer connection: progress reports (throttled, any phase) leave it out.
    private IndexerStats Stats(bool includeRowsWritten)
    {
        var p = _processing;
        var c = _content;
        var walkDone = p is not null;
        return new IndexerStats
        {
            Files = walkDone ? p!.Files : _base.Files,
            Directories = walkDone ? p!.Directories : _base.Directories,
            Symlinks = walkDone ? p!.Symlinks : _base.Symlinks,
            Special = walkDone ? p!.Special : _base.Special,
            Bytes = walkDone ? p!.Bytes : _base.Bytes,
            Skipped = _walker?.Skipped ?? _base.Skipped,
            Errors = Errors.Count + (walkDone ? 0 : _base.Errors),
            New = _base.New + (p?.New ?? 0),
            Modified = _base.Modified + (p?.Modified ?? 0),
            Moved = _base.Moved + (p?.Moved ?? 0),
            Deleted = _base.Deleted + (p?.Deleted ?? 0),
            Unchanged = walkDone ? p!.Unchanged : _base.Unchanged,
            AggregatesUpdated = _base.AggregatesUpdated + _aggregatesUpdated,
            ContentHashed = _base.ContentHashed + (c?.Hashed ?? 0),
            ContentLinked = _base.ContentLinked + (c?.Linked ?? 0),
            ContentFailed = _base.ContentFailed + (c?.Failed ?? 0),
            AnalysisQueued = _analysis?.Queue.Count ?? 0,
            RowsWritten = includeRowsWritten ? _base.RowsWritten + ProcessingPhase.Scalar(_db.Writer, "SELECT total_changes()") - _changesAtStart : _base.RowsWritten,
        };
    }

    /// <summary>The checkpoint describing the run now (what a job persists).</summary>
    public IndexerCheckpoint Checkpoint(IndexPhase phase) => new()
    {
        Phase = phase,
        Request = IndexerRequestSnapshot.Of(Request),
        Stats = Stats(),
        DirectoriesDone = _processing?.DirectoriesDone ?? 0,
        ContentCursor = _content?.Cursor ?? (_resume?.Phase == IndexPhase.Content ? _resume.ContentCursor : 0),
        AnalysisCursor = _analysis?.Cursor ?? 0,
        SavedAt = _clock.GetUtcNow(),
    };

    private void Advance(IndexPhase next)
    {
        Phase = next;
        _itemsSinceCheckpoint = 0;
        _checkpointTimer.Due(force: true);
        _observer?.OnCheckpoint(Checkpoint(next));
        Report(next, 0, null, null, force: true);
    }

    private void MaybeCheckpoint(IndexPhase phase)
    {
        if (_observer is null)
        {
            return;
        }
        if (_itemsSinceCheckpoint >= _settings.CheckpointItems || _checkpointTimer.Due())
        {
            _itemsSinceCheckpoint = 0;
            _checkpointTimer.Due(force: true);
            _observer.OnCheckpoint(Checkpoint(phase));
        }
    }

    private long _rateStartDone;
    private long _rateStart = Stopwatch.GetTimestamp();
    private IndexPhase _ratePhase = IndexPhase.Discovery;

    private void Report(IndexPhase phase, long done, long? total, string? path, bool force = false)
    {
        if (_observer is null || !_progress.Due(force))
        {
            return;
        }
        if (phase != _ratePhase)
        {
            _ratePhase = phase;
            _rateStart = Stopwatch.GetTimestamp();
            _rateStartDone = done;
        }
        var seconds = Stopwatch.GetElapsedTime(_rateStart).TotalSeconds;
        var rate = seconds > 0 ? (done - _rateStartDone) / seconds : 0;
        TimeSpan? eta = total is { } t && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, t - done) / rate) : null;
        _observer.OnProgress(new IndexerProgress(phase, done, total, path ?? _walker?.CurrentPath, rate, eta, Stats(includeRowsWritten: false)));
    }

    /// <summary>Convenience: one whole run.</summary>
    public static Task<IndexerResult> RunAsync(LibraryDatabase db, IndexerRequest request, IndexerSettings? settings = null,
        IContentIdentifier? identifier = null, IIndexerObserver? observer = null, IndexerCheckpoint? resumeFrom = null,
        CancellationToken cancellationToken = default) =>
        new IndexerEngine(db, request, settings, identifier, observer, resumeFrom).RunAsync(cancellationToken);
}
