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
    /// <summary>One kind of quantity: its units (each as a factor to the unit the testbed computes with) and the most it may be.</summary>
    private sealed record Kind(string Name, Dictionary<string, double> Units, double Max, string MaxText);

    private static readonly Kind Durations = new("a duration", new() { ["us"] = 0.001, ["ms"] = 1, ["s"] = 1000, ["min"] = 60_000, ["h"] = 3_600_000 },
        TimeSpan.FromDays(7).TotalMilliseconds, "7 days");

    private static readonly Kind Sizes = new("a size", new() { ["B"] = 1, ["KiB"] = 1024, ["MiB"] = 1024 * 1024, ["GiB"] = 1024 * 1024 * 1024, ["kB"] = 1e3, ["MB"] = 1e6, ["GB"] = 1e9 },
        1024.0 * 1024 * 1024 * 1024, "1024GiB");

    private static readonly Kind BitRates = new("a bit rate", new() { ["bit/s"] = 1e-6, ["kbit/s"] = 1e-3, ["Mbit/s"] = 1, ["Gbit/s"] = 1e3 }, 1e6, "1000Gbit/s");

    private static readonly Kind ByteRates = new("a byte rate", new() { ["B/s"] = 1e-6, ["kB/s"] = 1e-3, ["MB/s"] = 1, ["GB/s"] = 1e3, ["KiB/s"] = 1024 / 1e6, ["MiB/s"] = 1024 * 1024 / 1e6 },
        1e6, "1000GB/s");

    private static readonly Kind EventRates = new("a rate of events", new() { ["/s"] = 1, ["/min"] = 1 / 60.0 }, 1e6, "1000000/s");

    private static readonly Kind Percentages = new("a percentage", new() { ["%"] = 1 }, 1000, "1000%");

    private static readonly Kind Speeds = new("a speed", new() { ["km/h"] = 1, ["m/s"] = 3.6 }, 100_000, "100000km/h");

    private static readonly Kind Distances = new("a distance", new() { ["m"] = 0.001, ["km"] = 1 }, 40_075, "40075km (once round the Earth)");

    private static readonly Kind[] Kinds = [Durations, Sizes, BitRates, ByteRates, EventRates, Percentages, Speeds, Distances];

    public static TimeSpan Duration(string text) => TimeSpan.FromMilliseconds(Convert(text, Durations));

    public static long Bytes(string text) => (long)Math.Round(Convert(text, Sizes));

    public static double MegabitsPerSecond(string text) => Convert(text, BitRates);

    public static double MegabytesPerSecond(string text) => Convert(text, ByteRates);

    public static double PerSecond(string text) => Convert(text, EventRates);

    public static double Percent(string text) => Convert(text, Percentages);

    public static double KilometresPerHour(string text) => Convert(text, Speeds);

    public static double Kilometres(string text) => Convert(text, Distances);

    /// <summary>
    /// Why a quantity is more than the testbed can run, so that no conversion overflows or
    /// wraps; null for one in range, and for text that is no quantity. Each use checks its own
    /// narrower range after this (a link's delay, a VM's memory).
    /// </summary>
    public static string? OutOfRange(string text)
    {
        var match = Quantity().Match(text);
        if (!match.Success || Kinds.FirstOrDefault(k => k.Units.ContainsKey(match.Groups["unit"].Value)) is not { } kind)
        {
            return null;
        }

        var value = double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture) * kind.Units[match.Groups["unit"].Value];
        return double.IsFinite(value) && value <= kind.Max ? null : $"'{text}' is more than the testbed can run: {kind.Name} is at most {kind.MaxText}";
    }

    private static double Convert(string text, Kind kind)
    {
        var match = Quantity().Match(text);
        if (!match.Success || !kind.Units.TryGetValue(match.Groups["unit"].Value, out var factor))
        {
            throw new FormatException($"'{text}' is not a quantity with one of the units {string.Join(", ", kind.Units.Keys)}");
        }

        return double.Parse(match.Groups["number"].Value, CultureInfo.InvariantCulture) * factor;
    }

    [GeneratedRegex(@"^(?<number>[0-9]+(\.[0-9]+)?)\s*(?<unit>\S+)$")]
    private static partial Regex Quantity();
}
