using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Actor;

/// <summary>The <c>spacedrive.actor</c> and <c>spacedrive.coordinated-shutdown</c> settings, read once at start.</summary>
public sealed class Settings
{
    internal Settings(string systemName, Config config)
    {
        SystemName = systemName;
        Config = config;
        AskTimeout = config.GetTimeSpan("spacedrive.actor.ask-timeout", TimeSpan.FromSeconds(5), allowInfinite: false);
        if (AskTimeout <= TimeSpan.Zero) throw new ConfigurationException("spacedrive.actor.ask-timeout must be positive");
        LogDeadLetters = config.GetInt("spacedrive.actor.log-dead-letters", 10);
        LogDeadLettersDuringShutdown = config.GetBoolean("spacedrive.actor.log-dead-letters-during-shutdown", false);
        CoordinatedShutdownDefaultPhaseTimeout = config.GetTimeSpan("spacedrive.coordinated-shutdown.default-phase-timeout", TimeSpan.FromSeconds(5), allowInfinite: false);
        CoordinatedShutdownRunByActorSystemTerminate = config.GetBoolean("spacedrive.coordinated-shutdown.run-by-actor-system-terminate", true);
        CoordinatedShutdownTerminateActorSystem = config.GetBoolean("spacedrive.coordinated-shutdown.terminate-actor-system", true);
        CoordinatedShutdownRunByClrShutdownHook = config.GetBoolean("spacedrive.coordinated-shutdown.run-by-clr-shutdown-hook", true);
    }

    public string SystemName { get; }
    public Config Config { get; }
    public TimeSpan AskTimeout { get; }
    public int LogDeadLetters { get; }
    public bool LogDeadLettersDuringShutdown { get; }
    public TimeSpan CoordinatedShutdownDefaultPhaseTimeout { get; }
    public bool CoordinatedShutdownRunByActorSystemTerminate { get; }
    public bool CoordinatedShutdownTerminateActorSystem { get; }
    public bool CoordinatedShutdownRunByClrShutdownHook { get; }
}
