using System.Net;
using Testbed.TestSupport;
using Testbed.Topology.Addressing;
using Testbed.Topology;

namespace Testbed.Topology.Tests.Addressing;

public sealed class AddressPlanTests
{
    [Fact]
    public void Addresses_follow_the_topology_order()
    {
        var plan = AddressPlan.For(SampleTopologies.Triangle());

        Assert.Equal(IPNetwork.Parse("172.16.0.0/30"), plan.Links[0].Subnet);
        Assert.Equal(IPAddress.Parse("172.16.0.1"), plan.Links[0].A);
        Assert.Equal(IPAddress.Parse("172.16.0.2"), plan.Links[0].B);
        Assert.Equal(IPNetwork.Parse("172.16.0.24/30"), plan.Links[6].Subnet);

        var dc1 = plan.DataCenter("dc1");
        Assert.Equal(IPNetwork.Parse("10.128.0.0/24"), dc1.Infrastructure);
        Assert.Equal(IPAddress.Parse("10.128.0.1"), dc1.Router);
        Assert.Equal([IPAddress.Parse("10.128.0.11"), IPAddress.Parse("10.128.0.12")], dc1.Hosts);
        Assert.Equal(IPNetwork.Parse("10.128.1.0/24"), plan.DataCenter("dc2").Infrastructure);

        Assert.Equal(IPNetwork.Parse("10.200.1.0/24"), plan.UserSite("rome").Subnet);
        Assert.Equal(IPAddress.Parse("10.200.1.1"), plan.UserSite("rome").Clients);

        // Routers in plan order: dc1, dc2, a, b, c; user sites have none.
        Assert.Equal(IPAddress.Parse("10.254.0.1"), plan.Loopback("dc1"));
        Assert.Equal(IPAddress.Parse("10.254.0.5"), plan.Loopback("c"));
        Assert.Throws<KeyNotFoundException>(() => plan.Loopback("paris"));
    }

    [Fact]
    public void The_anycast_gateway_and_service_addresses_come_from_the_service_block()
    {
        var plan = AddressPlan.For(SampleTopologies.Line());

        Assert.Equal(IPAddress.Parse("10.0.0.1"), plan.ServiceGateway);
        Assert.Equal(IPAddress.Parse("10.0.0.2"), plan.ServiceAddress(0));
        Assert.Equal("02:00:0a:00:00:01", plan.Blocks.GatewayMac);
    }

    [Fact]
    public void The_same_topology_gets_the_same_plan()
    {
        var first = AddressPlan.For(SampleTopologies.Triangle());
        var second = AddressPlan.For(SampleTopologies.Triangle());

        Assert.Equal(first.Links, second.Links);
        Assert.Equal(first.DataCenter("dc2"), second.DataCenter("dc2"), DataCenterComparer);
    }

    [Fact]
    public void Every_address_is_unique()
    {
        var topology = SampleTopologies.Triangle();
        var plan = AddressPlan.For(topology);

        var all = plan.Links.SelectMany(l => new[] { l.A, l.B })
            .Concat(topology.Nodes.Where(n => n.Forwards).Select(n => plan.Loopback(n.Name)))
            .Concat(topology.DataCenters.SelectMany(dc => plan.DataCenter(dc.Name).Hosts.Append(plan.DataCenter(dc.Name).Router)))
            .Concat(topology.UserSites.Select(s => plan.UserSite(s.Name).Clients))
            .Append(plan.ServiceGateway)
            .ToList();

        Assert.Equal(all.Count, all.Distinct().Count());
    }

    [Fact]
    public void Blocks_that_overlap_or_are_too_small_are_refused()
    {
        var blocks = new AddressBlocks { UserSites = IPNetwork.Parse("10.0.0.0/16"), Underlay = IPNetwork.Parse("172.16.0.0/29") };

        var failure = Assert.Throws<TopologyException>(() => AddressPlan.For(SampleTopologies.Triangle(), blocks));

        Assert.Contains(failure.Problems, p => p.Message == "7 link subnets (/30) do not fit in 172.16.0.0/29");
        Assert.Contains(failure.Problems, p => p.Message == "blocks 10.0.0.0/24 and 10.0.0.0/16 overlap");
    }

    private static readonly IEqualityComparer<DataCenterAddresses> DataCenterComparer = EqualityComparer<DataCenterAddresses>.Create(
        (x, y) => x!.Infrastructure == y!.Infrastructure && x.Router.Equals(y.Router) && x.Hosts.SequenceEqual(y.Hosts));
}
