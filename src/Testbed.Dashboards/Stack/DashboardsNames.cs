namespace Testbed.Dashboards.Stack;

/// <summary>
/// The fixed names of the dashboards stack. The provisioning files and the results
/// store rely on these: the datasource reaches the database as <see cref="PostgresContainer"/>
/// on the stack's network, with <see cref="Database"/> and <see cref="DatabaseUser"/>.
/// </summary>
public static class DashboardsNames
{
    public const string Stack = "dashboards";
    public const string Network = "testbed-dashboards";
    public const string GrafanaContainer = "testbed-grafana";
    public const string PostgresContainer = "testbed-postgres";
    public const string DataVolume = "testbed-postgres-data";
    public const string Database = "testbed";
    public const string DatabaseUser = "testbed";
    public const string AdminUser = "admin";
    public const int GrafanaContainerPort = 3000;
    public const int PostgresContainerPort = 5432;
}
