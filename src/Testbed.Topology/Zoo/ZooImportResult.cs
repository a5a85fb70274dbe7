namespace Testbed.Topology.Zoo;

/// <summary>
/// An imported network: its topology (already validated), and what the import had to decide
/// for the network, one sentence each in <see cref="Notes"/>, for the user to read.
/// </summary>
/// <param name="RouterNames">The router each kept node became, by Zoo node id.</param>
/// <param name="LeftOut">The nodes not connected to the largest part of the network, in file order.</param>
/// <param name="PlacedByNeighbours">The nodes the file gives no coordinates that were placed among their neighbours, in file order.</param>
/// <param name="FixedDelays">True when no kept node has coordinates: links between routers have <see cref="ZooImportOptions.UnlocatedLinkDelayMs"/> and nothing has a location.</param>
public sealed record ZooImportResult(
    WanTopology Topology,
    IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, string> RouterNames,
    IReadOnlyList<ZooNode> LeftOut,
    IReadOnlyList<ZooNode> PlacedByNeighbours,
    bool FixedDelays);
