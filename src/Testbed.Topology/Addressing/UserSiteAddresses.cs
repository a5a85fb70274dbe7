using System.Net;

namespace Testbed.Topology.Addressing;

/// <summary>A user site's /24; the site's clients use <see cref="Clients"/> (.1), on the site node itself.</summary>
public sealed record UserSiteAddresses(string Site, IPNetwork Subnet, IPAddress Clients);
