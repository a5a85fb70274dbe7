namespace Testbed.Topology.Zoo;

/// <summary>One node of an Internet Topology Zoo network: its GraphML id, its label, and where it is, when the file says.</summary>
public sealed record ZooNode(string Id, string Label, GeoPoint? Location);
