using Testbed.Network.Routing;

namespace Testbed.Mechanisms.Mobility;

/// <summary>
/// The link delays a request from a user site and its answer cross, as each mechanism routes
/// them to a copy in a data center: the figure its response time is measured against. The
/// answer always leaves through the guest's gateway in the data center it runs in, except
/// under l2-stretch, whose only gateway is at home.
/// </summary>
public static class MechanismPaths
{
    /// <summary>(request, answer) one-way delays in ms; null when a node on the way is unreachable.</summary>
    public static (double ForwardMs, double ReturnMs)? Of(MechanismKind kind, RoutePlanner routes, string home, string site, string dataCenter)
    {
        double? Delay(string from, string to) => from == to ? 0 : routes.Paths.Between(from, to)?.DelayMs;
        var (forward, back) = kind switch
        {
            // Users enter at the nearest smart router, which tunnels to the copy.
            MechanismKind.Overlay when routes.NearestDataCenter(site) is { } ingress => (Delay(site, ingress) + Delay(ingress, dataCenter), Delay(dataCenter, site)),
            MechanismKind.Overlay => (null, null),
            MechanismKind.HomeTunnel => (Delay(site, home) + Delay(home, dataCenter), Delay(dataCenter, site)),
            MechanismKind.L2Stretch => (Delay(site, home) + Delay(home, dataCenter), Delay(dataCenter, home) + Delay(home, site)),
            _ => (Delay(site, dataCenter), Delay(dataCenter, site)),
        };
        return forward is { } f && back is { } b ? (f, b) : null;
    }
}
