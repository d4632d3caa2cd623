namespace Spacedrive.Bench;

public interface IBenchSuite
{
    string Name { get; }
    Task RunAsync(BenchReporter report, string[] args);
}
