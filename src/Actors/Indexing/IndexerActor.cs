using Spacedrive.Runtime.Actor;
using Spacedrive.Storage.Library;

namespace Spacedrive.Actors.Indexing;

/// <summary>Starts a run (a fresh one, or from the last checkpoint a job persisted). Replies go to the sender.</summary>
public sealed record StartIndexing(IndexerRequest Request, IndexerCheckpoint? ResumeFrom = null);

/// <summary>Stops the run (pause or cancel: the job decides); the reply is <see cref="IndexingCancelled"/>.</summary>
public sealed record CancelIndexing;

public sealed record IndexingProgress(IndexerProgress Progress);

/// <summary>A checkpoint to persist (at least every N items or T seconds, and at each phase boundary).</summary>
public sealed record IndexingCheckpoint(IndexerCheckpoint Checkpoint);

public sealed record IndexingCompleted(IndexerResult Result);

public sealed record IndexingFailed(string Reason, IndexerCheckpoint? LastCheckpoint);

public sealed record IndexingCancelled(IndexerCheckpoint? LastCheckpoint);

/// <summary>Sent to the indexer by a phase actor when its work is over.</summary>
internal sealed record PhaseFinished(IndexPhase Phase, Exception? Error);

/// <summary>
/// The indexer of one library (DESIGN §3: "IndexerJob -> Discovery, Processing, Aggregation,
/// Content, Analysis phase actors"). One run at a time. For a run it creates one child actor per
/// phase; Discovery and Processing run at the same time, joined by a bounded channel (backpressure);
/// the others follow one another. Each phase actor is thin: it runs its phase (a plain class of the
/// engine) off the mailbox thread and reports <see cref="PhaseFinished"/>. Progress and checkpoints
/// go to the starter (a job) as they happen; a failing phase fails the run (the job may resume it
/// from its last checkpoint), and phase actors are stopped, never restarted half-way.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001", Justification = "The run's CancellationTokenSource is disposed when the run finishes and cancelled in PostStop.")]
public sealed class IndexerActor : ReceiveActor
{
    private readonly LibraryDatabase _db;
    private readonly IndexerSettings _settings;
    private readonly IContentIdentifier? _identifier;
    private IActorRef? _client;
    private IndexerEngine? _engine;
    private CancellationTokenSource? _cancel;
    private IndexerCheckpoint? _last;
    private int _walkPhasesRunning;
    private Exception? _failure;

    public IndexerActor(LibraryDatabase db, IndexerSettings settings, IContentIdentifier? identifier)
    {
        _db = db;
        _settings = settings;
        _identifier = identifier;
        Idle();
    }

    public static Props Props(LibraryDatabase db, IndexerSettings? settings = null, IContentIdentifier? identifier = null) =>
        Runtime.Actor.Props.Create(() => new IndexerActor(db, settings ?? IndexerSettings.Default, identifier));

    private void Idle()
    {
        Receive<StartIndexing>(Start);
        Receive<CancelIndexing>(_ => Sender.Tell(new IndexingCancelled(null)));
    }

    private void Running()
    {
        Receive<StartIndexing>(_ => Sender.Tell(new IndexingFailed("An indexing run is already in progress.", null)));
        Receive<CancelIndexing>(_ => _cancel?.Cancel());
        Receive<IndexingCheckpoint>(c =>
        {
            _last = c.Checkpoint;
            _client?.Tell(c);
        });
        Receive<PhaseFinished>(OnPhaseFinished);
    }

    private void Start(StartIndexing start)
    {
        _client = Sender;
        _last = start.ResumeFrom;
        _failure = null;
        _cancel = new CancellationTokenSource();
        try
        {
            _engine = new IndexerEngine(_db, start.Request, _settings, _identifier, new Observer(Self, _client), start.ResumeFrom);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            _client.Tell(new IndexingFailed(e.Message, start.ResumeFrom));
            return;
        }
        Become(Running);
        Next();
    }

    private void Next()
    {
        var engine = _engine!;
        var token = _cancel!.Token;
        switch (engine.Phase)
        {
            case IndexPhase.Discovery:
            case IndexPhase.Processing:
                var channel = engine.CreateChannel();
                _walkPhasesRunning = 2;
                Phase(IndexPhase.Discovery, () => engine.RunDiscoveryAsync(channel.Writer, token));
                Phase(IndexPhase.Processing, () => engine.RunProcessingAsync(channel.Reader, token));
                break;
            case IndexPhase.Aggregation:
                Phase(IndexPhase.Aggregation, () => Task.Run(() => engine.RunAggregation(token), CancellationToken.None));
                break;
            case IndexPhase.Content:
                Phase(IndexPhase.Content, () => Task.Run(() => engine.RunContent(token), CancellationToken.None));
                break;
            case IndexPhase.Analysis:
                Phase(IndexPhase.Analysis, () => Task.Run(() => engine.RunAnalysis(token), CancellationToken.None));
                break;
            default:
                Finish(new IndexingCompleted(engine.Result()));
                break;
        }
    }

    private void Phase(IndexPhase phase, Func<Task> work) =>
        Context.ActorOf(Runtime.Actor.Props.Create(() => new IndexPhaseActor(phase, work)), phase.ToString().ToLowerInvariant());

    private void OnPhaseFinished(PhaseFinished finished)
    {
        Context.Stop(Sender);
        if (finished.Error is not null)
        {
            // Keep the first real failure; the other walk phase then ends cancelled.
            if (_failure is null or OperationCanceledException)
            {
                _failure = finished.Error;
            }
            _cancel?.Cancel();
        }
        if (finished.Phase is IndexPhase.Discovery or IndexPhase.Processing && --_walkPhasesRunning > 0)
        {
            return;
        }
        if (_failure is not null)
        {
            Finish(_failure is OperationCanceledException ? new IndexingCancelled(_last) : new IndexingFailed(_failure.Message, _last));
            return;
        }
        if (_cancel!.IsCancellationRequested)
        {
            Finish(new IndexingCancelled(_last));
            return;
        }
        Next();
    }

    private void Finish(object outcome)
    {
        _client?.Tell(outcome);
        _cancel?.Dispose();
        _cancel = null;
        _engine = null;
        _client = null;
        Become(Idle);
    }

    protected override void PostStop() => _cancel?.Cancel();

    private sealed class Observer(IActorRef indexer, IActorRef client) : IIndexerObserver
    {
        public void OnProgress(IndexerProgress progress) => client.Tell(new IndexingProgress(progress));

        public void OnCheckpoint(IndexerCheckpoint checkpoint) => indexer.Tell(new IndexingCheckpoint(checkpoint));
    }
}

/// <summary>
/// A phase of a run (Discovery, Processing, Aggregation, Content, Analysis): runs its work off the
/// mailbox thread and tells its parent <see cref="PhaseFinished"/>. Thin on purpose: the loop is in the
/// engine's phase class, testable without actors.
/// </summary>
internal sealed class IndexPhaseActor : ReceiveActor
{
    private readonly IndexPhase _phase;
    private readonly Func<Task> _work;

    public IndexPhaseActor(IndexPhase phase, Func<Task> work)
    {
        _phase = phase;
        _work = work;
        Receive<PhaseFinished>(finished => Context.Parent.Tell(finished));
    }

    protected override void PreStart()
    {
        var phase = _phase;
        _ = Task.Run(_work).PipeTo(Self, success: () => new PhaseFinished(phase, null), failure: e => new PhaseFinished(phase, e));
    }
}
