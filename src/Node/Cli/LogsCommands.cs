using System.CommandLine;
using System.Text.Json;
using Spacedrive.Node.Hosting;
using Spectre.Console;

namespace Spacedrive.Node.Cli;

/// <summary>`sd logs show|follow`: read the node's log files in its data directory; no node needs to run.</summary>
public static class LogsCommands
{
    public static Command Build(ActionFactory actions)
    {
        var logs = new Command("logs", "Show the node's log");

        var lines = new Option<int>("--lines", "-n") { Description = "How many of the last lines to show", DefaultValueFactory = _ => 100 };
        var level = new Option<string?>("--level") { Description = "Lowest level shown: trace, debug, info, warn, error" };
        var component = new Option<string?>("--component") { Description = "Only lines whose category contains this text (e.g. Jobs, Libraries)" };

        var show = new Command("show", "Show the last lines of the log") { lines, level, component };
        actions.Set(show, (ctx, ct) =>
        {
            var filter = new LogFilter(ctx.Value(level), ctx.Value(component));
            var records = ReadAll(ctx.DataDir.LogDirectory).Where(filter.Matches).ToList();
            foreach (var record in records.Skip(Math.Max(0, records.Count - Math.Max(0, ctx.Value(lines)))))
                Write(ctx.Output, record);
            return Task.FromResult(ExitCodes.Ok);
        });

        var follow = new Command("follow", "Show new log lines as they are written, until Ctrl-C") { lines, level, component };
        actions.Set(follow, async (ctx, ct) =>
        {
            var filter = new LogFilter(ctx.Value(level), ctx.Value(component));
            var path = Path.Combine(ctx.DataDir.LogDirectory, RotatingFileLoggerProvider.FileName);
            var existing = ReadAll(ctx.DataDir.LogDirectory).Where(filter.Matches).ToList();
            foreach (var record in existing.Skip(Math.Max(0, existing.Count - Math.Max(0, ctx.Value(lines)))))
                Write(ctx.Output, record);
            await FollowAsync(path, record => { if (filter.Matches(record)) Write(ctx.Output, record); }, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });

        logs.Subcommands.Add(show);
        logs.Subcommands.Add(follow);
        return logs;
    }

    private static IEnumerable<LogRecord> ReadAll(string directory)
    {
        if (!Directory.Exists(directory)) yield break;
        var files = Directory.GetFiles(directory, "node.*.log")
            .OrderByDescending(f => f, StringComparer.Ordinal)
            .Append(Path.Combine(directory, RotatingFileLoggerProvider.FileName));
        foreach (var file in files)
        {
            if (!File.Exists(file)) continue;
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (Parse(line) is { } record) yield return record;
            }
        }
    }

    private static async Task FollowAsync(string path, Action<LogRecord> onRecord, CancellationToken ct)
    {
        long position = File.Exists(path) ? new FileInfo(path).Length : 0;
        var pending = "";
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(250));
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            if (!File.Exists(path)) continue;
            var length = new FileInfo(path).Length;
            if (length < position) position = 0; // rotated
            if (length == position) continue;
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Position = position;
            using var reader = new StreamReader(stream);
            var text = pending + await reader.ReadToEndAsync(ct).ConfigureAwait(false);
            position = stream.Position;
            var cut = text.LastIndexOf('\n');
            pending = cut < 0 ? text : text[(cut + 1)..];
            if (cut < 0) continue;
            foreach (var line in text[..cut].Split('\n'))
            {
                if (Parse(line) is { } record) onRecord(record);
            }
        }
    }

    private static LogRecord? Parse(string line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            return JsonSerializer.Deserialize<LogRecord>(line, LogRecordJson.Options);
        }
        catch (JsonException)
        {
            return null; // a line cut by a crash mid-write
        }
    }

    private static void Write(CliOutput output, LogRecord record)
    {
        if (output.IsJson)
        {
            output.Json(record);
            return;
        }
        var color = record.Level switch { "error" or "critical" => "red", "warn" => "yellow", "debug" or "trace" => "grey", _ => "default" };
        output.Console.MarkupLine($"[grey]{record.Time:yyyy-MM-dd HH:mm:ss.fff}[/] [{color}]{record.Level,-5}[/] [blue]{Markup.Escape(record.Category)}[/] {Markup.Escape(record.Message)}");
        if (record.Exception is not null) output.Console.WriteLine(record.Exception);
    }

    private sealed record LogFilter(string? Level, string? Component)
    {
        private readonly int _minimum = Level is null ? 0 : LogRecord.Severity(Level.ToLowerInvariant());

        public bool Matches(LogRecord record) =>
            LogRecord.Severity(record.Level) >= _minimum &&
            (Component is null || record.Category.Contains(Component, StringComparison.OrdinalIgnoreCase));
    }
}
