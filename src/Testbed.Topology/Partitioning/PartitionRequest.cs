namespace Testbed.Topology.Partitioning;

/// <summary>
/// What to partition: the WAN, the hosts to spread it over, what each node costs its host
/// (the guests' CPU demand of a data center, in vCPUs; routers and user sites cost nothing
/// unless said), what each link carries (the expected traffic a cut link would put on the
/// hosts' own network; 1 where not said), and the nodes an experiment pins to a host.
/// </summary>
public sealed record PartitionRequest(
    WanTopology Topology,
    IReadOnlyList<string> Hosts,
    IReadOnlyDictionary<string, double> NodeDemand,
    IReadOnlyDictionary<int, double> LinkWeight,
    IReadOnlyDictionary<string, string> Pins)
{
    public double DemandOf(string node) => NodeDemand.GetValueOrDefault(node);

    public double WeightOf(int link) => LinkWeight.GetValueOrDefault(link, 1);
}
