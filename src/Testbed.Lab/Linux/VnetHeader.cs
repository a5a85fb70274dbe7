using System.Buffers.Binary;

namespace Testbed.Lab.Linux;

/// <summary>
/// The virtio-net header (struct virtio_net_hdr, 10 bytes) in front of every frame or
/// packet of a TAP or TUN opened with offloads. A segmentation-offload frame stands for
/// several frames on the wire; the link's rate and queue count those, not the one the
/// kernel handed over.
/// </summary>
public static class VnetHeader
{
    public const int Size = 10;

    /// <summary>VIRTIO_NET_HDR_F_NEEDS_CSUM: the checksum at csum_start + csum_offset holds only the pseudo-header's sum.</summary>
    public const byte NeedsChecksum = 0x01;

    public const byte GsoNone = 0;
    public const byte GsoTcp4 = 1;
    private const byte GsoUdp = 3;
    private const byte GsoTcp6 = 4;
    private const byte GsoUdpL4 = 5;
    private const byte GsoEcnBit = 0x80;
    private const int TcpDataOffsetByte = 12;
    private const int UdpHeaderBytes = 8;

    public static byte Flags(ReadOnlySpan<byte> header) => header[0];

    /// <summary>The segmentation type, without its ECN bit.</summary>
    public static byte GsoType(ReadOnlySpan<byte> header) => (byte)(header[1] & ~GsoEcnBit);

    /// <summary>The payload bytes of each segment (gso_size).</summary>
    public static int SegmentSize(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);

    /// <summary>Where the checksum's coverage begins, from the start of the frame or packet (csum_start).</summary>
    public static int ChecksumStart(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);

    /// <summary>Where the checksum lies, from <see cref="ChecksumStart"/> (csum_offset).</summary>
    public static int ChecksumOffset(ReadOnlySpan<byte> header) => BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);

    /// <summary>
    /// The bytes and frames that <paramref name="packet"/> (header included) puts on the
    /// wire once segmented: every segment repeats the Ethernet, IP and transport headers.
    /// </summary>
    public static (int WireBytes, int Frames) OnTheWire(ReadOnlySpan<byte> packet)
    {
        var frameBytes = packet.Length - Size;
        var gsoType = GsoType(packet);
        var segmentSize = SegmentSize(packet);
        if (gsoType == GsoNone || segmentSize == 0)
        {
            return (frameBytes, 1);
        }

        // csum_start is where the transport header begins, counted from the Ethernet header.
        var transportStart = ChecksumStart(packet);
        var transportHeader = gsoType switch
        {
            GsoTcp4 or GsoTcp6 when Size + transportStart + TcpDataOffsetByte < packet.Length => (packet[Size + transportStart + TcpDataOffsetByte] >> 4) * 4,
            GsoUdp or GsoUdpL4 => UdpHeaderBytes,
            _ => 0,
        };
        var headers = transportStart + transportHeader;
        var payload = frameBytes - headers;
        if (headers <= 0 || payload <= 0)
        {
            return (frameBytes, 1);
        }

        var frames = (payload + segmentSize - 1) / segmentSize;
        return (payload + (frames * headers), frames);
    }
}
