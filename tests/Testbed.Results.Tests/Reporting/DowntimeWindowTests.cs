using Testbed.Results.Records;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Tests.Reporting;

public sealed class DowntimeWindowTests
{
    [Fact]
    public void A_window_ends_at_resume_plus_convergence_and_lasts_the_client_downtime()
    {
        var windows = DowntimeWindow.Of(
            10.0,
            new Dictionary<string, double> { ["near2"] = 200, ["near1"] = 50, ["lost"] = 80 },
            new Dictionary<string, double> { ["near2"] = 500, ["near1"] = 30, ["silent"] = 100 });

        // Only sites with both figures, in site order.
        Assert.Equal(["near1", "near2"], windows.Select(w => w.Site));
        Assert.Equal(10.02, windows[0].StartS, 9);
        Assert.Equal(10.05, windows[0].EndS, 9);
        Assert.Equal(9.7, windows[1].StartS, 9);
        Assert.Equal(10.2, windows[1].EndS, 9);
        Assert.Equal(500, windows[1].DurationMs, 6);
    }

    [Fact]
    public void A_migration_of_the_summary_takes_its_resume_from_its_own_row()
    {
        var migration = Migration("app", "dc1", "dc2", 30.0004);
        var rows = new[]
        {
            Row("app", "dc1", "dc2", 8.1, resumeS: 9.736),
            Row("app", "dc2", "dc1", 30.0, resumeS: 31.5),
            Row("app", "dc1", "dc2", 30.0, resumeS: 32.0),
        };

        var window = Assert.Single(DowntimeWindow.Of(migration, rows));

        Assert.Equal(32.0 + 0.1 - 0.4, window.StartS, 9);
        Assert.Equal(32.1, window.EndS, 9);
    }

    [Fact]
    public void A_migration_without_a_resume_has_no_window()
    {
        Assert.Empty(DowntimeWindow.Of(Migration("app", "dc1", "dc2", 8), [Row("app", "dc1", "dc2", 8, resumeS: null)]));
        Assert.Empty(DowntimeWindow.Of(Migration("app", "dc1", "dc2", 8), []));
    }

    private static MigrationSummary Migration(string vm, string from, string to, double startS) =>
        new(vm, from, to, "timeline", MigrationOutcome.Completed, startS, startS + 2, 1500, 300, 50, 20,
            new Dictionary<string, double> { ["near2"] = 100 }, new Dictionary<string, double> { ["near2"] = 400 }, 1000, 0);

    private static MigrationRow Row(string vm, string from, string to, double startS, double? resumeS) =>
        new(vm, from, to, startS, startS + 2, resumeS is null ? MigrationOutcome.Failed : MigrationOutcome.Completed, resumeS, 1500, 300, 50, 20, 1000, "timeline", null);
}
