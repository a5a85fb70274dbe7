using System.Globalization;
using ScottPlot;
using ScottPlot.TickGenerators;
using Testbed.Workload.Statistics;

namespace Testbed.Results.Plots;

/// <summary>
/// A base-10 logarithmic axis. ScottPlot's axes are linear, so the data goes in as log10 of
/// the value, and the ticks are labelled with the value itself: decades as major ticks, 2 to 9
/// of each decade as minor ones.
/// </summary>
public static class LogAxis
{
    /// <summary>Below this (ms), a response time is drawn at it: a log axis has no zero.</summary>
    public const double Floor = 0.01;

    /// <summary>
    /// Whether values spread over so many orders of magnitude that a linear axis would crush
    /// the small ones into its floor: the 99th percentile over thirty times the 1st.
    /// </summary>
    public static bool Suits(IReadOnlyList<double> values)
    {
        if (values.Count < 2)
        {
            return false;
        }

        var low = Math.Max(NearestRank.Of(values, 0.01), Floor);
        var high = NearestRank.Of(values, 0.99);
        return high / low > 30;
    }

    public static double Of(double value) => Math.Log10(Math.Max(value, Floor));

    public static void Apply(IAxis axis)
    {
        axis.TickGenerator = new NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new LogMinorTickGenerator(),
            LabelFormatter = exponent => Math.Pow(10, Math.Round(exponent)).ToString("0.##", CultureInfo.InvariantCulture),
        };
    }
}
