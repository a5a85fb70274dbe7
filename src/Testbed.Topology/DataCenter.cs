namespace Testbed.Topology;

/// <summary>
/// A data center: a smart router facing the WAN, a LAN bridge, and <see cref="Hosts"/>
/// hypervisor hosts on that LAN. The VMs it hosts sit on the same LAN.
/// </summary>
public sealed record DataCenter(string Name, int Hosts = 1, GeoPoint? Location = null) : TopologyNode(Name, Location)
{
    public override NodeKind Kind => NodeKind.DataCenter;
}
