namespace Testbed.Dashboards.Containers;

/// <summary>A host directory or file seen inside the container.</summary>
public sealed record BindMount(string HostPath, string ContainerPath, bool ReadOnly);
