namespace Testbed.Dashboards.Containers;

/// <summary>
/// Containers that share a network, and the named volumes they keep their data in.
/// Containers start in list order and stop in reverse order. Everything the stack
/// creates carries the label testbed.stack=<see cref="Name"/>.
/// </summary>
public sealed record StackSpec(string Name, string Network, IReadOnlyList<string> Volumes, IReadOnlyList<ContainerSpec> Containers)
{
    public const string Label = "testbed.stack";
}
