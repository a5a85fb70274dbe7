using System.Buffers.Binary;
using Testbed.Topology.Packets;
using Testbed.Overlay.Forwarding;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// What a NIC does with the packets the kernel leaves unfinished for it (checksum and
/// segmentation offload), done in the router for the packets it sends through a tunnel. The
/// TUN hands over a TCP super-packet of up to 64 KiB whole, with a partial checksum, so that
/// the way into and out of the router costs two system calls instead of ninety; a datagram
/// between routers must be one finished IPv4 packet of the underlay's size.
/// </summary>
internal static class SegmentationOffload
{
    private const int MinIpv4Header = 20;
    private const int MinTcpHeader = 20;
    private const byte Fin = 0x01;
    private const byte Push = 0x08;
    private const byte CongestionWindowReduced = 0x80;

    /// <summary>The segments of at most <paramref name="segmentSize"/> payload bytes that <paramref name="packet"/> makes; 0 when it is not an IPv4 TCP packet with payload.</summary>
    public static int Count(ReadOnlySpan<byte> packet, int segmentSize) =>
        HeadersLength(packet) is { } headers && segmentSize > 0 && packet.Length > headers
            ? (packet.Length - headers + segmentSize - 1) / segmentSize
            : 0;

    /// <summary>
    /// Writes segment <paramref name="index"/> (below <see cref="Count"/>) of
    /// <paramref name="packet"/> into <paramref name="destination"/> and returns its length:
    /// the headers repeated, with the segment's length, IP id and sequence number, FIN and PSH
    /// on the last segment only and CWR on the first only, and both checksums finished.
    /// </summary>
    public static int WriteSegment(ReadOnlySpan<byte> packet, int segmentSize, int index, Span<byte> destination)
    {
        var headers = HeadersLength(packet) ?? throw new ArgumentException("not an IPv4 TCP packet", nameof(packet));
        var ipHeader = (packet[0] & 0x0f) * 4;
        var offset = index * segmentSize;
        var payload = Math.Min(segmentSize, packet.Length - headers - offset);
        var segment = destination[..(headers + payload)];
        packet[..headers].CopyTo(segment);
        packet.Slice(headers + offset, payload).CopyTo(segment[headers..]);

        BinaryPrimitives.WriteUInt16BigEndian(segment[2..], (ushort)segment.Length);
        BinaryPrimitives.WriteUInt16BigEndian(segment[4..], (ushort)(BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) + index));
        BinaryPrimitives.WriteUInt16BigEndian(segment[10..], 0);
        BinaryPrimitives.WriteUInt16BigEndian(segment[10..], InternetChecksum.Of(segment[..ipHeader]));

        var tcp = segment[ipHeader..];
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], BinaryPrimitives.ReadUInt32BigEndian(packet[(ipHeader + 4)..]) + (uint)offset);
        if (headers + offset + payload < packet.Length)
        {
            tcp[13] &= unchecked((byte)~(Fin | Push));
        }

        if (index > 0)
        {
            tcp[13] &= unchecked((byte)~CongestionWindowReduced);
        }

        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], 0);
        var sum = InternetChecksum.AddIpv4PseudoHeader(0, segment, FlowKey.Tcp, tcp.Length);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], InternetChecksum.Finish(InternetChecksum.Add(sum, tcp)));
        return segment.Length;
    }

    /// <summary>
    /// Finishes a checksum the kernel left partial: the field at <paramref name="start"/> +
    /// <paramref name="offset"/> holds the pseudo-header's sum, and the checksum covers
    /// everything from <paramref name="start"/>. False when those lie outside the packet.
    /// </summary>
    public static bool CompleteChecksum(Span<byte> packet, int start, int offset)
    {
        if (start < 0 || offset < 0 || start + offset + sizeof(ushort) > packet.Length)
        {
            return false;
        }

        var checksum = InternetChecksum.Finish(InternetChecksum.Add(0, packet[start..]));

        // A UDP checksum of 0 means "none"; 0xffff is the same value in ones' complement.
        BinaryPrimitives.WriteUInt16BigEndian(packet[(start + offset)..], checksum == 0 ? (ushort)0xffff : checksum);
        return true;
    }

    private static int? HeadersLength(ReadOnlySpan<byte> packet)
    {
        if (packet.Length < MinIpv4Header + MinTcpHeader || packet[0] >> 4 != 4 || packet[9] != FlowKey.Tcp)
        {
            return null;
        }

        var ipHeader = (packet[0] & 0x0f) * 4;
        if (ipHeader < MinIpv4Header || packet.Length < ipHeader + MinTcpHeader)
        {
            return null;
        }

        var tcpHeader = (packet[ipHeader + 12] >> 4) * 4;
        return tcpHeader >= MinTcpHeader && packet.Length >= ipHeader + tcpHeader ? ipHeader + tcpHeader : null;
    }
}
