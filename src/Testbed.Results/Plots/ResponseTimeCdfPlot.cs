using ScottPlot;
using Testbed.Results.Reading;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>
/// One plot per user group: the distribution of its response times in each timeline phase,
/// as cumulative fractions of the answered requests. Requests with no answer are counted in
/// the legend, since they have no place on the curve.
/// </summary>
public static class ResponseTimeCdfPlot
{
    public const string Title = "Response time CDF";

    public static IReadOnlyList<PlotOutcome> Draw(RunResults run, RunSummary summary, string directory)
    {
        var groups = run.Recorded.Requests.Select(r => r.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        if (groups.Count == 0)
        {
            return [PlotOutcome.Skipped(Title, "the run recorded no requests")];
        }

        return [.. groups.Select(g => DrawGroup(run, summary, g, directory))];
    }

    private static PlotOutcome DrawGroup(RunResults run, RunSummary summary, string group, string directory)
    {
        var title = Invariant($"{Title} of {group}");
        var phases = summary.Phases.Select(p => (
            Phase: p,
            Requests: run.Recorded.Requests.Where(r => r.Group == group && p.Contains(r.TimeS)).ToList())).ToList();
        var latencies = phases.SelectMany(p => p.Requests).Where(r => r.Succeeded && r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).ToList();
        if (latencies.Count == 0)
        {
            return PlotOutcome.Skipped(title, Invariant($"no request of {group} got an answer during the timeline"));
        }

        var log = LogAxis.Suits(latencies);
        using var plot = PlotCanvas.Create(
            Invariant($"{title}: {summary.Experiment} ({summary.Mechanism}, {summary.Policy})"),
            log ? "response time (ms, log scale)" : "response time (ms)",
            "fraction of answered requests");
        if (log)
        {
            LogAxis.Apply(plot.Axes.Bottom);
        }

        var patterns = new[] { LinePattern.Solid, LinePattern.Dashed, LinePattern.DenselyDashed, LinePattern.Dotted };
        foreach (var ((phase, requests), index) in phases.Select((p, i) => (p, i)))
        {
            var answered = requests.Where(r => r.Succeeded && r.LatencyMs is not null).Select(r => r.LatencyMs!.Value).Order().ToList();
            var failed = requests.Count - answered.Count;
            var legend = Invariant($"{phase.Name} ({string.Join("; ", phase.Events)}): n={answered.Count}") + (failed > 0 ? Invariant($", {failed} no answer") : "");
            if (answered.Count == 0)
            {
                continue;
            }

            // A step per request: the curve rises by 1/n at each response time, from 0.
            var xs = new List<double> { log ? LogAxis.Of(answered[0]) : answered[0] };
            var ys = new List<double> { 0 };
            for (var i = 0; i < answered.Count; i++)
            {
                xs.Add(log ? LogAxis.Of(answered[i]) : answered[i]);
                ys.Add((i + 1.0) / answered.Count);
            }

            var line = plot.Add.ScatterLine(xs.ToArray(), ys.ToArray(), PlotCanvas.Series(index));
            line.ConnectStyle = ConnectStyle.StepHorizontal;
            line.LineWidth = 2.5f;
            line.LinePattern = patterns[index % patterns.Length];
            line.LegendText = legend;
        }

        var low = log ? Math.Floor(LogAxis.Of(latencies.Min())) : 0;
        var high = log ? LogAxis.Of(latencies.Max()) : latencies.Max();
        plot.Axes.SetLimits(low, high + ((high - low) * 0.03), 0, 1.02);
        // Above and left of every curve: the corner a CDF leaves empty.
        plot.ShowLegend(Alignment.UpperLeft);
        return PlotOutcome.Drawn(title, PlotCanvas.Save(plot, directory, ReportFileNames.ResponseTimeCdf(group)));
    }
}
