using Testbed.Topology.Partitioning;

namespace Testbed.Topology.Tests.Partitioning;

public sealed class PartitionerTests
{
    private static readonly string[] TwoHosts = ["h0", "h1"];

    private static PartitionRequest Request(WanTopology topology, IReadOnlyDictionary<string, double> demand, IReadOnlyDictionary<int, double>? weights = null, IReadOnlyDictionary<string, string>? pins = null, IReadOnlyList<string>? hosts = null) =>
        new(topology, hosts ?? TwoHosts, demand, weights ?? new Dictionary<int, double>(), pins ?? new Dictionary<string, string>());

    /// <summary>A star: a router per data center, every router joined to a core router.</summary>
    private static WanTopology Star(params string[] dataCenters) => new()
    {
        DataCenters = [.. dataCenters.Select(d => new DataCenter(d))],
        WanRouters = [new WanRouter("core"), .. dataCenters.Select(d => new WanRouter($"r-{d}"))],
        Links = [.. dataCenters.SelectMany(d => new[] { new WanLink(d, $"r-{d}", 1), new WanLink($"r-{d}", "core", 1) })],
    };

    /// <summary>A data center's link to its router carries all its traffic: five times a core link's.</summary>
    private static Dictionary<int, double> AccessHeavy(WanTopology topology) =>
        topology.Links.Select((l, i) => (l, i)).Where(p => p.l.A.StartsWith("dc", StringComparison.Ordinal)).ToDictionary(p => p.i, _ => 5.0);

    [Fact]
    public void Equal_data_centers_split_evenly_and_each_stays_with_its_router()
    {
        var star = Star("dc1", "dc2", "dc3", "dc4");
        var partition = Partitioner.Compute(Request(star, new Dictionary<string, double> { ["dc1"] = 2, ["dc2"] = 2, ["dc3"] = 2, ["dc4"] = 2 }, AccessHeavy(star)));

        Assert.Equal([4.0, 4.0], partition.LoadOf.Values);
        foreach (var dc in (string[])["dc1", "dc2", "dc3", "dc4"])
        {
            Assert.Equal(partition.HostOf[dc], partition.HostOf[$"r-{dc}"]);
        }

        // Two data centers' routers are on the other host than the core: two links cut, no more.
        Assert.Equal(2, partition.CutLinks.Count);
        Assert.Equal(2, partition.CutWeight);
    }

    [Fact]
    public void Unequal_demands_reach_the_best_balance_where_greedy_alone_would_not()
    {
        // 3, 3, 2, 2, 2 on two hosts: heaviest-first gives 7 and 5; the best is 6 and 6 (3+3, 2+2+2).
        var demand = new Dictionary<string, double> { ["a"] = 3, ["b"] = 3, ["c"] = 2, ["d"] = 2, ["e"] = 2 };
        var partition = Partitioner.Compute(Request(Star("a", "b", "c", "d", "e"), demand));

        Assert.Equal(6, partition.MaxLoad, 9);
        Assert.Equal(demand.Values.Sum(), partition.LoadOf.Values.Sum(), 9);
    }

