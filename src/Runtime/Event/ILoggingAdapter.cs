namespace Spacedrive.Runtime.Event;

/// <summary>
/// Akka-style logger given to actors by <c>Context.GetLogger()</c>. Templates are message templates
/// (<c>"indexed {Count} files"</c>, or Akka's positional <c>"{0}"</c>), routed to Microsoft.Extensions.Logging.
/// </summary>
public interface ILoggingAdapter
{
    bool IsDebugEnabled { get; }
    bool IsInfoEnabled { get; }
    bool IsWarningEnabled { get; }
    bool IsErrorEnabled { get; }

    void Debug(string template, params object?[] args);
    void Info(string template, params object?[] args);
    void Warning(string template, params object?[] args);
    void Warning(Exception? cause, string template, params object?[] args);
    void Error(string template, params object?[] args);
    void Error(Exception? cause, string template, params object?[] args);
}
