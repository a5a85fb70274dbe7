namespace Testbed.Dashboards.Engine;

/// <summary>dockerd is not installed here, so there is no engine to start.</summary>
public sealed class DockerEngineMissingException()
    : DashboardsException("Docker is not installed: run 'sudo apt-get install docker.io' (or 'sudo testbed/provision.sh', which installs it)");
