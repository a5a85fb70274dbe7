namespace Testbed.Dashboards.Containers;

/// <summary>
/// Ready when an HTTP GET of <see cref="Path"/> through the published
/// <see cref="ContainerPort"/> answers 2xx: the path users take, including the
/// engine's port forwarding, not only the process inside.
/// </summary>
public sealed record HttpHealthCheck(int ContainerPort, string Path) : HealthCheck;
