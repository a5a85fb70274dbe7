using System.Text.RegularExpressions;
using Testbed.Topology.Zoo;

namespace Testbed.Topology.Tests.Zoo;

public sealed partial class ZooImportTests
{
    /// <summary>
    /// Each shipped file with what its import keeps: the routers and the links between them are
    /// the file's nodes and links less those of the parts not connected to the largest one
    /// (GEANT's TR has no link; NORDUnet's GLORIAD - St Petersburg - Espoo hang together apart).
    /// </summary>
    public static TheoryData<string, int, int, string[]> Shipped => new()
    {
        { "Abilene.graphml", 11, 14, [] },
        { "Cogentco.graphml", 197, 243, [] },
        { "Geant2011.graphml", 39, 59, ["TR"] },
        { "Internet2.graphml", 20, 26, [] },
        { "Nordu2010.graphml", 15, 15, ["GLORIAD", "Espoo", "St Petersburg"] },
    };

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Each_shipped_network_becomes_a_router_per_node_and_a_link_per_link_of_its_largest_part(string file, int routers, int routerLinks, string[] leftOut)
    {
        var network = Read(file);

        var result = ZooImport.ToTopology(network, new ZooImportOptions());

        var topology = result.Topology;
        Assert.Equal(leftOut, result.LeftOut.Select(n => n.Label));
        Assert.Equal(network.Nodes.Count - leftOut.Length, routers);
        Assert.Equal(routers, topology.WanRouters.Count);
        var outside = result.LeftOut.Select(n => n.Id).ToHashSet();
        Assert.Equal(network.Links.Count(l => !outside.Contains(l.Source) && !outside.Contains(l.Target)), routerLinks);
        var routerNames = topology.WanRouters.Select(r => r.Name).ToHashSet();
        Assert.Equal(routerLinks, topology.Links.Count(l => routerNames.Contains(l.A) && routerNames.Contains(l.B)));
        Assert.Equal(routerLinks + 4, topology.Links.Count);
        Assert.Equal(2, topology.DataCenters.Count);
        Assert.Equal(2, topology.UserSites.Count);
        Assert.Empty(topology.Validate());
        if (leftOut.Length > 0)
        {
            Assert.Contains(result.Notes, n => n.StartsWith("left out, not connected to the largest part", StringComparison.Ordinal) && leftOut.All(label => n.Contains($"'{label}'", StringComparison.Ordinal)));
        }
    }

    [Theory]
    [MemberData(nameof(Shipped))]
    public void Every_name_is_a_valid_experiment_name_and_no_two_nodes_share_one(string file, int routers, int routerLinks, string[] leftOut)
    {
        _ = (routers, routerLinks, leftOut);

        var topology = ZooImport.ToTopology(Read(file), new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(5), UserSites = ZooSiteChoice.Spread(5) }).Topology;

