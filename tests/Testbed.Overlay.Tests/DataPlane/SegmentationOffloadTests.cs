using System.Buffers.Binary;
using Testbed.Overlay.DataPlane;
using Testbed.Overlay.Forwarding;

namespace Testbed.Overlay.Tests.DataPlane;

public sealed class SegmentationOffloadTests
{
    private const int IpHeader = 20;
    private const int TcpHeaderWithTimestamps = 32;
    private const byte Fin = 0x01, Push = 0x08, Ack = 0x10, Cwr = 0x80;

    [Theory]
    [InlineData(5000, 1448)]
    [InlineData(2896, 1448)]
    [InlineData(1, 1448)]
    public void A_super_packet_becomes_finished_segments_that_carry_its_payload_in_order(int payloadBytes, int segmentSize)
    {
        var payload = new byte[payloadBytes];
        new Random(payloadBytes).NextBytes(payload);
        const uint sequence = 0xfffff000; // wraps within the packet
        const ushort ipId = 0xfffe;
        var packet = SuperPacket(payload, sequence, ipId, Fin | Push | Ack | Cwr);

        var count = SegmentationOffload.Count(packet, segmentSize);
        Assert.Equal((payloadBytes + segmentSize - 1) / segmentSize, count);

        var carried = new List<byte>();
        var room = new byte[packet.Length];
        for (var i = 0; i < count; i++)
        {
            var segment = room.AsSpan(0, SegmentationOffload.WriteSegment(packet, segmentSize, i, room));
            var chunk = Math.Min(segmentSize, payloadBytes - (i * segmentSize));
            Assert.Equal(IpHeader + TcpHeaderWithTimestamps + chunk, segment.Length);
            Assert.Equal(segment.Length, BinaryPrimitives.ReadUInt16BigEndian(segment[2..]));
            Assert.Equal((ushort)(ipId + i), BinaryPrimitives.ReadUInt16BigEndian(segment[4..]));
            Assert.Equal(0xffff, ReferenceSum(segment[..IpHeader]));
            Assert.Equal(0xffff, ReferenceSum([.. PseudoHeader(segment), .. segment[IpHeader..]]));
            var tcp = segment[IpHeader..];
            Assert.Equal(unchecked(sequence + (uint)(i * segmentSize)), BinaryPrimitives.ReadUInt32BigEndian(tcp[4..]));
            var last = i == count - 1;
            Assert.Equal(last, (tcp[13] & Fin) != 0);
            Assert.Equal(last, (tcp[13] & Push) != 0);
            Assert.Equal(i == 0, (tcp[13] & Cwr) != 0);
            Assert.True((tcp[13] & Ack) != 0);
            Assert.Equal(packet.AsSpan(IpHeader + 20, 12).ToArray(), tcp[20..TcpHeaderWithTimestamps].ToArray());
            carried.AddRange(tcp[TcpHeaderWithTimestamps..].ToArray());
        }

        Assert.Equal(payload, carried);
    }

    [Fact]
    public void Only_ipv4_tcp_with_payload_is_segmented()
    {
        var packet = SuperPacket(new byte[100], 1, 1, Ack);
        Assert.Equal(1, SegmentationOffload.Count(packet, 1448));
        Assert.Equal(0, SegmentationOffload.Count(packet, 0));
        Assert.Equal(0, SegmentationOffload.Count(packet.AsSpan(0, IpHeader + TcpHeaderWithTimestamps), 1448));
        packet[9] = FlowKey.Udp;
        Assert.Equal(0, SegmentationOffload.Count(packet, 1448));
        packet[9] = FlowKey.Tcp;
        packet[0] = 0x60;
        Assert.Equal(0, SegmentationOffload.Count(packet, 1448));
    }

    [Fact]
    public void A_partial_checksum_is_finished_over_what_the_kernel_left()
    {
        // A UDP packet as the kernel leaves it for the NIC: the field holds the pseudo-header's sum, folded.
        var payload = new byte[333];
        new Random(7).NextBytes(payload);
        var packet = new byte[IpHeader + 8 + payload.Length];
        packet[0] = 0x45;
        packet[9] = FlowKey.Udp;
        byte[] addresses = [10, 200, 0, 1, 10, 0, 0, 2];
        addresses.CopyTo(packet, 12);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(IpHeader + 4), (ushort)(8 + payload.Length));
        payload.CopyTo(packet, IpHeader + 8);
        var pseudo = ReferenceSum(PseudoHeader(packet));
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(IpHeader + 6), (ushort)pseudo);

        Assert.True(SegmentationOffload.CompleteChecksum(packet, IpHeader, 6));
        Assert.Equal(0xffff, ReferenceSum([.. PseudoHeader(packet), .. packet.AsSpan(IpHeader)]));
        Assert.False(SegmentationOffload.CompleteChecksum(packet, packet.Length - 1, 6));
    }

    /// <summary>An IPv4 TCP packet with the timestamp option, its length and checksums left as offload leaves them (wrong).</summary>
    private static byte[] SuperPacket(byte[] payload, uint sequence, ushort ipId, int flags)
    {
        var packet = new byte[IpHeader + TcpHeaderWithTimestamps + payload.Length];
        packet[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(4), ipId);
        packet[6] = 0x40; // DF
        packet[8] = 64;
        packet[9] = FlowKey.Tcp;
        byte[] addresses = [10, 200, 0, 1, 10, 0, 0, 2];
        addresses.CopyTo(packet, 12);
        var tcp = packet.AsSpan(IpHeader);
        BinaryPrimitives.WriteUInt16BigEndian(tcp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[2..], 7000);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[4..], sequence);
        BinaryPrimitives.WriteUInt32BigEndian(tcp[8..], 12345);
        tcp[12] = (TcpHeaderWithTimestamps / 4) << 4;
        tcp[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(tcp[14..], 502);
        BinaryPrimitives.WriteUInt16BigEndian(tcp[16..], 0xbeef);
        byte[] timestamps = [1, 1, 8, 10, 0, 0, 0, 42, 0, 0, 0, 41];
        timestamps.CopyTo(tcp[20..]);
        payload.CopyTo(tcp[TcpHeaderWithTimestamps..]);
        return packet;
    }

    private static byte[] PseudoHeader(ReadOnlySpan<byte> ipv4Packet)
    {
        var transportLength = ipv4Packet.Length - IpHeader;
        return [.. ipv4Packet.Slice(12, 8), 0, ipv4Packet[9], (byte)(transportLength >> 8), (byte)transportLength];
    }

    /// <summary>RFC 1071 the slow way, 16 bits at a time: 0xffff over data whose checksum is right.</summary>
    private static int ReferenceSum(ReadOnlySpan<byte> data)
    {
        var sum = 0;
        for (var i = 0; i < data.Length; i += 2)
        {
            sum += (data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0);
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return sum;
    }
}
