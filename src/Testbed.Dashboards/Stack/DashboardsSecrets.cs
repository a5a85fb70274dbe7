namespace Testbed.Dashboards.Stack;

/// <summary>
/// The two generated passwords. The admin password is new for every Grafana container
/// created; the database password lasts as long as the data volume it initialised.
/// </summary>
public sealed record DashboardsSecrets(string AdminPassword, string DatabasePassword)
{
    /// <summary>Secrets stay out of logs and exception messages that print records.</summary>
    public override string ToString() => "DashboardsSecrets { (hidden) }";
}
