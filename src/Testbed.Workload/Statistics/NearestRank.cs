namespace Testbed.Workload.Statistics;

/// <summary>
/// The one definition of a percentile in the testbed: nearest rank, so that every figure
/// reported is a value some request, probe or frame really had.
/// </summary>
public static class NearestRank
{
    /// <summary>The <paramref name="quantile"/> (0 to 1) of <paramref name="values"/>, which need not be in order.</summary>
    public static double Of(IReadOnlyList<double> values, double quantile)
    {
        if (values.Count == 0)
        {
            throw new ArgumentException("no values", nameof(values));
        }

        var ordered = values.Order().ToList();
        return ordered[Rank(ordered.Count, quantile)];
    }

    /// <summary>The index of the <paramref name="quantile"/> in <paramref name="count"/> values put in order.</summary>
    public static int Rank(int count, double quantile) => Math.Clamp((int)Math.Ceiling(quantile * count) - 1, 0, count - 1);
}
