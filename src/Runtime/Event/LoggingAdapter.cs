using Microsoft.Extensions.Logging;

namespace Spacedrive.Runtime.Event;

/// <summary>An <see cref="ILoggingAdapter"/> over an <see cref="ILogger"/>; each line starts with its source (the actor path).</summary>
internal sealed class LoggingAdapter(ILogger logger, string source) : ILoggingAdapter
{
    public bool IsDebugEnabled => logger.IsEnabled(LogLevel.Debug);
    public bool IsInfoEnabled => logger.IsEnabled(LogLevel.Information);
    public bool IsWarningEnabled => logger.IsEnabled(LogLevel.Warning);
    public bool IsErrorEnabled => logger.IsEnabled(LogLevel.Error);

    public void Debug(string template, params object?[] args) => Log(LogLevel.Debug, null, template, args);
    public void Info(string template, params object?[] args) => Log(LogLevel.Information, null, template, args);
    public void Warning(string template, params object?[] args) => Log(LogLevel.Warning, null, template, args);
    public void Warning(Exception? cause, string template, params object?[] args) => Log(LogLevel.Warning, cause, template, args);
    public void Error(string template, params object?[] args) => Log(LogLevel.Error, null, template, args);
    public void Error(Exception? cause, string template, params object?[] args) => Log(LogLevel.Error, cause, template, args);

    private void Log(LogLevel level, Exception? cause, string template, object?[] args)
    {
        if (!logger.IsEnabled(level)) return;
        // The formatter binds placeholders by position, so "{0}" templates keep working after the prefix.
        var withSource = new object?[args.Length + 1];
        withSource[0] = source;
        Array.Copy(args, 0, withSource, 1, args.Length);
        logger.Log(level, cause, "[{LogSource}] " + template, withSource);
    }
}
