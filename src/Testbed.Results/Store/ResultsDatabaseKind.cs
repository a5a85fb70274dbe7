namespace Testbed.Results.Store;

/// <summary>The two databases a run's results can be written to.</summary>
public enum ResultsDatabaseKind
{
    /// <summary>A file beside the results (results/testbed.db): the default, nothing to set up.</summary>
    Sqlite,

    /// <summary>A server, such as the lab's, that the Grafana dashboards read.</summary>
    Postgres,
}
