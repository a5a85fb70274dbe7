using System.Globalization;
using System.Text.RegularExpressions;

namespace Testbed.Experiments.Files;

/// <summary>
/// The quantities an experiment file writes with their units ("5ms", "128MiB",
/// "100Mbit/s", "20/s", "0.5%"), in the units the testbed computes with. The schema
/// already checked the form; these only convert.
/// </summary>
public static partial class Quantities
{
    public static TimeSpan Duration(string text) => TimeSpan.FromMilliseconds(Convert(text, new Dictionary<string, double>
    {
        ["us"] = 0.001, ["ms"] = 1, ["s"] = 1000, ["min"] = 60_000, ["h"] = 3_600_000,
    }));

    public static long Bytes(string text) => (long)Math.Round(Convert(text, new Dictionary<string, double>
    {
        ["B"] = 1, ["KiB"] = 1024, ["MiB"] = 1024 * 1024, ["GiB"] = 1024 * 1024 * 1024, ["kB"] = 1e3, ["MB"] = 1e6, ["GB"] = 1e9,
    }));

    public static double MegabitsPerSecond(string text) => Convert(text, new Dictionary<string, double>
    {
        ["bit/s"] = 1e-6, ["kbit/s"] = 1e-3, ["Mbit/s"] = 1, ["Gbit/s"] = 1e3,
    });

    public static double MegabytesPerSecond(string text) => Convert(text, new Dictionary<string, double>
    {
        ["B/s"] = 1e-6, ["kB/s"] = 1e-3, ["MB/s"] = 1, ["GB/s"] = 1e3, ["KiB/s"] = 1024 / 1e6, ["MiB/s"] = 1024 * 1024 / 1e6,
    });

    public static double PerSecond(string text) => Convert(text, new Dictionary<string, double> { ["/s"] = 1, ["/min"] = 1 / 60.0 });

    public static double Percent(string text) => Convert(text, new Dictionary<string, double> { ["%"] = 1 });

    private static double Convert(string text, Dictionary<string, double> units)
    {
        var match = Quantity().Match(text);
        if (!match.Success || !units.TryGetValue(match.Groups["unit"].Value, out var factor))
        {
            throw new FormatException($"'{text}' is not a quantity with one of the units {string.Join(", ", units.Keys)}");
        }

        return double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture) * factor;
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>\S+)$")]
    private static partial Regex Quantity();
}
