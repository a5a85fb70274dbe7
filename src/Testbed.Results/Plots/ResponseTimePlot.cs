using ScottPlot;
using Testbed.Results.Reading;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>
/// Every request's response time against the time it was sent, per user group, with each
/// group's running median; requests that got no answer as crosses along the top; migrations,
/// replicas and timeline events marked; and each site's client downtime window shaded.
/// </summary>
public static class ResponseTimePlot
{
    public const string Title = "Response time over time";

    public static PlotOutcome Draw(RunResults run, RunSummary summary, string directory)
    {
        var requests = run.Recorded.Requests;
        if (requests.Count == 0)
        {
            return PlotOutcome.Skipped(Title, "the run recorded no requests");
        }

        var answered = requests.Where(r => r.Succeeded && r.LatencyMs is not null).ToList();
        var log = LogAxis.Suits([.. answered.Select(r => r.LatencyMs!.Value)]);
        double Y(double ms) => log ? LogAxis.Of(ms) : ms;

        using var plot = PlotCanvas.Create(
            Invariant($"{Title}: {summary.Experiment} ({summary.Mechanism}, {summary.Policy})"),
            "time since the timeline started (s)",
            log ? "response time (ms, log scale)" : "response time (ms)");
        if (log)
        {
            LogAxis.Apply(plot.Axes.Left);
        }

        var top = answered.Count == 0 ? Y(1000) : answered.Max(r => Y(r.LatencyMs!.Value));
        var bottom = log ? Math.Floor(answered.Select(r => Y(r.LatencyMs!.Value)).DefaultIfEmpty(0).Min()) : 0;

        // Requests with no answer have no response time; they sit in a band above every answer.
        var failedLevel = top + ((top - bottom) * 0.08);
        MarkEvents(plot, run, summary, bottom);

        var groups = requests.Select(r => r.Group).Distinct().Order(StringComparer.Ordinal).ToList();
        var noAnswer = false;
        var xMin = Math.Min(0, requests.Min(r => r.TimeS));
        var bin = RollingMedian.BinWidthFor(summary.DurationS);
        foreach (var (group, index) in groups.Select((g, i) => (g, i)))
        {
            var colour = PlotCanvas.Series(index);
            var mine = answered.Where(r => r.Group == group).ToList();
            if (mine.Count > 0)
            {
                var points = plot.Add.ScatterPoints(mine.Select(r => r.TimeS).ToArray(), mine.Select(r => Y(r.LatencyMs!.Value)).ToArray(), colour.WithAlpha(0.5));
                points.MarkerSize = 4;
                points.LegendText = Invariant($"{group}: each request");
                var median = RollingMedian.Of(mine.Select(r => (r.TimeS, Y(r.LatencyMs!.Value))), bin);
                var line = plot.Add.ScatterLine(median.Select(m => m.TimeS).ToArray(), median.Select(m => m.Median).ToArray(), colour.Darken(0.2));
                line.LineWidth = 2.5f;
                line.LegendText = Invariant($"{group}: median per {bin:0.###} s");
            }

            var failed = requests.Where(r => r.Group == group && !(r.Succeeded && r.LatencyMs is not null)).ToList();
            if (failed.Count > 0)
            {
                noAnswer = true;
                var crosses = plot.Add.Markers(failed.Select(r => r.TimeS).ToArray(), failed.Select(_ => failedLevel).ToArray(), MarkerShape.Eks, 6, colour);
                crosses.LegendText = Invariant($"{group}: no answer ({failed.Count})");
            }
        }

        if (noAnswer)
        {
            // Inside the data area, whose edge clips text: at the left, where a run rarely fails yet.
            var band = plot.Add.Text("no answer", xMin, failedLevel);
            band.Alignment = Alignment.MiddleLeft;
            band.OffsetX = 4;
            band.LabelBackgroundColor = Colors.White.WithOpacity(0.8);
            band.LabelFontSize = 11;
            band.LabelFontColor = PlotCanvas.Trouble;
        }

        plot.Axes.SetLimitsX(xMin, Math.Max(summary.DurationS, requests.Max(r => r.TimeS)));
        plot.Axes.SetLimitsY(bottom, failedLevel + ((top - bottom) * 0.05));
        plot.ShowLegend(Edge.Right);
        return PlotOutcome.Drawn(Title, PlotCanvas.Save(plot, directory, ReportFileNames.ResponseTime));
    }