        var names = topology.Nodes.Select(n => n.Name).ToList();
        Assert.All(names, name => Assert.Matches(ExperimentName(), name));
        Assert.Equal(names.Count, names.Distinct().Count());
    }

    /// <summary>
    /// Abilene's first link, New York (40.71427, -74.00597) to Chicago (41.85003, -87.65005): the
    /// haversine on a sphere of 6371.0088 km gives 1145.84 km, which light in fibre
    /// (299792.458 km/s over an index of 1.468) crosses in 5.611 ms. Then every link of each
    /// network whose ends the file locates, worked out the same way.
    /// </summary>
    [Theory]
    [InlineData("Abilene.graphml")]
    [InlineData("Cogentco.graphml")]
    [InlineData("Geant2011.graphml")]
    public void A_link_between_located_nodes_gets_the_fibre_delay_of_the_great_circle_between_them(string file)
    {
        var network = Read(file);
        var result = ZooImport.ToTopology(network, new ZooImportOptions());
        var nodes = network.Nodes.ToDictionary(n => n.Id);

        var located = network.Links.Where(l => nodes[l.Source].Location is not null && nodes[l.Target].Location is not null).ToList();

        Assert.NotEmpty(located);
        foreach (var link in located)
        {
            var (a, b) = (result.RouterNames[link.Source], result.RouterNames[link.Target]);
            var wanLink = result.Topology.Links[result.Topology.LinkIndex(a, b)!.Value];
            Assert.Null(wanLink.Properties.DelayMs);
            var expected = FiberDelay.OneWayMs(HaversineKm(nodes[link.Source].Location!.Value, nodes[link.Target].Location!.Value));
            Assert.Equal(expected, result.Topology.DelayMs(wanLink), 9);
        }

        if (file == "Abilene.graphml")
        {
            var newYorkChicago = result.Topology.Links[result.Topology.LinkIndex("newyork", "chicago")!.Value];
            Assert.Equal(1145.84, HaversineKm(nodes["0"].Location!.Value, nodes["1"].Location!.Value), 2);
            Assert.Equal(5.611, result.Topology.DelayMs(newYorkChicago), 3);
        }
    }

    [Fact]
    public void Internet2_has_no_coordinates_so_its_links_get_the_stated_fixed_delay_and_nothing_a_location()
    {
        var network = Read("Internet2.graphml");

        var result = ZooImport.ToTopology(network, new ZooImportOptions());
        var slower = ZooImport.ToTopology(network, new ZooImportOptions { UnlocatedLinkDelayMs = 7.5, AccessDelayMs = 2 });

        Assert.True(result.FixedDelays);
        Assert.Empty(result.PlacedByNeighbours);
        Assert.All(result.Topology.Nodes, n => Assert.Null(n.Location));
        var routerNames = result.Topology.WanRouters.Select(r => r.Name).ToHashSet();
        Assert.All(result.Topology.Links.Where(l => routerNames.Contains(l.A) && routerNames.Contains(l.B)), l => Assert.Equal(5, l.Properties.DelayMs));
        Assert.All(result.Topology.Links.Where(l => !routerNames.Contains(l.A)), l => Assert.Equal(1, l.Properties.DelayMs));
        Assert.Contains("no node has coordinates: nothing has a location, and each of the 26 link(s) between routers gets a fixed 5 ms delay", result.Notes);
        Assert.All(slower.Topology.Links, l => Assert.Equal(routerNames.Contains(l.A) && routerNames.Contains(l.B) ? 7.5 : 2, l.Properties.DelayMs));
    }

    [Fact]
    public void Nordunet_s_nodes_without_coordinates_are_placed_on_their_only_neighbour_and_each_is_reported()
    {
        var network = Read("Nordu2010.graphml");

        var result = ZooImport.ToTopology(network, new ZooImportOptions());

        // Of the eleven without coordinates, GLORIAD and St Petersburg are left out with Espoo.
        Assert.Equal(
            ["Poznan", "GEANT", "London", "Amsterdam GLORIAD", "ICELINK: Greenland, Canada, USA", "London", "INTERNET", "INTERNET", "New York"],
            result.PlacedByNeighbours.Select(n => n.Label));
        var nodes = network.Nodes.ToDictionary(n => n.Id);
        foreach (var node in result.PlacedByNeighbours)
        {
            var link = Assert.Single(network.Links, l => l.Source == node.Id || l.Target == node.Id);
            var neighbour = nodes[link.Source == node.Id ? link.Target : link.Source];
            Assert.Equal(neighbour.Location, result.Topology.Node(result.RouterNames[node.Id]).Location);
            Assert.Single(result.Notes, n => n.StartsWith($"'{node.Label}' (node {node.Id}), router {result.RouterNames[node.Id]}, has no coordinates: placed on its only located neighbour '{neighbour.Label}'", StringComparison.Ordinal));
        }

        Assert.All(result.Topology.Nodes, n => Assert.NotNull(n.Location));
        Assert.False(result.FixedDelays);
    }

    [Fact]
    public void A_spread_keeps_off_routers_placed_among_their_neighbours_while_others_are_left()
    {
        // NORDUnet's placed nodes are mostly other networks (GEANT, INTERNET, New York) set on Copenhagen or Hamburg.
        var network = Read("Nordu2010.graphml");
        var located = network.Nodes.Where(n => n.Location is not null).Select(n => n.Id).ToList();

        var two = ZooImport.ToTopology(network, new ZooImportOptions());
        var all = ZooImport.ToTopology(network, new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(15) });

        var locatedRouters = located.Where(two.RouterNames.ContainsKey).Select(id => two.RouterNames[id]).ToHashSet();
        Assert.Equal(6, locatedRouters.Count);
        Assert.All(two.Topology.DataCenters.Concat<TopologyNode>(two.Topology.UserSites), site => Assert.Contains(site.Name[..^3], locatedRouters));
        Assert.Equal(locatedRouters.Order(), all.Topology.DataCenters.Take(6).Select(d => d.Name[..^3]).Order());
    }

    [Fact]
    public void A_node_between_located_neighbours_is_placed_at_their_mean_as_far_from_each()
    {
        var network = Read("Cogentco.graphml");

        var result = ZooImport.ToTopology(network, new ZooImportOptions());

        // Node 144 has no coordinates and two located neighbours, New Orleans and Houston.
        var between = result.Topology.Node(result.RouterNames["144"]).Location!.Value;
        var (newOrleans, houston) = (network.Nodes.Single(n => n.Label == "New Orleans").Location!.Value, network.Nodes.Single(n => n.Label == "Houston").Location!.Value);
        Assert.Equal(HaversineKm(between, newOrleans), HaversineKm(between, houston), 0.1);
        Assert.Equal(HaversineKm(newOrleans, houston) / 2, HaversineKm(between, houston), 0.5);
        Assert.Equal(11, result.PlacedByNeighbours.Count);
        Assert.Equal(network.WithoutLocation.Select(n => n.Id), result.PlacedByNeighbours.Select(n => n.Id));
        Assert.Single(result.Notes, n => n.StartsWith("'None' (node 144), router n144, has no coordinates: placed at ", StringComparison.Ordinal)
            && n.EndsWith("the mean of its located neighbours 'New Orleans' (node 62), 'Houston' (node 69)", StringComparison.Ordinal));
    }

    /// <summary>
    /// Five routers on the equator in a chain, at longitudes 0, 1, 2, 3 and 10, so the delays
    /// are in proportion to the degrees between them. The delay centre is d3 (its farthest, a0
    /// and e10, are 3 and 7 degrees away; c2's farthest is 8); then the farthest from d3 is e10
    /// (7), then the farthest from both is a0 (3). User sites keep off those three while they
    /// can: c2 is the centre of b1 and c2 (8 against 9), then b1; a third goes to the router
    /// farthest from c2 and b1, e10 (8 degrees), and a fourth to a0 or d3 (1 degree each),
    /// a0 first in the file.
    /// </summary>
    [Fact]
    public void Spread_sites_go_to_the_delay_centre_then_each_to_the_router_farthest_from_those_before()
    {
        var network = Line(0, 1, 2, 3, 10);

        var three = ZooImport.ToTopology(network, new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(3), UserSites = ZooSiteChoice.Spread(2) });
        var crowded = ZooImport.ToTopology(network, new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(3), UserSites = ZooSiteChoice.Spread(4) });

        Assert.Equal(["d3-dc", "e10-dc", "a0-dc"], three.Topology.DataCenters.Select(d => d.Name));
        Assert.Equal(["c2-us", "b1-us"], three.Topology.UserSites.Select(u => u.Name));
        Assert.Equal(["c2-us", "b1-us", "e10-us", "a0-us"], crowded.Topology.UserSites.Select(u => u.Name));
        Assert.Equal(new GeoPoint(0, 3), three.Topology.Node("d3-dc").Location);
        Assert.Equal(1, three.Topology.Links[three.Topology.LinkIndex("d3-dc", "d3")!.Value].Properties.DelayMs);
    }

    [Fact]
    public void The_spread_of_a_large_network_is_the_same_every_time()
    {
        var options = new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(5), UserSites = ZooSiteChoice.Spread(8) };

        var first = ZooImport.ToTopology(Read("Cogentco.graphml"), options).Topology;
        var second = ZooImport.ToTopology(Read("Cogentco.graphml"), options).Topology;

        Assert.Equal(first.DataCenters, second.DataCenters);
        Assert.Equal(first.UserSites, second.UserSites);
        Assert.Empty(first.DataCenters.Select(d => d.Name[..^3]).Intersect(first.UserSites.Select(u => u.Name[..^3])));
    }

    [Fact]
    public void Sites_can_be_named_by_label_in_any_case_or_by_router_name_in_the_order_given()
    {
        var options = new ZooImportOptions { DataCenters = ZooSiteChoice.Named(["new york", "Seattle"]), UserSites = ZooSiteChoice.Named(["chicago", "washingto", "Houston"]) };

        var topology = ZooImport.ToTopology(Read("Abilene.graphml"), options).Topology;

        Assert.Equal(["newyork-dc", "seattle-dc"], topology.DataCenters.Select(d => d.Name));
        Assert.Equal(["chicago-us", "washingto-us", "houston-us"], topology.UserSites.Select(u => u.Name));
    }

    [Theory]
    [InlineData("Abilene.graphml", "Chicgo", "data center 'Chicgo': no router has that name or label; near it: chicago ('Chicago')")]
    [InlineData("Abilene.graphml", "kansas", "near it: kansascit ('Kansas City')")]
    [InlineData("Abilene.graphml", "Tokyo", "data center 'Tokyo': no router has that name or label, nor one near it; routers are named after their labels (newyork for 'New York', chicago for 'Chicago',")]
    [InlineData("Nordu2010.graphml", "London", "data center 'London' is the label of 2 nodes: name one by its router, london or london2")]
    [InlineData("Geant2011.graphml", "TR", "data center 'TR' (node 14) is not connected to the largest part of the network, which is all the import keeps")]
    [InlineData("Abilene.graphml", "Denver,denver", "data center 'denver' is router denver, as 'Denver' is: a router holds one data center")]
    public void A_name_the_network_does_not_have_is_refused_with_the_names_near_it(string file, string names, string expected)
    {
        var options = new ZooImportOptions { DataCenters = ZooSiteChoice.Parse(names)! };

        var error = Assert.Throws<ZooImportException>(() => ZooImport.ToTopology(Read(file), options));

        Assert.Equal(nameof(ZooImportOptions.DataCenters), error.Option);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 1, nameof(ZooImportOptions.DataCenters), "0 data centers: choose 1 to 11, one per router of Abilene")]
    [InlineData(12, 1, nameof(ZooImportOptions.DataCenters), "12 data centers: choose 1 to 11")]
    [InlineData(1, 12, nameof(ZooImportOptions.UserSites), "12 user sites: choose 1 to 11")]
    public void A_count_the_network_cannot_hold_is_refused(int dataCenters, int userSites, string option, string expected)
    {
        var options = new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(dataCenters), UserSites = ZooSiteChoice.Spread(userSites) };

        var error = Assert.Throws<ZooImportException>(() => ZooImport.ToTopology(Read("Abilene.graphml"), options));

        Assert.Equal(option, error.Option);
        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Names_follow_the_label_rule_and_a_taken_one_takes_the_smallest_free_number()
    {
        var labels = new[] { "Washington DC", "London", "London", "10", " ", "Malmö", "london2", "ABCDEFGHIJ", "None" };
        var network = new ZooNetwork("Names", [.. labels.Select((label, i) => new ZooNode($"{i}", label, null))], [.. labels.Skip(1).Select((_, i) => new ZooLink($"{i}", $"{i + 1}", null))], 0);

        var result = ZooImport.ToTopology(network, new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(1), UserSites = ZooSiteChoice.Spread(1) });

        Assert.Equal(["washingto", "london", "london2", "n10", "n4", "malm", "london22", "abcdefghi", "n8"], result.Topology.WanRouters.Select(r => r.Name));
        Assert.Contains("names already taken got a number: 'London' (node 2) is london2, 'london2' (node 6) is london22", result.Notes);
    }

    [Fact]
    public void A_link_speed_becomes_its_bandwidth_capped_at_the_most_a_link_may_have()
    {
        var network = Line(0, 1, 2, 3) with
        {
            Links = [new ZooLink("0", "1", 2.5e9), new ZooLink("1", "2", 4e11), new ZooLink("2", "3", null)],
        };

        var result = ZooImport.ToTopology(network, new ZooImportOptions { DataCenters = ZooSiteChoice.Spread(1), UserSites = ZooSiteChoice.Spread(1) });

        Assert.Equal([2500, WanTopology.MaxBandwidthMbps, null], result.Topology.Links.Take(3).Select(l => l.Properties.BandwidthMbps));
        Assert.Contains("link b1-c2: 400000 Mbit/s capped at 100000 Mbit/s, the most a link may have", result.Notes);
        Assert.Contains("1 of 3 links give no speed (LinkSpeedRaw): they have no bandwidth limit", result.Notes);
    }

    [Theory]
    [InlineData("3", 3, new string[0])]
    [InlineData(" London, Paris ", null, new[] { "London", "Paris" })]
    public void A_choice_is_a_count_or_a_list_of_names(string text, int? count, string[] names)
    {
        var choice = ZooSiteChoice.Parse(text);

        Assert.Equal(count, choice!.Count);
        Assert.Equal(names, choice.Names);
    }

    [Theory]
    [InlineData("")]
    [InlineData("London,,Paris")]
    [InlineData("London,")]
    public void A_choice_with_an_empty_name_is_no_choice(string text) => Assert.Null(ZooSiteChoice.Parse(text));

    /// <summary>The great-circle distance by the haversine formula, on the sphere of the IUGG mean radius, written out here so the test does not take the model's word for it.</summary>
    private static double HaversineKm(GeoPoint from, GeoPoint to)
    {
        const double EarthRadiusKm = 6371.0088;
        static double Radians(double degrees) => degrees * Math.PI / 180;
        var sinHalfLatitude = Math.Sin(Radians(to.Latitude - from.Latitude) / 2);
        var sinHalfLongitude = Math.Sin(Radians(to.Longitude - from.Longitude) / 2);
        var h = (sinHalfLatitude * sinHalfLatitude) + (Math.Cos(Radians(from.Latitude)) * Math.Cos(Radians(to.Latitude)) * sinHalfLongitude * sinHalfLongitude);
        return 2 * EarthRadiusKm * Math.Asin(Math.Sqrt(h));
    }

    /// <summary>Routers on the equator at these longitudes, joined in a chain, labelled by letter and longitude (a0, b1, ...).</summary>
    private static ZooNetwork Line(params double[] longitudes) => new(
        "Line",
        [.. longitudes.Select((longitude, i) => new ZooNode($"{i}", $"{(char)('a' + i)}{longitude}", new GeoPoint(0, longitude)))],
        [.. longitudes.Skip(1).Select((_, i) => new ZooLink($"{i}", $"{i + 1}", null))],
        0);

    /// <summary>As a caller does: the file read here, parsed there.</summary>
    private static ZooNetwork Read(string file)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "topologies", file);
        return ZooNetworkReader.Parse(File.ReadAllText(path), path, Path.GetFileNameWithoutExtension(path));
    }

    /// <summary>The schema's name: lower case, unlike the topology's own check.</summary>
    [GeneratedRegex("^[a-z][a-z0-9-]{0,11}$")]
    private static partial Regex ExperimentName();
}
