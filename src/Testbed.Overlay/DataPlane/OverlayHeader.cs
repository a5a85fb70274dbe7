using System.Buffers.Binary;

namespace Testbed.Overlay.DataPlane;

/// <summary>
/// The 8 bytes in front of every overlay datagram (UDP between smart routers):
/// version, kind, hops left, a reserved byte, and a 32-bit sequence number (heartbeats).
/// A data datagram carries the user's IPv4 packet unchanged after the header.
/// </summary>
public readonly record struct OverlayHeader(OverlayKind Kind, byte HopsLeft, uint Sequence)
{
    public const int Size = 8;
    public const byte Version = 1;

    /// <summary>
    /// A router that receives a tunnelled packet for a service that left (the switch-over
    /// raced it) sends it on once more; never more, so tables that disagree cannot loop it.
    /// </summary>
    public const byte InitialHops = 1;

    public void Write(Span<byte> destination)
    {
        destination[0] = Version;
        destination[1] = (byte)Kind;
        destination[2] = HopsLeft;
        destination[3] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], Sequence);
    }

    public static OverlayHeader? Read(ReadOnlySpan<byte> datagram) =>
        datagram.Length >= Size && datagram[0] == Version && Enum.IsDefined((OverlayKind)datagram[1])
            ? new OverlayHeader((OverlayKind)datagram[1], datagram[2], BinaryPrimitives.ReadUInt32BigEndian(datagram[4..]))
            : null;
}
