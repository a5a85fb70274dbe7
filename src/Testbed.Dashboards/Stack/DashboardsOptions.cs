namespace Testbed.Dashboards.Stack;

/// <summary>What `testbed dashboards up` may be told, with the defaults the lab uses.</summary>
public sealed record DashboardsOptions
{
    /// <summary>Pinned, so that the provisioning files are always read by the Grafana they were tested with.</summary>
    public const string DefaultGrafanaImage = "grafana/grafana-oss:11.6.0";

    /// <summary>The same major version as Debian 12's own PostgreSQL, which the results store is tested against.</summary>
    public const string DefaultPostgresImage = "postgres:15";

    public const string DefaultStateDirectory = "/var/lib/testbed/dashboards";

    /// <summary>The file later runs read to find the results database; the results store knows this exact path.</summary>
    public const string DefaultResultsDatabaseFile = "/var/lib/testbed/results-db";

    /// <summary>The repository's testbed/grafana/provisioning, mounted read-only as Grafana's /etc/grafana/provisioning.</summary>
    public required string ProvisioningDirectory { get; init; }

    public string GrafanaImage { get; init; } = DefaultGrafanaImage;

    public string PostgresImage { get; init; } = DefaultPostgresImage;

    /// <summary>3000: the guest port the Vagrantfile forwards to the researcher's machine.</summary>
    public int GrafanaPort { get; init; } = DashboardsNames.GrafanaContainerPort;

    /// <summary>Every interface by default, because Vagrant's port forwarding arrives on the VM's NAT interface, not its loopback.</summary>
    public string GrafanaBind { get; init; } = "0.0.0.0";

    /// <summary>
    /// Published on 127.0.0.1 only: the host's own `testbed run` writes results there, and nobody
    /// else should. Not 5432, which the host's own PostgreSQL (provision.sh installs Debian's,
    /// and systemd starts its cluster in the lab) already holds.
    /// </summary>
    public int DatabasePort { get; init; } = DefaultDatabasePort;

    public const int DefaultDatabasePort = 15432;

    /// <summary>Where the database password lives (mode 0600), so a later `up` reuses the data volume it was set for.</summary>
    public string StateDirectory { get; init; } = DefaultStateDirectory;

    public string ResultsDatabaseFile { get; init; } = DefaultResultsDatabaseFile;

    /// <summary>Grafana's first start migrates its own database, which takes tens of seconds on two cores.</summary>
    public TimeSpan HealthDeadline { get; init; } = TimeSpan.FromMinutes(3);

    public DashboardsNames Names { get; init; } = DashboardsNames.Default;

    public string DatabasePasswordFile => Path.Combine(StateDirectory, "postgres-password");

    /// <summary>The password of Grafana's read-only role; like the database's, it lasts as long as the data volume.</summary>
    public string ReaderPasswordFile => Path.Combine(StateDirectory, "grafana-reader-password");
}
