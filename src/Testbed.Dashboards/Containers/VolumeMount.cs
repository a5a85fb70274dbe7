namespace Testbed.Dashboards.Containers;

/// <summary>A named volume of the stack, mounted in one container; it outlives the container.</summary>
public sealed record VolumeMount(string Volume, string ContainerPath);
