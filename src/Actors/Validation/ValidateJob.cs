using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spacedrive.Actors.Jobs;

namespace Spacedrive.Actors.Validation;

/// <summary>The validation job's state: what it covers and (once started) how far it got.</summary>
public sealed record ValidateJobState(ValidationScope Scope, ValidationProgress? Progress = null);

/// <summary>What a finished validation keeps as its output: the counts, then the first findings of each kind.</summary>
public sealed record ValidateJobOutput(
    string Scope,
    string? Path,
    long Files,
    long Bytes,
    long BytesHashed,
    long Ok,
    long Changed,
    long Missing,
    long Corrupt,
    long Unreadable,
    long Unverified,
    long Offline,
    long IntegrityRecorded,
    double Seconds,
    IReadOnlyList<ValidationFinding> ChangedFiles,
    IReadOnlyList<string> MissingFiles,
    IReadOnlyList<ValidationFinding> CorruptFiles,
    IReadOnlyList<ValidationFinding> UnreadableFiles);

[JsonSerializable(typeof(ValidateJobState))]
[JsonSerializable(typeof(ValidateJobOutput))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
internal sealed partial class ValidateJobJsonContext : JsonSerializerContext;

/// <summary>
/// Job type <c>validate</c> (resumable): runs a <see cref="Validator"/> over its scope. After every batch the job counts
/// the files done and saves a checkpoint when one is due (spacedrive.jobs.checkpoint), always after the batch's integrity
/// hashes are committed; a resumed job continues after the last checkpointed entry, and the batch redone finds the same
/// answers. Progress: files and bytes done of the total, rate, and the findings so far.
/// </summary>
public sealed class ValidateJob : IJob<ValidateJobState>
{
    public const string TypeName = "validate";

    public static JobDefinition<ValidateJobState> Definition { get; } = new(
        TypeName, resumable: true, "Checks indexed files against the disk with full-file hashes", "files",
        ValidateJobJsonContext.Default.ValidateJobState, () => new ValidateJob(),
        describe: s => "validate " + s.Scope.Describe(),
        validate: s => s.Scope is null ? "no scope" : null);

    public async Task<JsonElement?> RunAsync(JobContext<ValidateJobState> ctx, ValidateJobState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(state);
        var access = ctx.Services.Require<ValidationLibraryAccess>();
        if (state.Progress is { } resume)
            ctx.Log(string.Create(CultureInfo.InvariantCulture, $"Resuming after entry {resume.Cursor} ({resume.Files} of {resume.TotalFiles} files done)."));
        else
            ctx.Log("Validating " + state.Scope.Describe() + ".");

        var started = Stopwatch.GetTimestamp();
        var startFiles = state.Progress?.Files ?? 0;
        var startBytes = state.Progress?.BytesHashed ?? 0;
        var last = state.Progress ?? new ValidationProgress();
        var validator = new Validator(access.DatabasePath, state.Scope, access.Settings, ctx.Time);
        ValidationProgress done;
        try
        {
            done = await validator.RunAsync(last, async (p, batch) =>
            {
                last = p;
                var seconds = Math.Max(Stopwatch.GetElapsedTime(started).TotalSeconds, 1e-3);
                ctx.ReportProgress(p.Files, p.TotalFiles, Message(p, (p.Files - startFiles) / seconds, (p.BytesHashed - startBytes) / seconds));
                if (ctx.IsCheckpointDue(batch))
                    await ctx.CheckpointAsync(state with { Progress = p }).ConfigureAwait(false);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Pause or cancel: keep what is committed.
            await ctx.CheckpointAsync(state with { Progress = last }).ConfigureAwait(false);
            throw;
        }

        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
        ctx.ReportProgress(done.Files, done.Files, "done");
        ctx.Log(string.Create(CultureInfo.InvariantCulture,
            $"Validated {done.Files} files ({done.BytesHashed} bytes hashed): {done.Ok} ok, {done.Changed} changed, {done.Missing} missing, {done.Corrupt} corrupt, {done.Unreadable} unreadable, {done.Unverified} not identified."));
        foreach (var c in done.CorruptFiles.Take(20)) ctx.AddWarning($"corrupt: {c.Path}: {c.Reason}");
        if (done.Offline > 0) ctx.AddWarning($"{done.Offline} files not checked: their location is offline.");
        var output = new ValidateJobOutput(state.Scope.Kind, state.Scope.Path, done.Files, done.TotalBytes, done.BytesHashed, done.Ok, done.Changed, done.Missing,
            done.Corrupt, done.Unreadable, done.Unverified, done.Offline, done.IntegrityRecorded, Math.Round(elapsed, 3),
            done.ChangedFiles, done.MissingFiles, done.CorruptFiles, done.UnreadableFiles);
        return JsonSerializer.SerializeToElement(output, ValidateJobJsonContext.Default.ValidateJobOutput);
    }

    private static string Message(ValidationProgress p, double filesPerSecond, double bytesPerSecond)
    {
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{p.Files:N0}/{p.TotalFiles:N0} files"),
            string.Create(CultureInfo.InvariantCulture, $"{p.BytesHashed / 1048576.0:0.#} MiB hashed"),
            string.Create(CultureInfo.InvariantCulture, $"{filesPerSecond:0} files/s"),
            string.Create(CultureInfo.InvariantCulture, $"{bytesPerSecond / 1048576.0:0.#} MiB/s"),
        };
        if (p.Changed > 0) parts.Add($"{p.Changed} changed");
        if (p.Missing > 0) parts.Add($"{p.Missing} missing");
        if (p.Corrupt > 0) parts.Add($"{p.Corrupt} corrupt");
        return string.Join(" · ", parts);
    }
}
