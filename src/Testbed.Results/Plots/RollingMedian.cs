using Testbed.Workload.Statistics;

namespace Testbed.Results.Plots;

/// <summary>The median of the values in consecutive time bins (nearest rank, as every reported percentile): the trend through a cloud of requests.</summary>
public static class RollingMedian
{
    /// <summary>A bin width that gives a smooth but responsive line over a run of this length.</summary>
    public static double BinWidthFor(double durationS) =>
        durationS <= 40 ? 0.5 : durationS <= 120 ? 1 : Math.Ceiling(durationS / 100);

    /// <summary>(bin centre, median) for every bin that holds at least one value, in time order.</summary>
    public static IReadOnlyList<(double TimeS, double Median)> Of(IEnumerable<(double TimeS, double Value)> points, double binWidthS) =>
        [.. points.GroupBy(p => Math.Floor(p.TimeS / binWidthS)).OrderBy(g => g.Key).Select(g =>
        {
            var median = NearestRank.Of([.. g.Select(p => p.Value)], 0.5);
            return (((g.Key + 0.5) * binWidthS), median);
        })];
}
