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
        ];

        // A WAN without places has no map, and users who never changed site no handovers:
        // those plots are not missing from such a run, they do not apply to it.
        if (run.Recorded.MapRows.Any(r => r.Kind != Records.MapRow.Link))
        {
            plots.Add(MobilityMapPlot.Draw(run, summary, directory));
        }

        if (run.Recorded.HandoverRows.Count > 0)
        {
            plots.Add(HandoverRatePlot.Draw(run, summary, directory));
        }

        if (run.Recorded.HandoverRows.Any(h => h.Cause == Records.HandoverRow.Mobility))
        {
            plots.Add(UserResponseTimePlot.Draw(run, summary, directory));
        }
        var report = Path.Combine(directory, ReportFileNames.Report);
        File.WriteAllText(report, ReportMarkdown.Write(run, summary, provisional, plots));
        return new ReportFiles(report, [.. plots.Where(p => p.Path is not null).Select(p => p.Path!)]);
    }
}
