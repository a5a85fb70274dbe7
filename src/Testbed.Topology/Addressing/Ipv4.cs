using System.Buffers.Binary;
using System.Net;

namespace Testbed.Topology.Addressing;

/// <summary>IPv4 arithmetic the BCL lacks: addresses as numbers, and the n-th address or subnet of a block.</summary>
public static class Ipv4
{
    public static uint ToNumber(IPAddress address)
    {
        Span<byte> bytes = stackalloc byte[4];
        return address.TryWriteBytes(bytes, out var written) && written == 4
            ? BinaryPrimitives.ReadUInt32BigEndian(bytes)
            : throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
    }

    public static IPAddress FromNumber(uint number)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, number);
        return new IPAddress(bytes);
    }

    /// <summary>The address <paramref name="offset"/> places into <paramref name="block"/>.</summary>
    public static IPAddress Address(IPNetwork block, long offset)
    {
        var size = 1L << (32 - block.PrefixLength);
        return offset >= 0 && offset < size
            ? FromNumber((uint)(ToNumber(block.BaseAddress) + offset))
            : throw new ArgumentOutOfRangeException(nameof(offset), $"{block} has {size} addresses, not {offset + 1}");
    }

    /// <summary>The <paramref name="index"/>-th subnet of length <paramref name="prefixLength"/> inside <paramref name="block"/>.</summary>
    public static IPNetwork Subnet(IPNetwork block, int prefixLength, long index)
    {
        if (prefixLength < block.PrefixLength || prefixLength > 32)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), $"a /{prefixLength} does not fit in {block}");
        }

        var count = SubnetCount(block, prefixLength);
        return index >= 0 && index < count
            ? new IPNetwork(FromNumber((uint)(ToNumber(block.BaseAddress) + (index << (32 - prefixLength)))), prefixLength)
            : throw new ArgumentOutOfRangeException(nameof(index), $"{block} holds {count} /{prefixLength} subnets, not {index + 1}");
    }

    public static long SubnetCount(IPNetwork block, int prefixLength) => 1L << (prefixLength - block.PrefixLength);

    /// <summary>"10.0.0.1/24": an interface address with its subnet's length, as `ip addr add` takes it.</summary>
    public static string WithLength(IPAddress address, int prefixLength) => $"{address}/{prefixLength}";
}
