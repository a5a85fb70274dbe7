using System.Net;

namespace Testbed.Topology.Addressing;

/// <summary>A WAN link's /30: the first usable address for end A, the second for end B.</summary>
public sealed record LinkAddresses(int LinkIndex, IPNetwork Subnet, IPAddress A, IPAddress B)
{
    public IPAddress AddressOf(bool endA) => endA ? A : B;
}
