using System.Net;
using Testbed.Topology.Addressing;
using Testbed.Topology;

namespace Testbed.Topology.Routing;

/// <summary>
/// Static routes from the shortest paths: every node gets a route to every prefix it is
/// not attached to (data center LANs, user sites, router loopbacks), and a service address
/// can be pointed at any data center from every node at once.
/// </summary>
public sealed class RoutePlanner(WanTopology topology, AddressPlan plan)
{
    public ShortestPaths Paths { get; } = ShortestPaths.Compute(topology);

    public AddressPlan Plan => plan;

    /// <summary>The routes that make the underlay work, before any mechanism runs.</summary>
    public IReadOnlyList<StaticRoute> BaseRoutes()
    {
        var destinations = new List<(IPNetwork Prefix, string Owner)>();
        destinations.AddRange(topology.DataCenters.Select(dc => (plan.DataCenter(dc.Name).Infrastructure, dc.Name)));
        destinations.AddRange(topology.UserSites.Select(site => (plan.UserSite(site.Name).Subnet, site.Name)));
        destinations.AddRange(topology.Nodes.Where(n => n.Forwards).Select(n => (new IPNetwork(plan.Loopback(n.Name), 32), n.Name)));

        var routes = new List<StaticRoute>();
        foreach (var node in topology.Nodes)
        {
            foreach (var (prefix, owner) in destinations)
            {
                if (owner != node.Name && Toward(node.Name, owner, prefix) is { } route)
                {
                    routes.Add(route);
                }
            }
        }

        return routes;
    }

    /// <summary>
    /// A route for <paramref name="prefix"/> on every other node, along the shortest path to
    /// <paramref name="dataCenter"/>: how a service address follows its VM without an overlay.
    /// </summary>
    public IReadOnlyList<StaticRoute> ServiceRoutes(IPNetwork prefix, string dataCenter) =>
        topology.Nodes.Where(n => n.Name != dataCenter)
            .Select(n => Toward(n.Name, dataCenter, prefix))
            .OfType<StaticRoute>()
            .ToList();

    /// <summary>
    /// Anycast: a route for <paramref name="prefix"/> on every node that is not a data
    /// center, toward the data center nearest to it by delay (ties: the topology's order).
    /// Users' traffic then enters the overlay at the nearest smart router.
    /// </summary>
    public IReadOnlyList<StaticRoute> NearestDataCenterRoutes(IPNetwork prefix)
    {
        var dataCenters = topology.DataCenters.Select(d => d.Name).ToList();
        return topology.Nodes.Where(n => !dataCenters.Contains(n.Name))
            .Select(n => NearestDataCenter(n.Name) is { } nearest ? Toward(n.Name, nearest, prefix) : null)
            .OfType<StaticRoute>()
            .ToList();
    }

    /// <summary>The data center with the shortest path from <paramref name="node"/>, or null when none is reachable.</summary>
    public string? NearestDataCenter(string node) =>
        topology.DataCenters.Any(d => d.Name == node)
            ? node
            : topology.DataCenters
                .Select(d => Paths.Between(node, d.Name))
                .OfType<PathChoice>()
                .OrderBy(p => p.DelayMs).ThenBy(p => p.Hops)
                .FirstOrDefault()?.To;

    /// <summary>The address of <paramref name="node"/> that every other node has a route to: a router's loopback, a user site's client address.</summary>
    public IPAddress AddressOf(string node) =>
        topology.Node(node).Forwards ? plan.Loopback(node) : plan.UserSite(node).Clients;

    /// <summary>The route on <paramref name="node"/> toward <paramref name="destination"/>'s node, or null when unreachable.</summary>
    public StaticRoute? Toward(string node, string destination, IPNetwork prefix)
    {
        if (Paths.Between(node, destination) is not { } path)
        {
            return null;
        }

        var link = topology.Links[path.FirstLinkIndex];
        var addresses = plan.Links[path.FirstLinkIndex];
        var via = link.A == path.NextHop ? addresses.A : addresses.B;
        return new StaticRoute(node, prefix, via, path.FirstLinkIndex, AddressOf(node));
    }
}
