using Spacedrive.Runtime.Actor;

namespace Spacedrive.Runtime.Event;

/// <summary>Entry points for loggers: <c>Context.GetLogger()</c> inside actors, <c>Logging.GetLogger(system, source)</c> elsewhere.</summary>
public static class Logging
{
    public static ILoggingAdapter GetLogger(this IActorContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var cell = (ActorCell)context;
        var category = cell.ActorType?.FullName ?? "Spacedrive.Runtime.Actor";
        return new LoggingAdapter(cell.SystemImpl.GetMicrosoftLogger(category), context.Self.Path.ToString());
    }

    public static ILoggingAdapter GetLogger(ActorSystem system, string logSource)
    {
        ArgumentNullException.ThrowIfNull(system);
        return new LoggingAdapter(((ActorSystemImpl)system).GetMicrosoftLogger(logSource), logSource);
    }

    public static ILoggingAdapter GetLogger(ActorSystem system, Type logSource)
    {
        ArgumentNullException.ThrowIfNull(logSource);
        return new LoggingAdapter(((ActorSystemImpl)system).GetMicrosoftLogger(logSource.FullName ?? logSource.Name), logSource.Name);
    }
}
