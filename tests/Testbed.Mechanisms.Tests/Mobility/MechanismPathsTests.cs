using Testbed.Mechanisms.Mobility;
using Testbed.Network.Addressing;
using Testbed.Network.Routing;
using Testbed.Network.Topology;

namespace Testbed.Mechanisms.Tests.Mobility;

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
        Assert.Equal((forwardMs, returnMs), path);
    }
}
