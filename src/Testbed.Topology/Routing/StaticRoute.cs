using System.Net;

namespace Testbed.Topology.Routing;

/// <summary>
/// "On <see cref="Node"/>, send <see cref="Destination"/> to <see cref="Via"/> over WAN
/// link <see cref="LinkIndex"/>, and give what this node itself sends the source address
/// <see cref="Source"/>." Link addresses are not routed beyond their link, so a node's own
/// traffic leaves from its loopback (or a user site's client address), which every node
/// can answer.
/// </summary>
public sealed record StaticRoute(string Node, IPNetwork Destination, IPAddress Via, int LinkIndex, IPAddress Source)
{
    /// <summary>The arguments of `ip route replace`.</summary>
    public string Command => $"route replace {Destination} via {Via} src {Source}";

    public override string ToString() => $"{Node}: {Destination} via {Via} src {Source} (link {LinkIndex})";
}