    private static void MarkEvents(Plot plot, RunResults run, RunSummary summary, double bottom)
    {
        // Timeline events label the top edge; what the testbed did is labelled inside, along the
        // bottom (below every response time), so that a scripted migration and the event that
        // asked for it do not cover each other, nor the time axis.
        foreach (var phase in summary.Phases.Where(p => p.StartS > 0))
        {
            var line = plot.Add.VerticalLine(phase.StartS, 1, Colors.Black.WithOpacity(0.55), LinePattern.Dotted);
            line.Text = string.Join("; ", phase.Events);
            line.LabelOppositeAxis = true;
            line.LabelFontSize = 11;
        }

        var migrationLegend = true;
        var siteColours = new Dictionary<string, Color>(StringComparer.Ordinal);
        foreach (var migration in summary.Migrations)
        {
            var span = plot.Add.HorizontalSpan(migration.StartS, migration.EndS, Colors.SteelBlue.WithOpacity(0.12));
            span.LineWidth = 0;
            span.LegendText = migrationLegend ? "migration (start to end)" : "";
            migrationLegend = false;
            plot.Add.VerticalLine(migration.StartS, 1, Colors.SteelBlue, LinePattern.Dashed);
            Label(plot, Invariant($"migrate {migration.Vm} {migration.From}→{migration.To}"), migration.StartS, bottom, Colors.SteelBlue);

            foreach (var window in DowntimeWindow.Of(migration, run.Recorded.Migrations))
            {
                var known = siteColours.ContainsKey(window.Site);
                var colour = siteColours.TryGetValue(window.Site, out var c) ? c : siteColours[window.Site] = SiteColour(siteColours.Count);
                var shade = plot.Add.HorizontalSpan(window.StartS, window.EndS, colour.WithOpacity(0.35));
                shade.LineWidth = 0;
                shade.LegendText = known ? "" : Invariant($"client downtime at {window.Site}");
            }
        }

        var replicaLegend = true;
        foreach (var replica in summary.Replications)
        {
            var span = plot.Add.HorizontalSpan(replica.StartS, replica.EndS, Colors.SeaGreen.WithOpacity(0.12));
            span.LineWidth = 0;
            span.LegendText = replicaLegend ? "replica being cloned" : "";
            replicaLegend = false;
            plot.Add.VerticalLine(replica.StartS, 1, Colors.SeaGreen, LinePattern.Dashed);
            Label(plot, Invariant($"+ replica {replica.Vm}@{replica.DataCenter}"), replica.StartS, bottom, Colors.SeaGreen);
            if (replica.DroppedS is { } dropped)
            {
                plot.Add.VerticalLine(dropped, 1.5f, Colors.SeaGreen, LinePattern.Dashed);
                Label(plot, Invariant($"− replica {replica.Vm}@{replica.DataCenter}"), dropped, bottom, Colors.SeaGreen);
            }
        }
    }

    private static void Label(Plot plot, string text, double x, double bottom, Color colour)
    {
        var label = plot.Add.Text(text, x, bottom);
        label.Alignment = Alignment.LowerLeft;
        label.OffsetX = 4;
        label.OffsetY = -4;
        label.LabelFontSize = 11;
        label.LabelFontColor = colour.Darken(0.3);
        label.LabelBackgroundColor = Colors.White.WithOpacity(0.8);
    }

    /// <summary>Reds and oranges: downtime reads as trouble whatever the groups' colours.</summary>
    private static Color SiteColour(int index) =>
        index == 0 ? PlotCanvas.Trouble : Color.FromHSL((float)((0.02 + (0.05 * index)) % 1), 0.8f, 0.5f);
}
