namespace Testbed.Control.Policies;

/// <summary>
/// follow-users: the service belongs in the data center with the least demand-weighted
/// round trip, Σ over sites of (requests/s from the site × RTT to the data center). It
/// moves only when that cost falls by more than the hysteresis, so that demand wavering
/// between two similar places does not make it migrate back and forth.
/// </summary>
public static class FollowUsersPolicy
{
    /// <returns>The data center to migrate to; null to stay.</returns>
    public static string? Decide(
        string current, IReadOnlyDictionary<string, double> demandBySite, IReadOnlyList<string> candidates, Func<string, string, double> roundTripMs, double hysteresisPercent)
    {
        if (demandBySite.Values.Sum() <= 0 || candidates.Count == 0)
        {
            return null;
        }

        double Cost(string dataCenter) => demandBySite.Sum(d => d.Value * roundTripMs(d.Key, dataCenter));
        var best = candidates.OrderBy(Cost).ThenBy(c => c, StringComparer.Ordinal).First();
        var currentCost = Cost(current);
        return best != current && Cost(best) < currentCost * (1 - (hysteresisPercent / 100)) ? best : null;
    }
}
