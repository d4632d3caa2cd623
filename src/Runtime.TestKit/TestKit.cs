using System.Globalization;
using Microsoft.Extensions.Logging;
using Spacedrive.Runtime.Actor;
using Spacedrive.Runtime.Configuration;
using Xunit.Abstractions;

namespace Spacedrive.Runtime.TestKit;

/// <summary>
/// Base class for xunit specs: a fresh <see cref="ActorSystem"/> per test (xunit makes one instance per
/// test), shut down on Dispose. Test code's <c>Tell(message)</c> has <see cref="TestKitBase.TestActor"/> as sender.
/// Pass a <see cref="ManualTimeProvider"/> in the setup to drive the system's time by hand.
/// </summary>
public class TestKit : TestKitBase, IDisposable
{
    private static int s_systemCounter;
    private bool _disposed;

    public TestKit(string? config = null, ITestOutputHelper? output = null)
        : this(BootstrapSetup.Create().WithConfig(config is null ? ConfigurationFactory.Empty : ConfigurationFactory.ParseString(config)), output) { }

    public TestKit(BootstrapSetup setup, ITestOutputHelper? output = null, string? systemName = null)
    {
        ArgumentNullException.ThrowIfNull(setup);
        if (output is not null && setup.LoggerFactory is null) setup = setup.WithLoggerFactory(new TestOutputLoggerFactory(output));
        var name = systemName ?? GetType().Name + "-" + Interlocked.Increment(ref s_systemCounter).ToString(CultureInfo.InvariantCulture);
        var system = ActorSystem.Create(name, setup);
        InitializeTest(system, new TestKitSettings(system.Settings.Config), "testActor");
        ImplicitSender.SetAmbient(TestActor);
    }

    public TestProbe CreateTestProbe(string? name = null) => new(Sys, TestKitSettings, name);

    public IActorRef ActorOf(Props props, string? name = null) => Sys.ActorOf(props, name);

    public IActorRef ActorOf<TActor>(string? name = null) where TActor : ActorBase, new() => Sys.ActorOf(Props.Create<TActor>(), name);

    /// <summary>Runs before the system shuts down at the end of the test.</summary>
    protected virtual void AfterAll() { }

    /// <summary>Terminates the system and waits for it; with <paramref name="verifySystemShutdown"/>, fails when it does not finish in time.</summary>
    public void Shutdown(TimeSpan? duration = null, bool verifySystemShutdown = false)
    {
        var wait = Dilated(duration ?? TestKitSettings.DefaultTimeout);
        var finished = Sys.Terminate().Wait(wait);
        if (!finished && verifySystemShutdown) Xunit.Assert.Fail($"Failed to stop [{Sys.Name}] within [{wait}]");
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (_disposed || !disposing) return;
        _disposed = true;
        try
        {
            AfterAll();
        }
        finally
        {
            ImplicitSender.SetAmbient(null);
            Shutdown();
        }
    }
}

/// <summary>Routes runtime logs (warnings and up) to the xunit test output.</summary>
internal sealed class TestOutputLoggerFactory(ITestOutputHelper output) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new TestOutputLogger(output, categoryName);

    public void AddProvider(ILoggerProvider provider) { }

    public void Dispose() { }

    private sealed class TestOutputLogger(ITestOutputHelper output, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            try
            {
                output.WriteLine($"[{logLevel}] {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception.GetType().Name + ": " + exception.Message)}");
            }
            catch (InvalidOperationException)
            {
                // The test has finished; xunit refuses output from then on.
            }
        }
    }
}
