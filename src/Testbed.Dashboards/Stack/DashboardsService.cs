using Docker.DotNet.Models;
using Testbed.Dashboards.Containers;
using Testbed.Dashboards.Engine;

namespace Testbed.Dashboards.Stack;

/// <summary>
/// `testbed dashboards up|down`: the engine, the secrets and the results-db file around
/// a <see cref="StackManager"/> of Grafana and PostgreSQL.
/// </summary>
/// <param name="grantReader">Makes Grafana's read-only role in the running database (the caller holds the database client).</param>
public sealed class DashboardsService(DockerEngineOptions engine, Func<ReadOnlyRoleGrant, CancellationToken, Task> grantReader)
{
    public async Task<DashboardsUpResult> UpAsync(DashboardsOptions options, CancellationToken cancellationToken = default)
    {
        if (!Directory.Exists(options.ProvisioningDirectory))
        {
            throw new DashboardsException($"Grafana's provisioning directory {options.ProvisioningDirectory} does not exist: run from a complete checkout of the repository");
        }

        var started = await DockerDaemon.EnsureRunningAsync(engine, cancellationToken);
        using var connection = new DockerConnection(engine.Socket);
        var stack = new StackManager(connection.Client);
        var secrets = new DashboardsSecrets(PasswordGenerator.New(), await DatabasePasswordAsync(options, stack, cancellationToken), ReaderPassword(options));
        StackUpReport report;
        try
        {
            report = await stack.UpAsync(DashboardsStackSpec.Build(options, secrets), options.HealthDeadline, cancellationToken);
        }
        catch (PortInUseException taken)
        {
            var hint = taken.Container == options.Names.GrafanaContainer
                ? "choose another with --port N"
                : "stop the host's own PostgreSQL ('systemctl stop postgresql') or choose another with --db-port N";
            throw new DashboardsException($"{taken.Message}: {hint}", taken);
        }

        var databasePort = report[options.Names.PostgresContainer].HostPorts[DashboardsNames.PostgresContainerPort];
        await grantReader(new ReadOnlyRoleGrant(databasePort, secrets.DatabasePassword, DashboardsNames.ReaderUser, secrets.ReaderPassword), cancellationToken);
        SecretFile.Write(options.ResultsDatabaseFile, ResultsDatabaseConnection.For(databasePort, secrets.DatabasePassword) + "\n");

        var grafana = report[options.Names.GrafanaContainer];
        var grafanaPort = grafana.HostPorts[DashboardsNames.GrafanaContainerPort];
        var host = options.GrafanaBind is "0.0.0.0" or "127.0.0.1" or "" ? "localhost" : options.GrafanaBind;
        return new DashboardsUpResult(
            started,
            report,
            $"http://{host}:{grafanaPort}",
            // The Vagrantfile forwards the guest's port 3000, which arrives on the VM's NAT interface.
            VagrantForwards: grafanaPort == DashboardsNames.GrafanaContainerPort && options.GrafanaBind is "0.0.0.0" or "",
            grafana.Outcome == ContainerOutcome.Created ? secrets.AdminPassword : null,
            databasePort,
            options.ResultsDatabaseFile);
    }

    public async Task<DashboardsDownResult> DownAsync(DashboardsOptions options, bool purge, CancellationToken cancellationToken = default)
    {
        // First, so that no run writes to a database that is going away.
        var removedResults = Remove(options.ResultsDatabaseFile);
        try
        {
            // An engine that is not running still holds the stack's stopped containers.
            await DockerDaemon.EnsureRunningAsync(engine, cancellationToken);
        }
        catch (DockerEngineMissingException)
        {
            return new DashboardsDownResult(null, removedResults, purge ? RemovePasswords(options) : null, null, 0);
        }

        StackDownReport report;
        int others;
        using (var connection = new DockerConnection(engine.Socket))
        {
            var stack = new StackManager(connection.Client);
            report = await stack.DownAsync(DashboardsStackSpec.Build(options, new DashboardsSecrets("", "", "")), purge, cancellationToken);
            others = (await connection.Client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, cancellationToken)).Count;
        }

        // The volume's password goes with the volume, and only with it.
        var removedPassword = purge && !report.KeptVolumes.Contains(options.Names.DataVolume) ? RemovePasswords(options) : null;

        // A dockerd the testbed started (now, or for an earlier `up`) goes too, unless
        // containers that are not the stack's still live in it.
        int? stoppedPid = null;
        var keptFor = 0;
        if (DockerDaemon.StartedEngine(engine) is { } ours)
        {
            if (others == 0)
            {
                await DockerDaemon.StopStartedAsync(engine, cancellationToken);
                stoppedPid = ours.Pid;
            }
            else
            {
                keptFor = others;
            }
        }

        return new DashboardsDownResult(report, removedResults, removedPassword, stoppedPid, keptFor);
    }

    /// <summary>
    /// The password the data volume was initialised with. PostgreSQL sets it only when it
    /// creates the database, so a volume whose password file is lost cannot be opened:
    /// that is an error, not a reason to make a new password nothing would accept.
    /// </summary>
    private static async Task<string> DatabasePasswordAsync(DashboardsOptions options, StackManager stack, CancellationToken cancellationToken)
    {
        if (SecretFile.ReadLine(options.DatabasePasswordFile) is { Length: > 0 } stored)
        {
            return stored;
        }

        if (await stack.VolumeExistsAsync(options.Names.DataVolume, cancellationToken))
        {
            throw new DashboardsException(
                $"the results database's volume {options.Names.DataVolume} exists but its password file {options.DatabasePasswordFile} is gone: " +
                "run 'testbed dashboards down --purge' to start again with an empty database");
        }

        var generated = PasswordGenerator.New();
        SecretFile.Write(options.DatabasePasswordFile, generated + "\n");
        return generated;
    }

    /// <summary>The read-only role's password, kept with the volume's; made the first time. `up` sets it in the database every time.</summary>
    private static string ReaderPassword(DashboardsOptions options)
    {
        if (SecretFile.ReadLine(options.ReaderPasswordFile) is { Length: > 0 } stored)
        {
            return stored;
        }

        var generated = PasswordGenerator.New();
        SecretFile.Write(options.ReaderPasswordFile, generated + "\n");
        return generated;
    }

    /// <summary>Both of the volume's passwords; the database's is the one named.</summary>
    private static string? RemovePasswords(DashboardsOptions options)
    {
        Remove(options.ReaderPasswordFile);
        return Remove(options.DatabasePasswordFile);
    }

    private static string? Remove(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        File.Delete(path);
        return path;
    }
}
