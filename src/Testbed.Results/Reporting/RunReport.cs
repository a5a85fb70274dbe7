using Testbed.Results.Plots;
using Testbed.Results.Reading;

namespace Testbed.Results.Reporting;

/// <summary>
/// A run's report: report.md and its PNG plots, written into the run's directory from the
/// files the run recorded. A run cut short has no summary.json; its report is computed from
/// its rows and says so.
/// </summary>
public static class RunReport
{
    public static ReportFiles Write(string runDirectory) => Write(RunResultsReader.Read(runDirectory));

    public static ReportFiles Write(RunResults run)
    {
        var provisional = run.Summary is null;
        var summary = run.Summary ?? ProvisionalSummary.From(run);
        var directory = run.Directory;

        List<PlotOutcome> plots =
        [
            ResponseTimePlot.Draw(run, summary, directory),
            DowntimePlot.Draw(summary, directory),
            .. ResponseTimeCdfPlot.Draw(run, summary, directory),
            CalibrationPlot.Draw(run, summary.Experiment, directory),
            MobilityMapPlot.Draw(run, summary, directory),
            HandoverRatePlot.Draw(run, summary, directory),
            UserResponseTimePlot.Draw(run, summary, directory),
        ];
        var report = Path.Combine(directory, ReportFileNames.Report);
        File.WriteAllText(report, ReportMarkdown.Write(run, summary, provisional, plots));
        return new ReportFiles(report, [.. plots.Where(p => p.Path is not null).Select(p => p.Path!)]);
    }
}
