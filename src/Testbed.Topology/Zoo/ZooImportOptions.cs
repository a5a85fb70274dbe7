namespace Testbed.Topology.Zoo;

/// <summary>How <see cref="ZooImport"/> turns a Zoo network into a topology.</summary>
public sealed record ZooImportOptions
{
    /// <summary>Two, so that a service has somewhere to move to.</summary>
    public ZooSiteChoice DataCenters { get; init; } = ZooSiteChoice.Spread(2);

    /// <summary>Two, so that users have somewhere to move from and to.</summary>
    public ZooSiteChoice UserSites { get; init; } = ZooSiteChoice.Spread(2);

    /// <summary>
    /// The one-way delay of the link from each data center and each user site to its router.
    /// They share the router's location, so geography would make it 0; 1 ms stands for a
    /// metro access network.
    /// </summary>
    public double AccessDelayMs { get; init; } = 1;

    /// <summary>
    /// The one-way delay of every link between routers when no node of the network has
    /// coordinates (Internet2's file has none): 5 ms is about 1000 km of fibre, a typical
    /// backbone hop of a national research network.
    /// </summary>
    public double UnlocatedLinkDelayMs { get; init; } = 5;

    /// <summary>
    /// Whether links take their bandwidth from the file's LinkSpeed. A lab machine cannot carry
    /// GEANT's 10 Gbit/s links (calibration refuses them, rightly); an experiment about
    /// latency and migration can leave the speeds out, and say so.
    /// </summary>
    public bool UseLinkSpeeds { get; init; } = true;
}
