using Testbed.Dashboards.Containers;
using Testbed.Dashboards.Engine;
using Testbed.Dashboards.Stack;

namespace Testbed.Dashboards.Tests.Stack;

/// <summary>What `up` and `down` print: the admin password once, when it is new; the database password never.</summary>
public sealed class DashboardsTextTests
{
    private const string AdminPassword = "AdminPasswordForTheTest0123456789";
    private const string DatabasePassword = "DatabasePasswordForTheTest0123456";

    [Fact]
    public void A_new_grafana_prints_its_url_user_and_admin_password_on_one_line_and_nothing_else_secret()
    {
        var lines = DashboardsText.Up(UpResult(ContainerOutcome.Created, AdminPassword, vagrant: true));

        var withPassword = Assert.Single(lines, l => l.Contains(AdminPassword, StringComparison.Ordinal));
        Assert.StartsWith("  password: " + AdminPassword, withPassword, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains(AdminPassword, StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(DatabasePassword, StringComparison.Ordinal));
        Assert.Contains("Grafana: http://localhost:3000", lines);
        Assert.Contains("  user: admin", lines);
        Assert.Contains(lines, l => l.Contains("Vagrant", StringComparison.Ordinal) && l.Contains("http://localhost:3000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("127.0.0.1:5432", StringComparison.Ordinal) && l.Contains("/var/lib/testbed/results-db", StringComparison.Ordinal));
    }

    [Fact]
    public void A_grafana_that_was_already_running_prints_no_password()
    {
        var lines = DashboardsText.Up(UpResult(ContainerOutcome.AlreadyRunning, adminPassword: null, vagrant: false));

        Assert.DoesNotContain(lines, l => l.Contains(AdminPassword, StringComparison.Ordinal) || l.Contains(DatabasePassword, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("  password: unchanged", StringComparison.Ordinal));
        Assert.Contains("testbed-grafana: already running and healthy", lines);
        Assert.Equal("The dashboards were already up.", lines[^1]);
        Assert.DoesNotContain(lines, l => l.Contains("Vagrant", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dockerd_started_by_up_is_named_with_its_pid()
    {
        var result = UpResult(ContainerOutcome.Created, AdminPassword, vagrant: false) with { Engine = new EngineStart(true, 4242, TimeSpan.FromMilliseconds(420)) };

        Assert.Equal("Started dockerd (pid 4242); it answered after 0.4 s.", DashboardsText.Up(result)[0]);
    }

    [Fact]
    public void Down_names_what_went_and_the_volume_that_stayed()
    {
        var lines = DashboardsText.Down(new DashboardsDownResult(
            new StackDownReport(["testbed-grafana", "testbed-postgres"], "testbed-dashboards", [], ["testbed-postgres-data"], TimeSpan.FromSeconds(1)),
            "/var/lib/testbed/results-db",
            RemovedPasswordFile: null,
            StoppedEnginePid: 77,
            EngineKeptFor: 0));

        Assert.Equal(
            [
                "removed container testbed-grafana",
                "removed container testbed-postgres",
                "removed network testbed-dashboards",
                "kept volume testbed-postgres-data (the results database; 'down --purge' removes it)",
                "removed /var/lib/testbed/results-db: runs no longer write to this database",
                "stopped dockerd (pid 77), which the testbed had started",
            ],
            lines);
    }

    [Fact]
    public void Down_with_nothing_up_says_so()
    {
        var lines = DashboardsText.Down(new DashboardsDownResult(new StackDownReport([], null, [], [], TimeSpan.Zero), null, null, null, 0));

        Assert.Equal(["Nothing to take down: the dashboards were not up."], lines);
    }

    private static DashboardsUpResult UpResult(ContainerOutcome grafana, string? adminPassword, bool vagrant) => new(
        new EngineStart(false, null, TimeSpan.FromMilliseconds(3)),
        new StackUpReport(
            [
                new ContainerUpResult("testbed-postgres", "p", grafana, new Dictionary<int, int> { [5432] = 5432 }),
                new ContainerUpResult("testbed-grafana", "g", grafana, new Dictionary<int, int> { [3000] = 3000 }),
            ],
            TimeSpan.FromSeconds(12)),
        "http://localhost:3000",
        vagrant,
        adminPassword,
        5432,
        "/var/lib/testbed/results-db");
}
