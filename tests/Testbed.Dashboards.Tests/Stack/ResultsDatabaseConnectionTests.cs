using Testbed.Dashboards.Stack;

namespace Testbed.Dashboards.Tests.Stack;

public sealed class ResultsDatabaseConnectionTests
{
    [Fact]
    public void The_connection_string_is_the_npgsql_one_the_results_store_reads()
    {
        Assert.Equal(
            "Host=127.0.0.1;Port=5432;Database=testbed;Username=testbed;Password=abc123",
            ResultsDatabaseConnection.For(5432, "abc123"));
    }

    [Fact]
    public void The_default_paths_are_the_ones_the_results_store_and_the_lab_know()
    {
        var options = new DashboardsOptions { ProvisioningDirectory = "/x" };

        Assert.Equal("/var/lib/testbed/results-db", options.ResultsDatabaseFile);
        Assert.Equal("/var/lib/testbed/dashboards/postgres-password", options.DatabasePasswordFile);
    }
}
