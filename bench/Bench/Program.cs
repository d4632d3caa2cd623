using System.Reflection;
using Spacedrive.Bench;

// One entry point for every benchmark: `bench/run.sh SUITE [args]`. Each suite is a class
// implementing IBenchSuite; it prints one line per figure, `name: value unit`.
var suites = typeof(IBenchSuite).Assembly.GetTypes()
    .Where(t => !t.IsAbstract && typeof(IBenchSuite).IsAssignableFrom(t))
    .Select(t => (IBenchSuite)Activator.CreateInstance(t)!)
    .OrderBy(s => s.Name, StringComparer.Ordinal)
    .ToList();

if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine("usage: bench/run.sh SUITE [args]   suites: " + string.Join(", ", suites.Select(s => s.Name)) + ", all");
    return args.Length == 0 ? 2 : 0;
}

// A suite named "runtime" also runs "runtime-persistence", "runtime-jobs": one figure list per issue.
var wanted = args[0] == "all" ? suites : suites.Where(s => s.Name == args[0] || s.Name.StartsWith(args[0] + "-", StringComparison.Ordinal)).ToList();
if (wanted.Count == 0)
{
    Console.Error.WriteLine($"unknown suite '{args[0]}'; suites: {string.Join(", ", suites.Select(s => s.Name))}");
    return 2;
}

var reporter = new BenchReporter(Console.Out);
foreach (var suite in wanted)
{
    Console.WriteLine($"# suite {suite.Name}");
    await suite.RunAsync(reporter, args.Skip(1).ToArray());
}
return 0;
