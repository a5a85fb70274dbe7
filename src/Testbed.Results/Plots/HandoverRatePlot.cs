using ScottPlot;
using Testbed.Results.Reading;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>Handovers per minute of the run, per user group, counted in bins of a tenth of the run (at least 5 s).</summary>
public static class HandoverRatePlot
{
    public const string Title = "Handovers per minute";

    public static PlotOutcome Draw(RunResults run, RunSummary summary, string directory)
    {
        var handovers = run.Recorded.HandoverRows;
        if (handovers.Count == 0)
        {
            return PlotOutcome.Skipped(Title, "no user changed site");
        }

        var bin = BinS(summary.DurationS);
        using var plot = PlotCanvas.Create(Invariant($"{Title}: {summary.Experiment}"), "time since the timeline started (s)", Invariant($"handovers per minute (in {bin:0.#} s bins)"));
        var groups = handovers.Select(h => h.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        var bins = (int)Math.Ceiling(Math.Max(summary.DurationS, handovers.Max(h => h.TimeS)) / bin);
        var width = bin / groups.Count;
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var counts = new int[bins];
            foreach (var h in handovers.Where(h => h.Group == group))
            {
                counts[Math.Clamp((int)(h.TimeS / bin), 0, bins - 1)]++;
            }

            var bars = plot.Add.Bars(counts.Select((count, k) => new Bar
            {
                Position = (k * bin) + ((index + 0.5) * width),
                Value = count * 60 / bin,
                Size = width * 0.9,
                FillColor = PlotCanvas.Series(index),
                LineWidth = 0,
            }).ToArray());
            bars.LegendText = Invariant($"{group}: {handovers.Count(h => h.Group == group)} handovers");
        }

        plot.Axes.SetLimitsX(0, bins * bin);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Alignment.UpperRight);
        return PlotOutcome.Drawn(Title, PlotCanvas.Save(plot, directory, ReportFileNames.Handovers));
    }

    public static double BinS(double durationS) => Math.Max(5, Math.Round(durationS / 10));
}
