using System.Globalization;
using Testbed.Results.Comparison;
using Testbed.Results.Files;
using Testbed.Results.Reading;
using Testbed.Results.Summary;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Comparison;

public sealed class ComparisonTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-comparison-").FullName;

    /// <summary>The real one-move run's summary, as the template every synthetic run varies.</summary>
    private static readonly RunSummary Template = RunResultsReader.ReadSummary(Path.Combine(RecordedRuns.OneMove, ResultsFileNames.Summary))!;

    private static RunSummary Run(string mechanism, int repetition, double clientDowntimeMs, long qemuDowntimeMs, int broken = 0, bool completed = true)
    {
        var migration = Template.Migrations.Single();
        return Template with
        {
            RunId = $"{mechanism}-{repetition}",
            Mechanism = mechanism,
            Completed = completed,
            Sweep = new SweepMembership("sweep-1", mechanism == "overlay" ? 1 : 2, new Dictionary<string, string> { ["mechanism"] = mechanism }, repetition),
            Migrations = [migration with
            {
                ClientDowntimeMs = migration.ClientDowntimeMs.ToDictionary(s => s.Key, _ => clientDowntimeMs),
                QemuDowntimeMs = qemuDowntimeMs,
            }],
            Requests = Template.Requests with { BrokenConnections = broken },
        };
    }

    [Fact]
    public void The_interval_is_student_t_over_the_runs_and_absent_for_one_run()
    {
        var three = Estimate.Of([10.0, 12.0, 14.0]);
        Assert.Equal(12, three.Mean);
        Assert.Equal(4.303 * 2 / Math.Sqrt(3), three.Ci95!.Value, 2);
        Assert.Equal("12 ± 5", three.Text("0"));
        Assert.Equal(new Estimate(7, null, 1), Estimate.Of([7.0]));
        Assert.Equal("–", Estimate.Of([]).Text());
    }

    [Fact]
    public void Two_mechanisms_times_two_repetitions_make_two_rows_with_intervals()
    {
        var table = ComparisonBuilder.Build([Run("overlay", 1, 500, 40), Run("readdress", 1, 5000, 45), Run("overlay", 2, 700, 60), Run("readdress", 2, 6000, 35, broken: 4)]);

        Assert.Equal(["overlay", "readdress"], table.Rows.Select(r => r.Labels["mechanism"]));
        Assert.Equal(["mechanism"], table.DistinguishingFields);
        var overlay = table.Rows[0];
        Assert.Equal(["overlay-1", "overlay-2"], overlay.RunIds);
        Assert.Equal(600, overlay.ClientDowntimeMs.Mean);
        // sd = 141.4 over 2 runs: t(0.975, 1) x sd / sqrt(2) = 12.706 x 100.
        Assert.Equal(12.706 * 100, overlay.ClientDowntimeMs.Ci95!.Value, 0);
        Assert.Equal(50, overlay.QemuDowntimeMs.Mean);
        Assert.Equal(2, table.Rows[1].BrokenConnections.Mean);
        Assert.All(table.Rows, r => Assert.NotNull(r.P50Ms[table.Phases[0]].Ci95));
    }

    [Fact]
    public void A_run_that_did_not_complete_is_listed_but_not_measured()
    {
        var table = ComparisonBuilder.Build([Run("overlay", 1, 500, 40), Run("overlay", 2, 90000, 40, completed: false)]);

        var row = Assert.Single(table.Rows);
        Assert.Equal(2, row.RunIds.Count);
        Assert.Equal(1, row.Completed);
        Assert.Equal(new Estimate(500, null, 1), row.ClientDowntimeMs);
    }

    [Fact]
    public void Runs_outside_a_sweep_are_grouped_by_experiment_mechanism_and_policy()
    {
        var table = ComparisonBuilder.Build([Template, Template with { RunId = "b" }, Template with { RunId = "c", Policy = "static" }, Template with { RunId = "d", Experiment = "other" }]);

        Assert.Equal([2, 1, 1], table.Rows.Select(r => r.RunIds.Count));
        Assert.Equal(["experiment", "policy"], table.DistinguishingFields);
    }

    [Fact]
    public void The_csv_has_one_row_per_point_with_a_mean_and_an_interval_per_measure()
    {
        var table = ComparisonBuilder.Build([Run("overlay", 1, 500, 40), Run("readdress", 1, 5000, 45), Run("overlay", 2, 700, 60), Run("readdress", 2, 6000, 35)]);
        var written = ComparisonReport.Write(_scratch, table, "mechanisms", ["sweep-1"]);

        var lines = File.ReadAllLines(Path.Combine(_scratch, ComparisonReport.CsvFile));
        Assert.Equal(3, lines.Length);
        var header = lines[0].Split(',');
        foreach (var row in lines.Skip(1).Select(l => l.Split(',')))
        {
            Assert.Equal(header.Length, row.Length);
            var ci = double.Parse(row[Array.IndexOf(header, "client_downtime_ms_ci95")], CultureInfo.InvariantCulture);
            Assert.True(ci > 0);
            Assert.NotEqual("", row[Array.IndexOf(header, $"users.{table.Phases[0].Phase}.p50_ms_ci95")]);
        }

        Assert.Equal("readdress", lines[2].Split(',')[Array.IndexOf(header, "mechanism")]);
        Assert.Contains(Path.Combine(_scratch, ComparisonReport.DowntimeChart), written);
        foreach (var png in written.Where(f => f.EndsWith(".png", StringComparison.Ordinal)))
        {
            var bytes = File.ReadAllBytes(png);
            Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
            Assert.True(bytes.Length > 10_000, $"{png} is {bytes.Length} bytes");
        }

        var markdown = File.ReadAllText(Path.Combine(_scratch, ComparisonReport.MarkdownFile));
        Assert.Contains("| overlay | 2/2 | 600 ± ", markdown, StringComparison.Ordinal);
        Assert.Contains($"]({ComparisonReport.DowntimeChart})", markdown, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);
}
