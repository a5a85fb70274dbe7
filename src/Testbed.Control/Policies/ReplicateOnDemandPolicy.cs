using Testbed.Control.Contracts;

namespace Testbed.Control.Policies;

/// <summary>
/// replicate-on-demand: each site's demand counts for the data center nearest to it. A
/// data center without a copy whose demand passes the upper threshold gets a replica; a
/// replica whose demand falls below the lower one is dropped. The primary always stays.
/// The gap between the thresholds keeps a replica from flickering.
/// </summary>
public static class ReplicateOnDemandPolicy
{
    /// <returns>At most one step per call, the most pressing first: a replica where demand is highest, else the emptiest replica's drop.</returns>
    public static PlacementStep? Decide(
        ServicePlacement placement, IReadOnlyDictionary<string, double> demandBySite, IReadOnlyList<string> candidates,
        Func<string, string, double> roundTripMs, double replicateAbovePerSecond, double dropBelowPerSecond)
    {
        if (candidates.Count == 0)
        {
            return null;
        }

        var demandByDataCenter = candidates.ToDictionary(c => c, _ => 0.0, StringComparer.Ordinal);
        foreach (var (site, rate) in demandBySite)
        {
            var nearest = candidates.OrderBy(c => roundTripMs(site, c)).ThenBy(c => c, StringComparer.Ordinal).First();
            demandByDataCenter[nearest] += rate;
        }

        var copies = placement.Replicas.Append(placement.Primary).ToHashSet(StringComparer.Ordinal);
        var hot = demandByDataCenter
            .Where(d => !copies.Contains(d.Key) && d.Value > replicateAbovePerSecond)
            .OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal)
            .Select(d => d.Key).FirstOrDefault();
        if (hot is not null)
        {
            return new PlacementStep(PlacementStepKind.Replicate, placement.Service, hot, "policy");
        }

        var cold = placement.Replicas
            .Where(r => demandByDataCenter.GetValueOrDefault(r) < dropBelowPerSecond)
            .OrderBy(r => demandByDataCenter.GetValueOrDefault(r)).ThenBy(r => r, StringComparer.Ordinal)
            .FirstOrDefault();
        return cold is null ? null : new PlacementStep(PlacementStepKind.Drop, placement.Service, cold, "policy");
    }
}
