namespace Testbed.Topology.Partitioning;

/// <summary>
/// Where each node of the WAN runs: its host, the CPU demand each host carries, and the
/// links cut between hosts with their total weight (the traffic the hosts' own network carries).
/// </summary>
public sealed record Partition(IReadOnlyDictionary<string, string> HostOf, IReadOnlyDictionary<string, double> LoadOf, IReadOnlyList<int> CutLinks, double CutWeight)
{
    /// <summary>The most any host carries: what the partition makes the busiest host run.</summary>
    public double MaxLoad => LoadOf.Values.DefaultIfEmpty(0).Max();
}