    [Fact]
    public void Two_clusters_joined_by_one_link_are_cut_at_that_link()
    {
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("da"), new DataCenter("db")],
            WanRouters = [new WanRouter("a1"), new WanRouter("a2"), new WanRouter("a3"), new WanRouter("b1"), new WanRouter("b2"), new WanRouter("b3")],
            Links =
            [
                new WanLink("a1", "a2", 1), new WanLink("a2", "a3", 1), new WanLink("a3", "a1", 1), new WanLink("da", "a2", 1),
                new WanLink("b1", "b2", 1), new WanLink("b2", "b3", 1), new WanLink("b3", "b1", 1), new WanLink("db", "b3", 1),
                new WanLink("a1", "b1", 1),
            ],
        };

        // A data center's link carries all its traffic: cutting it would cost more than the bridge.
        var weights = new Dictionary<int, double> { [topology.LinkIndex("da", "a2")!.Value] = 5, [topology.LinkIndex("db", "b3")!.Value] = 5 };
        var partition = Partitioner.Compute(Request(topology, new Dictionary<string, double> { ["da"] = 1, ["db"] = 1 }, weights));

        Assert.Equal([topology.LinkIndex("a1", "b1")!.Value], partition.CutLinks);
        Assert.Equal(["a1", "a2", "a3", "da"], partition.HostOf.Where(p => p.Value == partition.HostOf["da"]).Select(p => p.Key).Order());
    }

    [Fact]
    public void The_cut_falls_on_the_lightest_link_of_a_line()
    {
        // dc1 =10= r1 =10= r2 -1- r3 =10= r4 =10= dc2: the traffic-weighted cut is the middle link.
        var topology = new WanTopology
        {
            DataCenters = [new DataCenter("dc1"), new DataCenter("dc2")],
            WanRouters = [new WanRouter("r1"), new WanRouter("r2"), new WanRouter("r3"), new WanRouter("r4")],
            Links = [new WanLink("dc1", "r1", 1), new WanLink("r1", "r2", 1), new WanLink("r2", "r3", 1), new WanLink("r3", "r4", 1), new WanLink("r4", "dc2", 1)],
        };
        var weights = new Dictionary<int, double> { [0] = 10, [1] = 10, [2] = 1, [3] = 10, [4] = 10 };

        var partition = Partitioner.Compute(Request(topology, new Dictionary<string, double> { ["dc1"] = 1, ["dc2"] = 1 }, weights));

        Assert.Equal([2], partition.CutLinks);
        Assert.Equal(1, partition.CutWeight);
    }

    [Fact]
    public void Pins_are_honoured_even_against_the_balance()
    {
        var pins = new Dictionary<string, string> { ["dc1"] = "h1", ["dc2"] = "h1" };
        var partition = Partitioner.Compute(Request(Star("dc1", "dc2", "dc3"), new Dictionary<string, double> { ["dc1"] = 2, ["dc2"] = 2, ["dc3"] = 2 }, pins: pins));

        Assert.Equal("h1", partition.HostOf["dc1"]);
        Assert.Equal("h1", partition.HostOf["dc2"]);
        Assert.Equal("h0", partition.HostOf["dc3"]);
        Assert.Equal(4, partition.LoadOf["h1"]);
    }

    [Fact]
    public void The_same_request_gives_the_same_partition_whatever_order_its_maps_were_filled_in()
    {
        var topology = Star("dc1", "dc2", "dc3", "dc4", "dc5");
        var demand = new Dictionary<string, double> { ["dc1"] = 1, ["dc2"] = 3, ["dc3"] = 2, ["dc4"] = 2, ["dc5"] = 1 };
        var reversed = demand.Reverse().ToDictionary(p => p.Key, p => p.Value);
        string[] hosts = ["h0", "h1", "h2"];

        var first = Partitioner.Compute(Request(topology, demand, hosts: hosts));
        var again = Partitioner.Compute(Request(topology, reversed, hosts: hosts));

        Assert.Equal(first.HostOf.OrderBy(p => p.Key), again.HostOf.OrderBy(p => p.Key));
        Assert.Equal(first.CutLinks, again.CutLinks);
        Assert.Equal(3, first.MaxLoad, 9);
    }

    [Theory]
    [InlineData("dc1", "h9", "'dc1' is pinned to 'h9', which is not one of the hosts (h0, h1)")]
    [InlineData("nowhere", "h0", "'nowhere' is pinned to h0, and the topology has no node of that name")]
    public void A_pin_that_cannot_be_kept_is_refused_saying_why(string node, string host, string message)
    {
        var request = Request(Star("dc1"), new Dictionary<string, double>(), pins: new Dictionary<string, string> { [node] = host });

        Assert.Equal(message, Assert.Throws<PartitionException>(() => Partitioner.Compute(request)).Message);
    }

    [Fact]
    public void No_host_is_refused()
    {
        Assert.Throws<PartitionException>(() => Partitioner.Compute(Request(Star("dc1"), new Dictionary<string, double>(), hosts: [])));
    }
}
