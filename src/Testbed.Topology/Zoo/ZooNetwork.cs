namespace Testbed.Topology.Zoo;

/// <summary>
/// An Internet Topology Zoo network as its GraphML file gives it: nodes in file order, and its
/// links, each pair of nodes once. <see cref="SelfLoops"/> counts the edges from a node to
/// itself, which a WAN has no use for and which are left out.
/// </summary>
public sealed record ZooNetwork(string Name, IReadOnlyList<ZooNode> Nodes, IReadOnlyList<ZooLink> Links, int SelfLoops)
{
    /// <summary>The nodes the file gives no coordinates: the importer must say what it does with them.</summary>
    public IReadOnlyList<ZooNode> WithoutLocation => [.. Nodes.Where(n => n.Location is null)];
}
