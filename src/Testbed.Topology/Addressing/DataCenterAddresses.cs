using System.Net;

namespace Testbed.Topology.Addressing;

/// <summary>
/// A data center's infrastructure /24: the smart router is .1 on it and hypervisor host
/// i (from 0) is .11+i. The service block shares the same LAN, behind the anycast gateway.
/// </summary>
public sealed record DataCenterAddresses(string DataCenter, IPNetwork Infrastructure, IPAddress Router, IReadOnlyList<IPAddress> Hosts);
