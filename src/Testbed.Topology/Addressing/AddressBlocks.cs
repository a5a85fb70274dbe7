using System.Net;

namespace Testbed.Topology.Addressing;

/// <summary>
/// The blocks the address plan carves up. The defaults keep clear of each other and of
/// the networks a lab host is likely to sit on (no 192.168/16, no 10.0.2/24 of QEMU's
/// user networking).
/// </summary>
public sealed record AddressBlocks
{
    /// <summary>The mobile service block: VM addresses that never change, whichever data center hosts them.</summary>
    public IPNetwork Services { get; init; } = IPNetwork.Parse("10.0.0.0/24");

    /// <summary>One /24 per data center for its smart router and hypervisor hosts (the migration stream uses these).</summary>
    public IPNetwork DataCenterInfrastructure { get; init; } = IPNetwork.Parse("10.128.0.0/16");

    /// <summary>One /24 per user site.</summary>
    public IPNetwork UserSites { get; init; } = IPNetwork.Parse("10.200.0.0/16");

    /// <summary>One /32 per router (smart routers and WAN routers): a stable address for tunnels and probes.</summary>
    public IPNetwork RouterLoopbacks { get; init; } = IPNetwork.Parse("10.254.0.0/16");

    /// <summary>One /30 per WAN link.</summary>
    public IPNetwork Underlay { get; init; } = IPNetwork.Parse("172.16.0.0/12");

    /// <summary>The anycast gateway's MAC, locally administered, the same in every data center.</summary>
    public string GatewayMac { get; init; } = "02:00:0a:00:00:01";
}
