using Testbed.Dashboards.Containers;
using Testbed.Dashboards.Engine;

namespace Testbed.Dashboards.Stack;

/// <summary>
/// What `up` did. <see cref="AdminPassword"/> is set only when the Grafana container was
/// created by this `up`: that is the one moment its password is new and may be shown.
/// </summary>
public sealed record DashboardsUpResult(
    EngineStart Engine,
    StackUpReport Stack,
    string GrafanaUrl,
    bool VagrantForwards,
    string? AdminPassword,
    int DatabasePort,
    string ResultsDatabaseFile)
{
    public override string ToString() => $"DashboardsUpResult {{ {GrafanaUrl}, {Stack.Containers.Count} containers }}";
}
