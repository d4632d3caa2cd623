using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Spacedrive.Actors.Jobs;

/// <summary>
/// The work of one job type. The job actor calls <see cref="RunAsync"/> off its own thread, with the state to start
/// from (the initial state, or the last checkpoint when resuming); the work talks back only through
/// <paramref name="ctx"/>. Redoing the items after the last checkpoint must be harmless (idempotent).
/// Cancellation of <paramref name="cancellationToken"/> means pause or cancel: stop soon, checkpointing first if cheap.
/// </summary>
public interface IJob<TState>
{
    /// <returns>The job's output (kept in the history), or null.</returns>
    Task<JsonElement?> RunAsync(JobContext<TState> ctx, TState state, CancellationToken cancellationToken);
}

/// <summary>A job type, declared once: its name, whether it resumes from checkpoints, and how to run it.</summary>
public abstract class JobDefinition
{
    protected JobDefinition(string name, bool resumable, string description, string progressUnit)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
        Resumable = resumable;
        Description = description;
        ProgressUnit = progressUnit;
    }

    /// <summary>Stable type name, stored with every job (e.g. <c>indexer</c>, <c>diagnostics.count</c>).</summary>
    public string Name { get; }

    /// <summary>Whether an interrupted job continues from its last checkpoint; if not it starts over from its initial state.</summary>
    public bool Resumable { get; }

    public string Description { get; }

    /// <summary>What progress counts: items, files, bytes.</summary>
    public string ProgressUnit { get; }

    /// <summary>
    /// Removes what one job of this type leaves outside the journal (a transfer's manifest of done files) when
    /// `job clear` forgets it. Failures only leave the file behind: they are logged, never thrown.
    /// </summary>
    public Action<JobServices, Guid>? Forget { get; init; }

    /// <summary>A one-line description of one job from its initial state, for lists.</summary>
    public abstract string? Describe(JsonElement initialState);

    /// <summary>Checks an initial state before a job is queued; null when fine, else the problem.</summary>
    public abstract string? Validate(JsonElement initialState);

    internal abstract Task<JsonElement?> RunAsync(JobRun run, JsonElement state, CancellationToken cancellationToken);
}

/// <summary>A job type whose state (and checkpoint) is <typeparamref name="TState"/>, serialized by a generated contract.</summary>
public sealed class JobDefinition<TState>(
    string name,
    bool resumable,
    string description,
    string progressUnit,
    JsonTypeInfo<TState> stateType,
    Func<IJob<TState>> factory,
    Func<TState, string?>? describe = null,
    Func<TState, string?>? validate = null) : JobDefinition(name, resumable, description, progressUnit)
{
    public JsonTypeInfo<TState> StateType { get; } = stateType ?? throw new ArgumentNullException(nameof(stateType));

    public JsonElement Serialize(TState state) => JsonSerializer.SerializeToElement(state, StateType);

    public override string? Describe(JsonElement initialState)
    {
        if (describe is null) return null;
        try
        {
            return initialState.Deserialize(StateType) is { } s ? describe(s) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public override string? Validate(JsonElement initialState)
    {
        TState? state;
        try
        {
            state = initialState.Deserialize(StateType);
        }
        catch (JsonException e)
        {
            return $"The state does not fit job type '{Name}': {e.Message}";
        }
        if (state is null) return $"Job type '{Name}' needs a state.";
        return validate?.Invoke(state);
    }

    internal override Task<JsonElement?> RunAsync(JobRun run, JsonElement state, CancellationToken cancellationToken)
    {
        var typed = state.Deserialize(StateType) ?? throw new InvalidOperationException($"Job type '{Name}' got a null state.");
        return factory().RunAsync(new JobContext<TState>(run, this), typed, cancellationToken);
    }
}

/// <summary>The job types a node knows, by name. A job found in a journal with a name missing here is listed as unknown and left alone.</summary>
public sealed class JobRegistry
{
    private readonly ConcurrentDictionary<string, JobDefinition> _definitions = new(StringComparer.Ordinal);

    public JobRegistry Register(JobDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!_definitions.TryAdd(definition.Name, definition))
            throw new InvalidOperationException($"Job type '{definition.Name}' is already registered.");
        return this;
    }

    public bool TryGet(string name, out JobDefinition definition) => _definitions.TryGetValue(name, out definition!);

    public IReadOnlyCollection<string> Names => [.. _definitions.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The job types this build ships.</summary>
    public static JobRegistry CreateDefault() => new JobRegistry().Register(CountJob.Definition).Register(Indexing.IndexerJob.Definition)
        .Register(Files.FileDeleteJob.Definition)
        .Register(Validation.ValidateJob.Definition)
        .Register(Files.Transfer.FileTransferJob.Definition);
}
