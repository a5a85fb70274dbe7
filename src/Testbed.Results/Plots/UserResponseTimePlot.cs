using ScottPlot;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>
/// The response time of a few mobile users over the run, each with its handovers marked: the
/// users who changed site most, so the plot shows what a handover (and a migration after it)
/// does to one user's requests.
/// </summary>
public static class UserResponseTimePlot
{
    public const string Title = "Response time of sampled users";

    /// <summary>More lines than this are unreadable on one plot.</summary>
    public const int SampledUsers = 4;

    public static PlotOutcome Draw(RunResults run, RunSummary summary, string directory)
    {
        var handovers = run.Recorded.HandoverRows.Where(h => h.Cause == HandoverRow.Mobility).ToList();
        if (handovers.Count == 0)
        {
            return PlotOutcome.Skipped(Title, "no group has mobility, or no user was handed over");
        }

        // The users handed over most; of as many, the lowest group and user first.
        var sampled = handovers.GroupBy(h => (h.Group, h.User))
            .OrderByDescending(g => g.Count()).ThenBy(g => g.Key.Group, StringComparer.Ordinal).ThenBy(g => g.Key.User)
            .Take(SampledUsers).Select(g => g.Key).ToList();
        var requests = run.Recorded.Requests.Where(r => r.Succeeded && r.LatencyMs is not null).ToList();
        var log = LogAxis.Suits([.. requests.Select(r => r.LatencyMs!.Value)]);
        double Y(double ms) => log ? LogAxis.Of(ms) : ms;

        using var plot = PlotCanvas.Create(Invariant($"{Title}: {summary.Experiment} ({summary.Policy})"), "time since the timeline started (s)",
            log ? "response time (ms, log scale)" : "response time (ms)");
        if (log)
        {
            LogAxis.Apply(plot.Axes.Left);
        }

        var bin = RollingMedian.BinWidthFor(summary.DurationS);
        foreach (var ((group, user), index) in sampled.Select((u, i) => (u, i)))
        {
            var colour = PlotCanvas.Series(index);
            var mine = requests.Where(r => r.Group == group && r.User == user).ToList();
            if (mine.Count > 0)
            {
                var median = RollingMedian.Of(mine.Select(r => (r.TimeS, Y(r.LatencyMs!.Value))), bin);
                var line = plot.Add.ScatterLine(median.Select(m => m.TimeS).ToArray(), median.Select(m => m.Median).ToArray(), colour);
                line.LineWidth = 2;
                line.LegendText = Invariant($"{group} user {user}: median per {bin:0.#} s; dashed, its handovers");
            }

            foreach (var handover in handovers.Where(h => h.Group == group && h.User == user))
            {
                var mark = plot.Add.VerticalLine(handover.TimeS, 1, colour.WithAlpha(0.6));
                mark.LinePattern = LinePattern.Dashed;
            }
        }

        plot.ShowLegend(Alignment.UpperRight);
        return PlotOutcome.Drawn(Title, PlotCanvas.Save(plot, directory, ReportFileNames.UserResponseTime));
    }
}
