using System.Buffers.Binary;

namespace Testbed.Topology.Packets;

/// <summary>
/// The Internet checksum (RFC 1071): the ones' complement of the ones' complement sum of
/// 16-bit words. A sum is carried unfolded in 64 bits, so that parts (a pseudo-header, a
/// header, a payload) can be added in any order and folded once at the end.
/// </summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to <paramref name="sum"/>; an odd last byte counts as the high byte of a word.</summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        // Four bytes at a time: 2^16 is 1 modulo 0xffff, so 32-bit words fold to the same sum.
        var i = 0;
        for (; i + 4 <= data.Length; i += 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data[i..]);
        }

        if (i + 2 <= data.Length)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data[i..]);
            i += 2;
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return sum;
    }

    /// <summary>Adds the IPv4 pseudo-header of a TCP or UDP checksum: the addresses of <paramref name="ipv4Header"/>, the protocol and the length.</summary>
    public static ulong AddIpv4PseudoHeader(ulong sum, ReadOnlySpan<byte> ipv4Header, byte protocol, int transportLength) =>
        Add(sum, ipv4Header.Slice(12, 8)) + protocol + (uint)transportLength;

    /// <summary>The checksum to store: the sum folded to 16 bits and complemented.</summary>
    public static ushort Finish(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/> alone (an ICMP message, an IPv4 header).</summary>
    public static ushort Of(ReadOnlySpan<byte> data) => Finish(Add(0, data));
}
