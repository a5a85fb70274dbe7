using Testbed.Workload.Statistics;

namespace Testbed.Results.Summary;

/// <summary>Nearest-rank percentiles: every figure reported is a latency some request really had.</summary>
public static class Percentiles
{
    public static double Of(IReadOnlyList<double> values, double quantile) => NearestRank.Of(values, quantile);

    public static ResponseTimeStatistics Describe(IReadOnlyList<double> values) =>
        values.Count == 0
            ? new ResponseTimeStatistics(null, null, null, null, 0)
            : new ResponseTimeStatistics(Round(Of(values, 0.5)), Round(Of(values, 0.95)), Round(Of(values, 0.99)), Round(values.Average()), values.Count);

    private static double Round(double value) => Math.Round(value, 3);
}
