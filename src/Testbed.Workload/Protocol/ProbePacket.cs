using System.Buffers.Binary;

namespace Testbed.Workload.Protocol;

/// <summary>
/// The UDP probe: a sequence number and the sender's send time (Stopwatch ticks, the
/// sender's own clock), 16 bytes, echoed back unchanged. Gaps in the answered sequence
/// around a migration are the downtime a user sees.
/// </summary>
public readonly record struct ProbePacket(ulong Sequence, long SentTicks)
{
    public const int Size = 16;

    public void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, Sequence);
        BinaryPrimitives.WriteInt64BigEndian(destination[8..], SentTicks);
    }

    public static bool TryRead(ReadOnlySpan<byte> source, out ProbePacket packet)
    {
        packet = default;
        if (source.Length != Size)
        {
            return false;
        }

        packet = new ProbePacket(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadInt64BigEndian(source[8..]));
        return true;
    }
}
