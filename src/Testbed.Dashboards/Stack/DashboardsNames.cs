namespace Testbed.Dashboards.Stack;

/// <summary>
/// The dashboards stack's names: testbed-grafana, testbed-postgres, the network
/// testbed-dashboards and the volume testbed-postgres-data by default. The datasource
/// reaches the database as <see cref="PostgresContainer"/> on the stack's network, with
/// <see cref="Database"/> and <see cref="DatabaseUser"/>. Tests take another prefix, so
/// that they never touch the lab's own stack.
/// </summary>
public sealed record DashboardsNames(string Prefix)
{
    public const string DefaultPrefix = "testbed";
    public const string Database = "testbed";
    public const string DatabaseUser = "testbed";

    /// <summary>The role Grafana's datasource logs in as: it may read the results, and nothing else.</summary>
    public const string ReaderUser = "grafana_reader";
    public const string AdminUser = "admin";
    public const int GrafanaContainerPort = 3000;
    public const int PostgresContainerPort = 5432;

    public static DashboardsNames Default { get; } = new(DefaultPrefix);

    /// <summary>The value of every object's testbed.stack label.</summary>
    public string Stack => $"{Prefix}-dashboards";

    public string Network => $"{Prefix}-dashboards";

    public string GrafanaContainer => $"{Prefix}-grafana";

    public string PostgresContainer => $"{Prefix}-postgres";

    public string DataVolume => $"{Prefix}-postgres-data";
}
