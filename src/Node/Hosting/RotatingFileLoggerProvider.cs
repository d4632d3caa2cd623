using System.Collections.Concurrent;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Spacedrive.Node.Hosting;

/// <summary>
/// Writes the node's log as JSON lines to <c>logs/node.log</c>, rotating to <c>node.1.log</c> ...
/// when the file passes its size limit. One background writer, so logging never blocks an actor
/// on disk I/O; `sd logs show|follow` reads these files.
/// </summary>
public sealed class RotatingFileLoggerProvider : ILoggerProvider
{
    public const string FileName = "node.log";

    private readonly string _directory;
    private readonly long _maxBytes;
    private readonly int _keep;
    private readonly LogLevel _minimum;
    private readonly Channel<LogRecord> _queue = Channel.CreateBounded<LogRecord>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Task _writer;

    public RotatingFileLoggerProvider(string directory, long maxBytes = 10 * 1024 * 1024, int keep = 5, LogLevel minimum = LogLevel.Information)
    {
        _directory = directory;
        _maxBytes = maxBytes;
        _keep = keep;
        _minimum = minimum;
        Directory.CreateDirectory(directory);
        _writer = Task.Run(WriteLoopAsync);
    }

    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, name => new FileLogger(this, name));

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _writer.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task WriteLoopAsync()
    {
        var path = Path.Combine(_directory, FileName);
        var stream = Open(path);
        try
        {
            var buffer = new MemoryStream();
            while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                while (_queue.Reader.TryRead(out var record))
                {
                    buffer.SetLength(0);
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        JsonSerializer.Serialize(json, record, LogRecordJson.Options);
                    }
                    buffer.WriteByte((byte)'\n');
                    if (stream.Length + buffer.Length > _maxBytes && stream.Length > 0)
                    {
                        await stream.DisposeAsync().ConfigureAwait(false);
                        Rotate(path);
                        stream = Open(path);
                    }
                    buffer.Position = 0;
                    await buffer.CopyToAsync(stream).ConfigureAwait(false);
                }
                await stream.FlushAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static FileStream Open(string path) =>
        new(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete, 64 * 1024);

    private void Rotate(string path)
    {
        for (var i = _keep - 1; i >= 1; i--)
        {
            var from = i == 1 ? path : RotatedName(i - 1);
            if (File.Exists(from)) File.Move(from, RotatedName(i), overwrite: true);
        }
        string RotatedName(int n) => Path.Combine(_directory, $"node.{n}.log");
    }

    private sealed class FileLogger(RotatingFileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= owner._minimum && logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            owner._queue.Writer.TryWrite(new LogRecord(DateTimeOffset.UtcNow, LogRecord.LevelName(logLevel), category, formatter(state, exception), exception?.ToString()));
        }
    }
}
