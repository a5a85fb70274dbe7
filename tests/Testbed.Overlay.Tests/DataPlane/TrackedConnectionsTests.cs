using System.Net;
using Testbed.Topology.Addressing;
using Testbed.Overlay.DataPlane;
using Testbed.Overlay.Forwarding;

namespace Testbed.Overlay.Tests.DataPlane;

public sealed class TrackedConnectionsTests
{
    private static readonly uint Service = Ipv4.ToNumber(IPAddress.Parse("10.0.0.2"));
    private static readonly uint User = Ipv4.ToNumber(IPAddress.Parse("10.200.1.10"));

    /// <summary>Lines as /proc/net/nf_conntrack writes them: a one-way TCP connection (the router never sees the replies), UDP, ICMP, another destination, IPv6.</summary>
    private static readonly string[] Lines =
    [
        "ipv4     2 tcp      6 431990 SYN_SENT src=10.200.1.10 dst=10.0.0.2 sport=40312 dport=7000 [UNREPLIED] src=10.0.0.2 dst=10.200.1.10 sport=7000 dport=40312 mark=0 zone=0 use=2",
        "ipv4     2 udp      17 28 src=10.200.1.10 dst=10.0.0.2 sport=5353 dport=7001 [UNREPLIED] src=10.0.0.2 dst=10.200.1.10 sport=7001 dport=5353 mark=0 zone=0 use=2",
        "ipv4     2 icmp     1 29 src=10.200.1.10 dst=10.0.0.2 type=8 code=0 id=77 [UNREPLIED] src=10.0.0.2 dst=10.200.1.10 type=0 code=0 id=77 mark=0 zone=0 use=2",
        "ipv4     2 tcp      6 431990 SYN_SENT src=10.200.1.10 dst=10.0.0.3 sport=40313 dport=7000 [UNREPLIED] src=10.0.0.3 dst=10.200.1.10 sport=7000 dport=40313 mark=0 zone=0 use=2",
        "ipv6     10 udp      17 28 src=fe80::1 dst=fe80::2 sport=1 dport=2 [UNREPLIED] src=fe80::2 dst=fe80::1 sport=2 dport=1 mark=0 zone=0 use=2",
        "ipv4     2 tcp      6",
    ];

    [Fact]
    public void The_original_direction_of_each_connection_to_the_service_becomes_the_routers_flow_key()
    {
        var flows = TrackedConnections.Parse(Lines, Service);

        Assert.Equal(
            [
                new FlowKey(User, Service, FlowKey.Tcp, 40312, 7000),
                new FlowKey(User, Service, FlowKey.Udp, 5353, 7001),
                new FlowKey(User, Service, 1, 0, 0),
            ],
            flows);
    }

    [Fact]
    public void A_parsed_flow_is_the_key_the_router_reads_from_the_same_packet()
    {
        // A TCP header from 10.200.1.10:40312 to 10.0.0.2:7000, as the TUN would hand it over.
        var packet = new byte[40];
        packet[0] = 0x45;
        packet[9] = FlowKey.Tcp;
        IPAddress.Parse("10.200.1.10").GetAddressBytes().CopyTo(packet, 12);
        IPAddress.Parse("10.0.0.2").GetAddressBytes().CopyTo(packet, 16);
        (packet[20], packet[21], packet[22], packet[23]) = (40312 >> 8, 40312 & 0xff, 7000 >> 8, 7000 & 0xff);

        Assert.Equal(FlowKey.Parse(packet), TrackedConnections.Parse(Lines, Service)[0]);
    }
}
