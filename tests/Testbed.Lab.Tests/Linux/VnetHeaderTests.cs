using System.Buffers.Binary;
using Testbed.Lab.Linux;

namespace Testbed.Lab.Tests.Linux;

public sealed class VnetHeaderTests
{
    private const int EthernetAndIpv4 = 14 + 20;
    private const int TcpWithTimestamps = 32;

    /// <summary>A virtio-net header and an Ethernet/IPv4/TCP frame behind it, of <paramref name="payload"/> bytes of data.</summary>
    private static byte[] Frame(byte gsoType, ushort segmentSize, int payload)
    {
        var frame = new byte[VnetHeader.Size + EthernetAndIpv4 + TcpWithTimestamps + payload];
        frame[1] = gsoType;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), segmentSize);
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(6), EthernetAndIpv4);
        frame[VnetHeader.Size + EthernetAndIpv4 + 12] = (TcpWithTimestamps / 4) << 4;
        return frame;
    }

    [Fact]
    public void A_frame_without_segmentation_is_one_frame_of_its_own_length()
    {
        var frame = Frame(0, 0, 1000);

        Assert.Equal((frame.Length - VnetHeader.Size, 1), VnetHeader.OnTheWire(frame));
    }

    [Fact]
    public void A_tcp_segment_counts_every_frame_it_becomes_with_its_headers()
    {
        const ushort mss = 1448;
        const int payload = (10 * mss) + 100;

        var (wireBytes, frames) = VnetHeader.OnTheWire(Frame(1, mss, payload));

        Assert.Equal(11, frames);
        Assert.Equal(payload + (11 * (EthernetAndIpv4 + TcpWithTimestamps)), wireBytes);
    }
}
