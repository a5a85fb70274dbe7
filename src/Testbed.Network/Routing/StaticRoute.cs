using System.Net;

namespace Testbed.Network.Routing;

/// <summary>"On <see cref="Node"/>, send <see cref="Destination"/> to <see cref="Via"/> over WAN link <see cref="LinkIndex"/>."</summary>
public sealed record StaticRoute(string Node, IPNetwork Destination, IPAddress Via, int LinkIndex)
{
    public override string ToString() => $"{Node}: {Destination} via {Via} (link {LinkIndex})";
}
