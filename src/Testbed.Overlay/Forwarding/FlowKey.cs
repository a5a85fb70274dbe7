using System.Buffers.Binary;
using Testbed.Topology.Addressing;

namespace Testbed.Overlay.Forwarding;

/// <summary>An IPv4 flow's 5-tuple; ports are zero for protocols that have none (ICMP).</summary>
public readonly record struct FlowKey(uint Source, uint Destination, byte Protocol, ushort SourcePort, ushort DestinationPort)
{
    public const byte Tcp = 6;
    public const byte Udp = 17;

    /// <summary>Reads the 5-tuple of an IPv4 packet, or null when it is not one.</summary>
    public static FlowKey? Parse(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < 20 || packet[0] >> 4 != 4)
        {
            return null;
        }

        var headerLength = (packet[0] & 0x0f) * 4;
        var protocol = packet[9];
        var source = BinaryPrimitives.ReadUInt32BigEndian(packet[12..]);
        var destination = BinaryPrimitives.ReadUInt32BigEndian(packet[16..]);

        // Ports exist only in the first fragment.
        var firstFragment = (BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) & 0x1fff) == 0;
        if (protocol is Tcp or Udp && firstFragment && packet.Length >= headerLength + 4)
        {
            return new FlowKey(source, destination, protocol,
                BinaryPrimitives.ReadUInt16BigEndian(packet[headerLength..]), BinaryPrimitives.ReadUInt16BigEndian(packet[(headerLength + 2)..]));
        }

        return new FlowKey(source, destination, protocol, 0, 0);
    }

    public override string ToString() =>
        $"{Ipv4.FromNumber(Source)}:{SourcePort} -> {Ipv4.FromNumber(Destination)}:{DestinationPort} ({Protocol})";
}
