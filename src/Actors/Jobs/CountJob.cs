using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Spacedrive.Actors.Jobs;

/// <summary>The counting job's state and checkpoint: the next item, and how long the output file is up to it.</summary>
public sealed record CountJobState(long Count, int DelayMs, string OutputPath, long Next = 0, long OutputLength = 0, long? FailAt = null);

public sealed record CountJobOutput(long Items, long Bytes);

[JsonSerializable(typeof(CountJobState))]
[JsonSerializable(typeof(CountJobOutput))]
internal sealed partial class CountJobJsonContext : JsonSerializerContext;

/// <summary>
/// Diagnostics job (<c>sd job start-test</c>, API <c>jobs.start_test</c>): appends 0..Count-1 to a file, one per line,
/// waiting DelayMs per item. Its effects are exactly-once across pauses, crashes and kill -9: the checkpoint records
/// the file's length after an fsync, and a resumed run first cuts the file back to that length, so the items after
/// the checkpoint are written again exactly once. Used by the tests of the job system and to try it by hand.
/// </summary>
public sealed class CountJob : IJob<CountJobState>
{
    public const string TypeName = "diagnostics.count";

    public static JobDefinition<CountJobState> Definition { get; } = new(
        TypeName, resumable: true, "Counts to N into a file (diagnostics)", "items",
        CountJobJsonContext.Default.CountJobState, () => new CountJob(),
        describe: s => $"count to {s.Count} into {s.OutputPath}",
        validate: s => s.Count < 0 ? "count must not be negative"
            : s.DelayMs < 0 ? "delay must not be negative"
            : string.IsNullOrWhiteSpace(s.OutputPath) || !Path.IsPathFullyQualified(s.OutputPath) ? "the output path must be absolute"
            : null);

    public async Task<JsonElement?> RunAsync(JobContext<CountJobState> ctx, CountJobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(state);
        Directory.CreateDirectory(Path.GetDirectoryName(state.OutputPath)!);
        await using var file = new FileStream(state.OutputPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read);
        if (file.Length != state.OutputLength)
        {
            if (file.Length > state.OutputLength)
                ctx.Log($"Cut the output back from {file.Length} to {state.OutputLength} bytes (work after the last checkpoint is redone).");
            file.SetLength(state.OutputLength);
        }
        file.Position = state.OutputLength;
        if (state.Next > 0) ctx.Log($"Resuming at item {state.Next}.");

        try
        {
            for (var i = state.Next; i < state.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (state.FailAt == i && ctx.Attempt == 0)
                    throw new InvalidOperationException($"Failing at item {i}, as asked (diagnostics); retry to go on.");
                if (state.DelayMs > 0)
                    await Task.Delay(TimeSpan.FromMilliseconds(state.DelayMs), ctx.Time, cancellationToken).ConfigureAwait(false);
                var line = Encoding.ASCII.GetBytes(i.ToString(CultureInfo.InvariantCulture) + "\n");
                await file.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
                state = state with { Next = i + 1, OutputLength = file.Position };
                ctx.ReportProgress(state.Next, state.Count);
                if (ctx.IsCheckpointDue())
                    await CheckpointAsync(ctx, file, state).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // Pause or cancel: keep what is done.
            await CheckpointAsync(ctx, file, state).ConfigureAwait(false);
            throw;
        }

        file.Flush(flushToDisk: true);
        return JsonSerializer.SerializeToElement(new CountJobOutput(state.Count, file.Length), CountJobJsonContext.Default.CountJobOutput);
    }

    private static async Task CheckpointAsync(JobContext<CountJobState> ctx, FileStream file, CountJobState state)
    {
        // The effect must be durable before the checkpoint that covers it.
        file.Flush(flushToDisk: true);
        await ctx.CheckpointAsync(state).ConfigureAwait(false);
    }
}
