namespace Testbed.Dashboards.Stack;

/// <summary>
/// The generated passwords. The admin password is new for every Grafana container
/// created; the database owner's and Grafana's read-only role's last as long as the data
/// volume they were set in.
/// </summary>
public sealed record DashboardsSecrets(string AdminPassword, string DatabasePassword, string ReaderPassword)
{
    /// <summary>Secrets stay out of logs and exception messages that print records.</summary>
    public override string ToString() => "DashboardsSecrets { (hidden) }";
}
