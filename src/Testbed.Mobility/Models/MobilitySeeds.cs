namespace Testbed.Mobility.Models;

/// <summary>
/// Each user's own random stream, from the run's seed, its group's name and its index: the
/// same seed gives the same tracks, and adding users or groups leaves the others' as they were.
/// </summary>
public static class MobilitySeeds
{
    public static Random For(int runSeed, string group, int user)
    {
        // FNV-1a over the three, since string.GetHashCode differs from one process to the next.
        var hash = 2166136261u;
        void Mix(int value)
        {
            for (var shift = 0; shift < 32; shift += 8)
            {
                hash = (hash ^ (uint)((value >> shift) & 0xff)) * 16777619u;
            }
        }

        Mix(runSeed);
        foreach (var c in group)
        {
            Mix(c);
        }

        Mix(user);

        // Random(int) with a seed runs the same algorithm on every .NET, so tracks are reproducible.
        return new Random((int)(hash & int.MaxValue));
    }

    /// <summary>A normal draw (Box-Muller): the spread of commuters' departures.</summary>
    public static double Normal(Random random, double mean, double deviation) =>
        mean + (deviation * Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>An exponential draw with mean <paramref name="mean"/>: the nomads' dwell times.</summary>
    public static double Exponential(Random random, double mean) => -mean * Math.Log(1 - random.NextDouble());

    public static double Uniform(Random random, double low, double high) => low + (random.NextDouble() * (high - low));
}
