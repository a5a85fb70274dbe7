using System.Net;

namespace Testbed.Network.Wan;

/// <summary>
/// This lab machine's share of a WAN split over several: which host each topology node is on
/// (a data center's hypervisor hosts and LAN go with it), and the hosts' addresses on their
/// own network. A link whose ends are on two hosts is cut: it is carried between them in a
/// VXLAN tunnel, and the host of its A end emulates it, measures it and changes it, so that
/// its delay is counted once.
/// </summary>
/// <param name="Host">This host's name.</param>
/// <param name="NodeHosts">The host of every topology node.</param>
/// <param name="HostAddresses">Each host's address on the hosts' own network, the tunnels' underlay.</param>
/// <param name="VniBase">The first VXLAN network identifier of this run's tunnels; link i gets VniBase + i. Every host of a run must be given the same.</param>
public sealed record WanShare(string Host, IReadOnlyDictionary<string, string> NodeHosts, IReadOnlyDictionary<string, IPAddress> HostAddresses, int VniBase)
{
    /// <summary>The namespace the host's own network is in, where tunnels are made; null for this process's, as on a real host. Emulated hosts have one each.</summary>
    public string? HostNamespace { get; init; }

    public bool IsLocal(string node) => NodeHosts.TryGetValue(node, out var host)
        ? host == Host
        : throw new ArgumentException($"node {node} is on no host of the share", nameof(node));

    public IPAddress LocalAddress => HostAddresses[Host];

    public IPAddress AddressOf(string node) => HostAddresses[NodeHosts[node]];
}
