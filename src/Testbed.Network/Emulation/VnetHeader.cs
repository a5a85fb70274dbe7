using System.Buffers.Binary;

namespace Testbed.Network.Emulation;

/// <summary>
/// The virtio-net header (struct virtio_net_hdr, 10 bytes) in front of every frame of a TAP
/// opened with offloads. A segmentation-offload frame stands for several frames on the
/// wire; the link's rate and queue count those, not the one the kernel handed over.
/// </summary>
internal static class VnetHeader
{
    public const int Size = 10;

    private const byte GsoNone = 0;
    private const byte GsoTcp4 = 1;
    private const byte GsoUdp = 3;
    private const byte GsoTcp6 = 4;
    private const byte GsoUdpL4 = 5;
    private const byte GsoEcnBit = 0x80;
    private const int TcpDataOffsetByte = 12;
    private const int UdpHeaderBytes = 8;

    /// <summary>
    /// The bytes and frames that <paramref name="packet"/> (header included) puts on the
    /// wire once segmented: every segment repeats the Ethernet, IP and transport headers.
    /// </summary>
    public static (int WireBytes, int Frames) OnTheWire(ReadOnlySpan<byte> packet)
    {
        var frameBytes = packet.Length - Size;
        var gsoType = (byte)(packet[1] & ~GsoEcnBit);
        var segmentSize = BinaryPrimitives.ReadUInt16LittleEndian(packet[4..]);
        if (gsoType == GsoNone || segmentSize == 0)
        {
            return (frameBytes, 1);
        }

        // csum_start is where the transport header begins, counted from the Ethernet header.
        var transportStart = BinaryPrimitives.ReadUInt16LittleEndian(packet[6..]);
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
