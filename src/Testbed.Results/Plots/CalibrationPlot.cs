using ScottPlot;
using ScottPlot.TickGenerators;
using Testbed.Results.Reading;
using Testbed.Results.Reporting;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>
/// Each WAN link's one-way delay error (measured minus configured) against the tolerance the
/// calibration allowed it. Configured and measured delays themselves differ by too little to
/// tell apart as bars; their difference is what says whether the link is the one asked for.
/// </summary>
public static class CalibrationPlot
{
    public const string Title = "Link calibration";

    public static PlotOutcome Draw(RunResults run, string experiment, string directory)
    {
        var links = run.Calibration.Where(c => c.DelayErrorMs is not null).ToList();
        if (links.Count == 0)
        {
            return PlotOutcome.Skipped(Title, "the run has no calibration figures");
        }

        using var plot = PlotCanvas.Create(Invariant($"{Title}: {experiment}, one-way delay error per link"), "link (configured delay)", "measured − configured delay (ms)");
        var okBars = new List<Bar>();
        var offBars = new List<Bar>();
        foreach (var (link, i) in links.Select((l, i) => (l, i)))
        {
            var bar = new Bar
            {
                Position = i,
                Value = link.DelayErrorMs!.Value,
                Size = 0.55,
                FillColor = link.Ok ? PlotCanvas.Series(0) : PlotCanvas.Trouble,
                LineWidth = 0,
                Label = link.DelayErrorMs.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
            };
            (link.Ok ? okBars : offBars).Add(bar);
        }

        if (okBars.Count > 0)
        {
            plot.Add.Bars(okBars.ToArray()).LegendText = "delay error, within tolerance";
        }

        if (offBars.Count > 0)
        {
            plot.Add.Bars(offBars.ToArray()).LegendText = "delay error, out of tolerance";
        }

        var toleranceLegend = true;
        foreach (var (link, i) in links.Select((l, i) => (l, i)))
        {
            foreach (var sign in (int[])[1, -1])
            {
                var tolerance = plot.Add.Line(i - 0.38, sign * link.DelayToleranceMs, i + 0.38, sign * link.DelayToleranceMs);
                tolerance.LineColor = Colors.Black;
                tolerance.LineWidth = 2;
                tolerance.LinePattern = LinePattern.Dashed;
                tolerance.LegendText = toleranceLegend ? "± tolerance" : "";
                toleranceLegend = false;
            }
        }

        plot.Add.HorizontalLine(0, 1, Colors.Black.WithOpacity(0.6));
        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. links.Select((_, i) => (double)i)],
            [.. links.Select(l => Invariant($"{l.Link} ({l.ConfiguredDelayMs:0.###} ms)"))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        // Categories, not a scale: a vertical grid line would only cut through the bars.
        plot.Grid.XAxisStyle.IsVisible = false;
        var extent = links.Max(l => Math.Max(Math.Abs(l.DelayErrorMs!.Value), l.DelayToleranceMs)) * 1.25;
        plot.Axes.SetLimits(-0.6, links.Count - 0.4, -extent, extent);
        plot.ShowLegend(Alignment.LowerRight);
        return PlotOutcome.Drawn(Title, PlotCanvas.Save(plot, directory, ReportFileNames.Calibration));
    }
}
