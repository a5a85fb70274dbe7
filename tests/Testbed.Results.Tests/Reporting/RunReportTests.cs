using System.Globalization;
using System.Text.RegularExpressions;
using SkiaSharp;
using Testbed.Results.Files;
using Testbed.Results.Plots;
using Testbed.Results.Reporting;
using Testbed.TestSupport;

namespace Testbed.Results.Tests.Reporting;

/// <summary>Reports of the real runs in tests/TestData/runs, written into copies of them.</summary>
public sealed class RunReportTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("testbed-report-").FullName;

    public static TheoryData<string> Runs => [.. RecordedRuns.All.Select(Path.GetFileName).OfType<string>()];

    [Theory]
    [MemberData(nameof(Runs))]
    public void Every_recorded_run_gets_a_report_and_readable_plots(string name)
    {
        var run = CopyOf(name);

        var files = RunReport.Write(run);

        Assert.Equal(Path.Combine(run, ReportFileNames.Report), files.Report);
        var report = File.ReadAllText(files.Report);
        Assert.Contains(ReportFileNames.ResponseTime, files.Plots.Select(Path.GetFileName));
        Assert.Contains(ReportFileNames.Calibration, files.Plots.Select(Path.GetFileName));

        // A run whose users moved has their map, handovers and sampled users too.
        if (File.Exists(Path.Combine(run, ResultsFileNames.Handovers)))
        {
            Assert.Contains(ReportFileNames.Map, files.Plots.Select(Path.GetFileName));
            Assert.Contains(ReportFileNames.Handovers, files.Plots.Select(Path.GetFileName));
            Assert.Contains(ReportFileNames.UserResponseTime, files.Plots.Select(Path.GetFileName));
            Assert.Contains("## Mobility", report, StringComparison.Ordinal);
        }
        Assert.Equal(files.Plots.Order(StringComparer.Ordinal), Directory.GetFiles(run, "*.png").Order(StringComparer.Ordinal));
        foreach (var plot in files.Plots)
        {
            AssertReadablePlot(plot);

            // Embedded by a path relative to the report, so that it shows wherever the run is copied.
            Assert.Contains($"]({Path.GetFileName(plot)})", report, StringComparison.Ordinal);
        }

        foreach (var group in RecordedGroups(run))
        {
            Assert.Contains(ReportFileNames.ResponseTimeCdf(group), files.Plots.Select(Path.GetFileName));
        }
    }

    [Fact]
    public void The_report_of_a_migration_quotes_qemu_and_every_site()
    {
        var run = CopyOf("one-move");

        var files = RunReport.Write(run);

        var report = File.ReadAllText(files.Report);
        Assert.StartsWith("# one-move: run 20261125-050700-1723", report, StringComparison.Ordinal);
        Assert.Contains("| mechanism | overlay |", report, StringComparison.Ordinal);
        Assert.Contains("| completed | yes |", report, StringComparison.Ordinal);

        // summary.json: QEMU total 1538 ms, downtime 300, restore 52.765, switch-over 18.6313, 85485090 bytes; near2 saw 497.073 ms and converged in 184.782.
        Assert.Contains("| 1 | app | dc1 → dc2 | timeline | completed | 8.1 | 9.762 | 1538 | 300 | 52.8 | 18.6 | 85.5 | 0 |", report, StringComparison.Ordinal);
        Assert.Contains("| 1 | app | near2 | 497.1 | 184.8 |", report, StringComparison.Ordinal);
        Assert.Contains("| users | 8s-20s | 54.7 | 158.3 | 260.9 | 70.8 | 244 |", report, StringComparison.Ordinal);
        Assert.Contains("| r1-r2 | not recorded | 20 | 20.063 | 20.118 | 0.063 | 0.6 | – | – | – | yes |", report, StringComparison.Ordinal);
        Assert.Contains("8.1 s: migration of app dc1 → dc2 starts (timeline)", report, StringComparison.Ordinal);
        Assert.Contains(Path.Combine(run, ReportFileNames.Downtime), files.Plots);
        Assert.DoesNotContain("Not drawn", report, StringComparison.Ordinal);
    }

    [Fact]
    public void A_migration_whose_destination_ran_before_its_source_completed_is_explained()
    {
        // As post-copy runs: the RESUME comes while the source still sends RAM, so restore is negative.
        var run = CopyOf("one-move");
        Assert.DoesNotContain("restore is negative", File.ReadAllText(RunReport.Write(run).Report), StringComparison.Ordinal);
        var summaryPath = Path.Combine(run, ResultsFileNames.Summary);
        var summary = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(summaryPath))!;
        summary["migrations"]![0]!["restore_ms"] = -412.5;
        File.WriteAllText(summaryPath, summary.ToJsonString());

        var report = File.ReadAllText(RunReport.Write(run).Report);

        Assert.Contains("- Migration 1: restore is negative (-412.5 ms): the destination ran before the source completed", report, StringComparison.Ordinal);
    }

    [Fact]
    public void The_report_of_a_replica_quotes_it_and_says_why_there_is_no_downtime_plot()
    {
        var run = CopyOf("flash-crowd");

        var files = RunReport.Write(run);

        var report = File.ReadAllText(files.Report);
        Assert.Contains("| app | dc1 | dc2 | policy | completed | 20.48 | 31.111 | 9285 | 21 | 115.9 | 61.28 |", report, StringComparison.Ordinal);
        Assert.Contains("| r1-r2 | not recorded | 20 | 20.104 | 20.552 | 0.104 | 0.6 | 100 | 93.618 | 0.936 | yes |", report, StringComparison.Ordinal);
        Assert.Contains("| not answered | 815 |", report, StringComparison.Ordinal);
        Assert.Contains("| … timeout | 815 |", report, StringComparison.Ordinal);
        Assert.Contains("policy replicate-on-demand decides: replicate app at dc2 (demand by site: near1 10, near2 60)", report, StringComparison.Ordinal);
        Assert.Contains($"- {DowntimePlot.Title}: the run had no migration.", report, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(run, ReportFileNames.Downtime)));
    }

    [Fact]
    public void A_run_cut_short_gets_a_report_computed_from_its_rows()
    {
        var run = CopyOf("one-move");
        File.Delete(Path.Combine(run, ResultsFileNames.Summary));

        var files = RunReport.Write(run);

        var report = File.ReadAllText(files.Report);
        Assert.StartsWith("# one-move: run 20261125-050700-1723", report, StringComparison.Ordinal);
        Assert.Contains("This run was cut short: it wrote no summary.json", report, StringComparison.Ordinal);
        Assert.Contains("| completed | **no**:", report, StringComparison.Ordinal);
        Assert.Contains("| mechanism | overlay |", report, StringComparison.Ordinal);
        Assert.Contains("| accel | tcg |", report, StringComparison.Ordinal);

        // The same migration and the same downtime at near2 as the summary the run did write
        // (497.073 and 184.782 ms), but for migrations.csv rounding the RESUME to the millisecond.
        Assert.Contains("| 1 | app | dc1 → dc2 | timeline | completed | 8.1 | 9.762 | 1538 | 300 |", report, StringComparison.Ordinal);
        var near2 = Regex.Match(report, @"\| 1 \| app \| near2 \| ([0-9.]+) \| ([0-9.]+) \|");
        Assert.True(near2.Success, report);
        Assert.Equal(497.073, double.Parse(near2.Groups[1].Value, CultureInfo.InvariantCulture), 1.0);
        Assert.Equal(184.782, double.Parse(near2.Groups[2].Value, CultureInfo.InvariantCulture), 1.0);
        Assert.Equal(4, files.Plots.Count);
        Assert.All(files.Plots, AssertReadablePlot);
    }

    [Fact]
    public void A_run_that_recorded_nothing_yet_says_which_plots_it_lacks()
    {
        var run = Path.Combine(_scratch, "empty");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, ResultsFileNames.Events),
            "{\"t_s\":null,\"at\":\"2026-11-25T05:07:00Z\",\"kind\":\"run-started\",\"experiment\":\"x\",\"run_id\":\"r1\",\"mechanism\":\"overlay\",\"policy\":\"scripted\",\"seed\":3}\n");

        var files = RunReport.Write(run);

        Assert.Empty(files.Plots);
        var report = File.ReadAllText(files.Report);
        Assert.StartsWith("# x: run r1", report, StringComparison.Ordinal);
        Assert.Contains("| seed | 3 |", report, StringComparison.Ordinal);
        Assert.Contains($"- {ResponseTimePlot.Title}: the run recorded no requests.", report, StringComparison.Ordinal);
        Assert.Contains($"- {CalibrationPlot.Title}: the run has no calibration figures.", report, StringComparison.Ordinal);
        Assert.Contains("No calibration.csv", report, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void The_plot_check_tells_an_empty_chart_from_a_plot()
    {
        // Axes, grid, title and labels alone: all grey, however many shades.
        using var plot = PlotCanvas.Create("nothing", "time (s)", "response time (ms)");
        var empty = PlotCanvas.Save(plot, _scratch, "empty.png");

        Assert.Equal(0, ColouredShare(empty));
        Assert.True(ColouredShare(RunReport.Write(CopyOf("one-move")).Plots[0]) > 0.003);
    }

    /// <summary>
    /// A PNG of the report's size that decodes, and that holds a drawing: anti-aliased lines,
    /// text and several series give many colours, a fair share of the pixels is not white, and
    /// some are in the series' colours (axes, grid and text are grey; the data is not).
    /// </summary>
    private static void AssertReadablePlot(string path)
    {
        // The map is drawn taller, with its legend beside it.
        var height = Path.GetFileName(path) == ReportFileNames.Map ? MobilityMapPlot.MapHeight : PlotCanvas.Height;
        Assert.Equal(new PngHeader(PlotCanvas.Width, height), PngHeader.Read(path));
        using var bitmap = SKBitmap.Decode(path);
        Assert.NotNull(bitmap);
        Assert.Equal((PlotCanvas.Width, height), (bitmap.Width, bitmap.Height));
        var pixels = bitmap.Pixels;
        var colours = pixels.Distinct().Count();
        var drawn = pixels.Count(p => p.Red < 235 || p.Green < 235 || p.Blue < 235) / (double)pixels.Length;
        Assert.True(colours >= 50, $"{path}: only {colours} colours");
        Assert.True(drawn is > 0.02 and < 0.9, $"{path}: {drawn:P1} of the pixels drawn");
        Assert.True(ColouredShare(path) > 0.003, $"{path}: no data drawn in colour");
    }

    private static double ColouredShare(string path)
    {
        using var bitmap = SKBitmap.Decode(path);
        var pixels = bitmap.Pixels;
        return pixels.Count(p => Math.Max(p.Red, Math.Max(p.Green, p.Blue)) - Math.Min(p.Red, Math.Min(p.Green, p.Blue)) > 60) / (double)pixels.Length;
    }

    private static IEnumerable<string> RecordedGroups(string run) =>
        File.ReadLines(Path.Combine(run, ResultsFileNames.Requests)).Skip(1).Select(l => l.Split(',')[1]).Distinct();

    private string CopyOf(string name)
    {
        var source = RecordedRuns.All.Single(r => Path.GetFileName(r) == name);
        var copy = Path.Combine(_scratch, name);
        Directory.CreateDirectory(copy);
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, Path.Combine(copy, Path.GetFileName(file)));
        }

        return copy;
    }
}
