namespace Testbed.Topology.Zoo;

/// <summary>
/// Spreads sites over a network by greedy farthest-first k-center over shortest-path delay
/// (Gonzalez's 2-approximation of the placement whose farthest router is nearest a site):
/// the first pick is the delay centre, the router whose farthest router is nearest; each next
/// pick is the router farthest from every earlier pick. Ties go to the router first in file
/// order, so the same network and count always give the same picks. A rank keeps some routers
/// back: each pick is made among the unpicked routers of the lowest rank left.
/// </summary>
internal static class ZooSpread
{
    /// <summary>Delays summed along different paths differ in their last bits; below a nanosecond they are equal.</summary>
    private const double SameDelayMs = 1e-6;

    /// <param name="routers">Every router, in file order.</param>
    /// <param name="delay">The shortest-path delay between two routers.</param>
    /// <param name="rank">0 for the routers to pick first; higher for those to pick only once every lower one is picked.</param>
    public static IReadOnlyList<string> Pick(IReadOnlyList<string> routers, Func<string, string, double> delay, int count, Func<string, int> rank)
    {
        var picked = new List<string>();
        var nearestPick = routers.ToDictionary(r => r, _ => double.PositiveInfinity, StringComparer.Ordinal);
        while (picked.Count < count)
        {
            var unpicked = routers.Where(r => !picked.Contains(r)).ToList();
            var lowest = unpicked.Min(rank);
            var pool = unpicked.Where(r => rank(r) == lowest).ToList();

            var next = picked.Count == 0
                ? Highest(pool, r => -routers.Max(other => delay(r, other)))
                : Highest(pool, r => nearestPick[r]);
            picked.Add(next);
            foreach (var router in routers)
            {
                nearestPick[router] = Math.Min(nearestPick[router], delay(next, router));
            }
        }

        return picked;
    }

    private static string Highest(List<string> pool, Func<string, double> score)
    {
        var best = pool[0];
        var bestScore = score(best);
        foreach (var candidate in pool.Skip(1))
        {
            var candidateScore = score(candidate);
            if (candidateScore > bestScore + SameDelayMs)
            {
                (best, bestScore) = (candidate, candidateScore);
            }
        }

        return best;
    }
}
