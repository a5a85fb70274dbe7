using Testbed.Topology.Routing;

namespace Testbed.Topology.Routing;

/// <summary>
/// The links a request from a user site and its answer cross, as each mechanism routes them
/// to a copy in a data center: the figure its response time is measured against. The
/// answer always leaves through the guest's gateway in the data center it runs in, except
/// under l2-stretch, whose only gateway is at home.
/// </summary>
public static class MechanismPaths
{
    /// <summary>The request's and the answer's links and delays; null when a node on the way is unreachable.</summary>
    public static MechanismPath? Of(MechanismKind kind, RoutePlanner routes, string home, string site, string dataCenter)
    {
        (IReadOnlyList<(string From, string To)>? Forward, IReadOnlyList<(string From, string To)>? Back) legs = kind switch
        {
            // Users enter at the nearest smart router, which tunnels to the copy.
            MechanismKind.Overlay when routes.NearestDataCenter(site) is { } ingress => ([(site, ingress), (ingress, dataCenter)], [(dataCenter, site)]),
            MechanismKind.Overlay => (null, null),
            MechanismKind.HomeTunnel => ([(site, home), (home, dataCenter)], [(dataCenter, site)]),
            MechanismKind.L2Stretch => ([(site, home), (home, dataCenter)], [(dataCenter, home), (home, site)]),
            _ => ([(site, dataCenter)], [(dataCenter, site)]),
        };
        if (legs is not ({ } forward, { } back) || Delay(routes, forward) is not { } forwardMs || Delay(routes, back) is not { } returnMs)
        {
            return null;
        }

        return new MechanismPath(Links(routes, forward), Links(routes, back), forwardMs, returnMs);
    }

    private static double? Delay(RoutePlanner routes, IEnumerable<(string From, string To)> legs) =>
        legs.Aggregate((double?)0, (sum, leg) => sum + (leg.From == leg.To ? 0 : routes.Paths.Between(leg.From, leg.To)?.DelayMs));

    private static List<int> Links(RoutePlanner routes, IEnumerable<(string From, string To)> legs) =>
        [.. legs.SelectMany(leg => routes.Paths.Links(leg.From, leg.To))];
}
