using Microsoft.Extensions.Logging;
using Spacedrive.Runtime.Configuration;

namespace Spacedrive.Runtime.Actor;

/// <summary>
/// What an actor system is created with: configuration (over the embedded reference.conf), the clock
/// (tests pass a manual one) and the logger factory. <c>BootstrapSetup.Create().WithTimeProvider(t)</c>.
/// </summary>
public sealed record BootstrapSetup
{
    public Config? Config { get; init; }
    public TimeProvider? TimeProvider { get; init; }
    public ILoggerFactory? LoggerFactory { get; init; }

    public static BootstrapSetup Create() => new();

    public BootstrapSetup WithConfig(Config config) => this with { Config = config };
    public BootstrapSetup WithTimeProvider(TimeProvider timeProvider) => this with { TimeProvider = timeProvider };
    public BootstrapSetup WithLoggerFactory(ILoggerFactory loggerFactory) => this with { LoggerFactory = loggerFactory };
}
