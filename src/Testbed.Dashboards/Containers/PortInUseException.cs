namespace Testbed.Dashboards.Containers;

/// <summary>Another program already listens where a container's port would be published.</summary>
public sealed class PortInUseException(string container, PublishedPort port)
    : DashboardsException($"{port.HostIp}:{port.HostPort} is already in use on this machine, so container {container} cannot publish its port {port.ContainerPort} there")
{
    public string Container { get; } = container;

    public PublishedPort Port { get; } = port;
}
