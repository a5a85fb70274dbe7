using System.Net;
using Testbed.Topology.Addressing;

namespace Testbed.Topology.Tests.Addressing;

public sealed class Ipv4Tests
{
    [Fact]
    public void Subnets_and_addresses_are_counted_from_the_block_start()
    {
        var block = IPNetwork.Parse("172.16.0.0/12");

        Assert.Equal(IPNetwork.Parse("172.16.1.0/30"), Ipv4.Subnet(block, 30, 64));
        Assert.Equal(IPAddress.Parse("172.16.0.255"), Ipv4.Address(block, 255));
        Assert.Equal(1L << 18, Ipv4.SubnetCount(block, 30));
        Assert.Equal("10.0.0.1/24", Ipv4.WithLength(IPAddress.Parse("10.0.0.1"), 24));
    }

    [Fact]
    public void Going_past_the_block_is_an_error_not_a_wrap()
    {
        var block = IPNetwork.Parse("10.0.0.0/30");

        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4.Address(block, 4));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4.Subnet(block, 31, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => Ipv4.Subnet(block, 29, 0));
    }
}
