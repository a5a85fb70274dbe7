using System.Globalization;
using Testbed.Dashboards.Containers;

namespace Testbed.Dashboards.Stack;

/// <summary>
/// The Grafana and PostgreSQL stack as plain specs. PostgreSQL comes first, so that
/// Grafana's provisioned datasource finds it when Grafana starts.
/// </summary>
public static class DashboardsStackSpec
{
    public const string ProvisioningMountPoint = "/etc/grafana/provisioning";
    public const string PostgresDataDirectory = "/var/lib/postgresql/data";

    public static StackSpec Build(DashboardsOptions options, DashboardsSecrets secrets) =>
        new(options.Names.Stack, options.Names.Network, [options.Names.DataVolume], [Postgres(options, secrets), Grafana(options, secrets)]);

    public static ContainerSpec Postgres(DashboardsOptions options, DashboardsSecrets secrets) => new()
    {
        Name = options.Names.PostgresContainer,
        Image = options.PostgresImage,
        Environment = new Dictionary<string, string>
        {
            ["POSTGRES_USER"] = DashboardsNames.DatabaseUser,
            ["POSTGRES_PASSWORD"] = secrets.DatabasePassword,
            ["POSTGRES_DB"] = DashboardsNames.Database,
        },
        Volumes = [new VolumeMount(options.Names.DataVolume, PostgresDataDirectory)],
        Ports = [new PublishedPort(DashboardsNames.PostgresContainerPort, options.DatabasePort, "127.0.0.1")],
        // The image has no HEALTHCHECK of its own. Asking over TCP, not the Unix socket,
        // matters: while the image initialises the database it runs a temporary server
        // that listens on the socket only, and that server is not the one to wait for.
        HealthCheck = new EngineHealthCheck(
            ["CMD", "pg_isready", "--host=127.0.0.1", "--username=" + DashboardsNames.DatabaseUser, "--dbname=" + DashboardsNames.Database],
            TimeSpan.FromSeconds(2)),
        RestartUnlessStopped = true,
    };

    public static ContainerSpec Grafana(DashboardsOptions options, DashboardsSecrets secrets) => new()
    {
        Name = options.Names.GrafanaContainer,
        Image = options.GrafanaImage,
        Environment = new Dictionary<string, string>
        {
            ["GF_SECURITY_ADMIN_USER"] = DashboardsNames.AdminUser,
            ["GF_SECURITY_ADMIN_PASSWORD"] = secrets.AdminPassword,
            ["GF_AUTH_ANONYMOUS_ENABLED"] = "false",
            ["GF_USERS_ALLOW_SIGN_UP"] = "false",
            // The lab has no internet: nothing should try to reach grafana.com.
            ["GF_ANALYTICS_REPORTING_ENABLED"] = "false",
            ["GF_ANALYTICS_CHECK_FOR_UPDATES"] = "false",
            ["GF_ANALYTICS_CHECK_FOR_PLUGIN_UPDATES"] = "false",
            ["GF_NEWS_NEWS_FEED_ENABLED"] = "false",
            // The live view refreshes every second; Grafana's default floor is 5 s.
            ["GF_DASHBOARDS_MIN_REFRESH_INTERVAL"] = "1s",
            // Read by the provisioned datasource (testbed/grafana/provisioning/datasources).
            ["TESTBED_DB_HOST"] = options.Names.PostgresContainer,
            ["TESTBED_DB_PORT"] = DashboardsNames.PostgresContainerPort.ToString(CultureInfo.InvariantCulture),
            ["TESTBED_DB_NAME"] = DashboardsNames.Database,
            // Grafana reads: it logs in as the read-only role, never as the database's owner.
            ["TESTBED_DB_USER"] = DashboardsNames.ReaderUser,
            ["TESTBED_DB_PASSWORD"] = secrets.ReaderPassword,
        },
        BindMounts = [new BindMount(Path.GetFullPath(options.ProvisioningDirectory), ProvisioningMountPoint, ReadOnly: true)],
        Ports = [new PublishedPort(DashboardsNames.GrafanaContainerPort, options.GrafanaPort, options.GrafanaBind)],
        HealthCheck = new HttpHealthCheck(DashboardsNames.GrafanaContainerPort, "/api/health"),
        RestartUnlessStopped = true,
    };
}
