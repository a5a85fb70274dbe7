using System.Globalization;
using Testbed.Dashboards.Containers;

namespace Testbed.Dashboards.Stack;

/// <summary>
/// What `up` and `down` print, as lines, so that a test can read every line a user would.
/// The database password is never among them; the admin password appears on one line,
/// and only when the Grafana container was just created.
/// </summary>
public static class DashboardsText
{
    public static IReadOnlyList<string> Up(DashboardsUpResult result)
    {
        var lines = new List<string>();
        if (result.Engine.StartedHere)
        {
            lines.Add(Invariant($"Started dockerd (pid {result.Engine.Pid}); it answered after {result.Engine.Elapsed.TotalSeconds:0.0} s."));
        }

        foreach (var container in result.Stack.Containers)
        {
            lines.Add($"{container.Name}: {Describe(container.Outcome)}");
        }

        lines.Add($"Grafana: {result.GrafanaUrl}");
        if (result.VagrantForwards)
        {
            lines.Add("  In the Vagrant lab the Vagrantfile forwards it to http://localhost:3000 on your own machine (TESTBED_GRAFANA_PORT changes that side).");
        }

        lines.Add($"  user: {DashboardsNames.AdminUser}");
        lines.Add(result.AdminPassword is { } password
            ? $"  password: {password}  (shown this once; 'testbed dashboards down' then 'up' makes a new one)"
            : "  password: unchanged, shown when the container was created ('testbed dashboards down' then 'up' makes a new one)");
        lines.Add(Invariant(
            $"Results database: PostgreSQL on 127.0.0.1:{result.DatabasePort}, database {DashboardsNames.Database}; later runs write their results there ({result.ResultsDatabaseFile})."));
        lines.Add(result.Stack.AllAlreadyRunning
            ? "The dashboards were already up."
            : Invariant($"Up in {result.Stack.Elapsed.TotalSeconds:0.0} s."));
        return lines;
    }

    public static IReadOnlyList<string> Down(DashboardsDownResult result)
    {
        var lines = new List<string>();
        if (result.Stack is null)
        {
            lines.Add("Docker is not installed, so no dashboards run here.");
        }
        else
        {
            lines.AddRange(result.Stack.RemovedContainers.Select(name => $"removed container {name}"));
            if (result.Stack.RemovedNetwork is { } network)
            {
                lines.Add($"removed network {network}");
            }

            lines.AddRange(result.Stack.RemovedVolumes.Select(name => $"removed volume {name} (the results database)"));
            lines.AddRange(result.Stack.KeptVolumes.Select(name => $"kept volume {name} (the results database; 'down --purge' removes it)"));
        }

        if (result.RemovedResultsDatabaseFile is { } resultsFile)
        {
            lines.Add($"removed {resultsFile}: runs no longer write to this database");
        }

        if (result.RemovedPasswordFile is { } passwordFile)
        {
            lines.Add($"removed {passwordFile}");
        }

        if (result.StoppedEnginePid is { } pid)
        {
            lines.Add(Invariant($"stopped dockerd (pid {pid}), which the testbed had started"));
        }
        else if (result.EngineKeptFor > 0)
        {
            lines.Add(Invariant($"left dockerd running: {result.EngineKeptFor} other container(s) use it"));
        }

        if (lines.Count == 0)
        {
            lines.Add("Nothing to take down: the dashboards were not up.");
        }

        return lines;
    }

    private static string Describe(ContainerOutcome outcome) => outcome switch
    {
        ContainerOutcome.Created => "created and healthy",
        ContainerOutcome.Started => "started again and healthy",
        _ => "already running and healthy",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
