namespace Testbed.Dashboards.Containers;

/// <summary>One container after `up`: its id, what was done, and container port to the host port published for it.</summary>
public sealed record ContainerUpResult(string Name, string Id, ContainerOutcome Outcome, IReadOnlyDictionary<int, int> HostPorts);
