namespace Testbed.Dashboards.Containers;

/// <summary>
/// A container's TCP port published on the host. <see cref="HostIp"/> decides who can
/// reach it (127.0.0.1: this machine only; 0.0.0.0: every interface). A
/// <see cref="HostPort"/> of 0 lets the engine choose a free port.
/// </summary>
public sealed record PublishedPort(int ContainerPort, int HostPort, string HostIp)
{
    public string Key => $"{ContainerPort}/tcp";
}
