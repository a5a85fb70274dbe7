using System.Net;
using Testbed.TestSupport;
using Testbed.Topology.Addressing;
using Testbed.Topology.Routing;
using Testbed.Topology;

namespace Testbed.Topology.Tests.Routing;

public sealed class RoutePlannerTests
{
    [Fact]
    public void Paths_follow_the_lowest_delay_not_the_fewest_hops()
    {
        var paths = ShortestPaths.Compute(SampleTopologies.Triangle());

        // a-c direct is 25 ms; a-b-c is 20 ms.
        Assert.Equal(["dc1", "a", "b", "c", "dc2"], paths.Nodes("dc1", "dc2"));
        Assert.Equal(22, paths.Between("dc1", "dc2")!.DelayMs, 9);
        Assert.Equal(4, paths.Between("dc1", "dc2")!.Hops);
    }

    [Fact]
    public void The_three_router_line_adds_up_to_30_ms_one_way()
    {
        var paths = ShortestPaths.Compute(SampleTopologies.Line());

        Assert.Equal(30, paths.Between("user", "dc1")!.DelayMs, 9);
        Assert.Equal(30, paths.Between("dc1", "user")!.DelayMs, 9);
    }

    [Fact]
    public void Equal_delays_go_to_fewer_hops_then_to_the_first_listed_link()
    {
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1"), new DataCenter("dc2")],
            WanRouters = [new WanRouter("x"), new WanRouter("y"), new WanRouter("z")],
            Links =
            [
                new WanLink("dc1", "y", 10),
                new WanLink("dc1", "x", 10),
                new WanLink("x", "dc2", 10),
                new WanLink("y", "dc2", 10),
                new WanLink("dc1", "z", 5),
                new WanLink("z", "dc2", 15),
            ],
        };

        var paths = ShortestPaths.Compute(topology.Validated());

        // Three 20 ms paths: via z has two hops like the others, so the first listed link (to y) wins.
        Assert.Equal(["dc1", "y", "dc2"], paths.Nodes("dc1", "dc2"));
        Assert.Equal(paths.Nodes("dc1", "dc2"), ShortestPaths.Compute(topology).Nodes("dc1", "dc2"));
    }

    [Fact]
    public void Paths_never_cross_a_user_site()
    {
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1"), new DataCenter("dc2")],
            UserSites = [new UserSite("home")],
            Links = [new WanLink("dc1", "home", 1), new WanLink("home", "dc2", 1), new WanLink("dc1", "dc2", 50)],
        };

        var paths = ShortestPaths.Compute(topology.Validated());

        Assert.Equal(["dc1", "dc2"], paths.Nodes("dc1", "dc2"));
        Assert.Equal(["home", "dc2"], paths.Nodes("home", "dc2"));
    }

    [Fact]
    public void Every_node_gets_a_route_to_every_prefix_it_is_not_on_via_its_neighbour_on_the_path()
    {
        var topology = SampleTopologies.Triangle();
        var plan = AddressPlan.For(topology);
        var routes = new RoutePlanner(topology, plan).BaseRoutes();

        // 7 nodes; 2 DC LANs + 2 user subnets + 5 loopbacks = 9 prefixes; each node owns 1 or 2 of them.
        var dc2Lan = plan.DataCenter("dc2").Infrastructure;
        var onA = Assert.Single(routes, r => r.Node == "a" && r.Destination == dc2Lan);
        Assert.Equal(plan.Links[0].B, onA.Via); // a -> b over link 0, b is its end B
        Assert.Equal(0, onA.LinkIndex);
        var onParis = Assert.Single(routes, r => r.Node == "paris" && r.Destination == dc2Lan);
        Assert.Equal(plan.Links[5].B, onParis.Via);
        Assert.Equal(plan.UserSite("paris").Clients, onParis.Source);
        Assert.Equal(plan.Loopback("a"), onA.Source);
        Assert.Equal($"route replace 10.128.1.0/24 via {plan.Links[0].B} src {plan.Loopback("a")}", onA.Command);
        Assert.DoesNotContain(routes, r => r.Node == "dc2" && r.Destination == dc2Lan);
        Assert.DoesNotContain(routes, r => r.Node == "c" && r.Destination == new IPNetwork(plan.Loopback("c"), 32));
        Assert.Equal((topology.Nodes.Count() * 9) - 9, routes.Count);
    }

    [Fact]
    public void A_service_route_points_every_other_node_toward_one_data_center()
    {
        var topology = SampleTopologies.Triangle();
        var plan = AddressPlan.For(topology);
        var service = new IPNetwork(plan.ServiceAddress(0), 32);

        var routes = new RoutePlanner(topology, plan).ServiceRoutes(service, "dc2");

        Assert.Equal(topology.Nodes.Count() - 1, routes.Count);
        Assert.All(routes, r => Assert.Equal(service, r.Destination));
        Assert.Equal(plan.Links[4].A, Assert.Single(routes, r => r.Node == "c").Via);
        Assert.Equal(plan.Links[1].B, Assert.Single(routes, r => r.Node == "b").Via);
    }
}
