namespace Testbed.Client.Load;

/// <summary>
/// One user's open-loop arrivals: independent exponential gaps with mean 1/rate, so requests
/// form a Poisson process whatever the service does. Seeded, so a run repeats its schedule.
/// </summary>
internal sealed class PoissonArrivals(int seed, double ratePerSecond)
{
    // Seeded on purpose: the schedule must repeat from run to run; nothing here is secret.
#pragma warning disable CA5394
    private readonly Random _random = new(seed);

    /// <summary>False when the rate is zero: the user then sends nothing.</summary>
    public bool Sends => ratePerSecond > 0;

    public TimeSpan NextGap() => TimeSpan.FromSeconds(-Math.Log(1 - _random.NextDouble()) / ratePerSecond);
#pragma warning restore CA5394
}
