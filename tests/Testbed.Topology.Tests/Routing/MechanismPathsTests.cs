using Testbed.Topology.Addressing;
using Testbed.Topology.Routing;
using Testbed.Topology;

namespace Testbed.Topology.Tests.Routing;

/// <summary>
/// The configured paths on the two-region WAN (1 ms access links, 20 ms between regions),
/// from near2 to a guest at dc2 whose home is dc1, and to one still at home: what each
/// mechanism's traffic crosses, with the routes BaselineMechanismTests measures.
/// </summary>
public sealed class MechanismPathsTests
{
    private static readonly WanTopology Topology = ReferenceTopologies.TwoRegions().Validated();
    private static readonly RoutePlanner Routes = new(Topology, AddressPlan.For(Topology));

    [Theory]
    [InlineData(MechanismKind.Overlay, "dc2", 2, 2)]
    [InlineData(MechanismKind.Overlay, "dc1", 24, 22)]
    [InlineData(MechanismKind.HomeTunnel, "dc2", 44, 2)]
    [InlineData(MechanismKind.HomeTunnel, "dc1", 22, 22)]
    [InlineData(MechanismKind.L2Stretch, "dc2", 44, 44)]
    [InlineData(MechanismKind.Readdress, "dc2", 2, 2)]
    public void Each_mechanism_routes_near2_s_traffic_its_own_way(MechanismKind kind, string dataCenter, double forwardMs, double returnMs)
    {
        var path = MechanismPaths.Of(kind, Routes, "dc1", "near2", dataCenter);
        Assert.NotNull(path);
        Assert.Equal((forwardMs, returnMs), (path.ForwardMs, path.ReturnMs));
    }

    [Theory]
    [InlineData(MechanismKind.Overlay, "dc2")]
    [InlineData(MechanismKind.Overlay, "dc1")]
    [InlineData(MechanismKind.HomeTunnel, "dc2")]
    [InlineData(MechanismKind.L2Stretch, "dc2")]
    [InlineData(MechanismKind.Readdress, "dc1")]
    public void The_links_crossed_chain_from_the_site_to_the_data_center_and_back_and_their_delays_are_the_path_s(MechanismKind kind, string dataCenter)
    {
        var path = MechanismPaths.Of(kind, Routes, "dc1", "near2", dataCenter)!;
        Assert.Equal(path.ForwardMs, path.ForwardLinks.Sum(i => Topology.Links[i].Properties.DelayMs!.Value));
        Assert.Equal(path.ReturnMs, path.ReturnLinks.Sum(i => Topology.Links[i].Properties.DelayMs!.Value));

        Assert.Equal(dataCenter, Walk("near2", path.ForwardLinks));
        Assert.Equal("near2", Walk(dataCenter, path.ReturnLinks));
        Assert.Equal(path.ForwardLinks.Count + path.ReturnLinks.Count, path.LinkCrossings);
    }

    /// <summary>Where a packet ends up that leaves <paramref name="from"/> over <paramref name="links"/>; each must start where the last ended.</summary>
    private static string Walk(string from, IReadOnlyList<int> links)
    {
        var at = from;
        foreach (var link in links.Select(i => Topology.Links[i]))
        {
            Assert.True(link.A == at || link.B == at, $"link {link.A}-{link.B} does not start at {at}");
            at = link.A == at ? link.B : link.A;
        }

        return at;
    }
}
