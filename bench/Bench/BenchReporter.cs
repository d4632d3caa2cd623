using System.Globalization;

namespace Spacedrive.Bench;

/// <summary>Prints figures as `name: value unit`, and comparisons as `name.ratio: value` (ours ÷ peer).</summary>
public sealed class BenchReporter(TextWriter output)
{
    public void Figure(string name, double value, string unit) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name}: {Format(value)} {unit}"));

    /// <param name="higherIsBetter">Says in the line which direction is better.</param>
    public void Ratio(string name, double ours, double peer, bool higherIsBetter) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}.ratio: {Format(peer == 0 ? double.NaN : ours / peer)} ({(higherIsBetter ? "higher" : "lower")} is better)"));

    public void Target(string name, double value, double target, bool higherIsBetter) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name}.target: {Format(target)} {((higherIsBetter ? value >= target : value <= target) ? "met" : "MISSED")}"));

    public void Note(string text) => output.WriteLine("# " + text);

    private static string Format(double v) => Math.Abs(v) >= 100 ? v.ToString("F0", CultureInfo.InvariantCulture) : v.ToString("G4", CultureInfo.InvariantCulture);
}
