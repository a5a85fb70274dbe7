namespace Testbed.Network.Wan;

/// <summary>
/// A built node: the topology's name for it, Mininet's short name (interface names grow
/// from it and Linux allows 15 characters), and its namespace.
/// </summary>
public sealed record WanNode(string Name, string MininetName, string Namespace);
