using Testbed.Topology;

namespace Testbed.TestSupport;

/// <summary>Small topologies the tests share.</summary>
public static class SampleTopologies
{
    /// <summary>user - r1 -10ms- r2 -20ms- r3 - dc, with zero-delay access links.</summary>
    public static WanTopology Line() => new()
    {
        DataCenters = [new DataCenter("dc1")],
        WanRouters = [new WanRouter("r1"), new WanRouter("r2"), new WanRouter("r3")],
        UserSites = [new UserSite("user")],
        Links =
        [
            new WanLink("user", "r1", 0),
            new WanLink("r1", "r2", 10),
            new WanLink("r2", "r3", 20),
            new WanLink("r3", "dc1", 0),
        ],
    };

    /// <summary>Two data centers and a user site, joined through a triangle of WAN routers.</summary>
    public static WanTopology Triangle() => new()
    {
        DataCenters = [new DataCenter("dc1", Hosts: 2), new DataCenter("dc2")],
        WanRouters = [new WanRouter("a"), new WanRouter("b"), new WanRouter("c")],
        UserSites = [new UserSite("paris"), new UserSite("rome")],
        Links =
        [
            new WanLink("a", "b", 10),
            new WanLink("b", "c", 10),
            new WanLink("a", "c", 25),
            new WanLink("dc1", "a", 1),
            new WanLink("dc2", "c", 1),
            new WanLink("paris", "a", 2),
            new WanLink("rome", "c", 2),
        ],
    };
}
