namespace Testbed.Topology;

/// <summary>Topologies the benchmarks and the tests share, so their figures are about the same network.</summary>
public static class ReferenceTopologies
{
    /// <summary>
    /// Two regions 20 ms apart: near1 - r1 - dc1 on one side, near2 - r2 - dc2 on the
    /// other, every access link 1 ms. Each user site's nearest data center is its own region's.
    /// </summary>
    public static WanTopology TwoRegions() => new()
    {
        DataCenters = [new DataCenter("dc1"), new DataCenter("dc2")],
        WanRouters = [new WanRouter("r1"), new WanRouter("r2")],
        UserSites = [new UserSite("near1"), new UserSite("near2")],
        Links =
        [
            new WanLink("near1", "r1", 1),
            new WanLink("r1", "dc1", 1),
            new WanLink("r1", "r2", 20),
            new WanLink("r2", "dc2", 1),
            new WanLink("near2", "r2", 1),
        ],
    };
}
