using Testbed.Overlay.DataPlane;
using Testbed.Overlay.Forwarding;

namespace Testbed.Overlay.Tests.DataPlane;

public sealed class PacketFormatTests
{
    [Fact]
    public void The_overlay_header_reads_back_what_was_written_and_rejects_other_traffic()
    {
        var datagram = new byte[OverlayHeader.Size];
        new OverlayHeader(OverlayKind.Heartbeat, 1, 0xdeadbeef).Write(datagram);
        Assert.Equal(new OverlayHeader(OverlayKind.Heartbeat, 1, 0xdeadbeef), OverlayHeader.Read(datagram));

        datagram[0] = 2;
        Assert.Null(OverlayHeader.Read(datagram));
        datagram[0] = OverlayHeader.Version;
        datagram[1] = 9;
        Assert.Null(OverlayHeader.Read(datagram));
        Assert.Null(OverlayHeader.Read(datagram.AsSpan(0, 4)));
    }

    [Fact]
    public void A_flow_key_has_ports_for_tcp_and_udp_only_in_the_first_fragment()
    {
        var packet = new byte[28];
        packet[0] = 0x45;
        packet[9] = FlowKey.Udp;
        byte[] source = [10, 200, 0, 1], destination = [10, 0, 0, 2];
        source.CopyTo(packet, 12);
        destination.CopyTo(packet, 16);
        packet[20] = 0x9c; packet[21] = 0x40; // 40000
        packet[22] = 0x1b; packet[23] = 0x58; // 7000

        Assert.Equal(new FlowKey(0x0ac80001, 0x0a000002, FlowKey.Udp, 40000, 7000), FlowKey.Parse(packet));

        packet[7] = 0x10; // a later fragment: no ports in it
        Assert.Equal(new FlowKey(0x0ac80001, 0x0a000002, FlowKey.Udp, 0, 0), FlowKey.Parse(packet));

        packet[0] = 0x60; // IPv6
        Assert.Null(FlowKey.Parse(packet));
    }
}
