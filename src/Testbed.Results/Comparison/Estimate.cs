using MathNet.Numerics.Distributions;

namespace Testbed.Results.Comparison;

/// <summary>
/// The mean of one measure over a point's runs, with the half-width of its 95% confidence
/// interval from Student's t (n - 1 degrees of freedom); no interval from a single run.
/// </summary>
public sealed record Estimate(double? Mean, double? Ci95, int N)
{
    public static Estimate Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0)
        {
            return new Estimate(null, null, 0);
        }

        var mean = values.Average();
        if (values.Count == 1)
        {
            return new Estimate(mean, null, 1);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        var t = StudentT.InvCDF(0, 1, values.Count - 1, 0.975);
        return new Estimate(mean, t * Math.Sqrt(variance / values.Count), values.Count);
    }

    /// <summary>"112.4 ± 8.1", "112.4" for one run, "–" for none.</summary>
    public string Text(string format = "0.#") => Mean switch
    {
        null => "–",
        { } mean when Ci95 is { } ci => $"{mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture)} ± {ci.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}",
        { } mean => mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture),
    };
}
