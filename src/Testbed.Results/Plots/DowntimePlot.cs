using ScottPlot;
using ScottPlot.TickGenerators;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>
/// For each migration, QEMU's own downtime beside the downtime each user site saw: the gap
/// between them is what the network (switch-over, routing, ARP) added.
/// </summary>
public static class DowntimePlot
{
    public const string Title = "Downtime per migration";

    public static PlotOutcome Draw(RunSummary summary, string directory)
    {
        var migrations = summary.Migrations.Where(m => m.QemuDowntimeMs is not null || m.ClientDowntimeMs.Count > 0).ToList();
        if (migrations.Count == 0)
        {
            return PlotOutcome.Skipped(Title, summary.Migrations.Count == 0
                ? "the run had no migration"
                : "no migration has a downtime: none completed");
        }

        var sites = migrations.SelectMany(m => m.ClientDowntimeMs.Keys).Distinct().Order(StringComparer.Ordinal).ToList();
        var series = new List<(string Name, Color Colour, Func<MigrationSummary, double?> Value)>
        {
            ("QEMU downtime", Colors.Gray, m => m.QemuDowntimeMs),
        };
        series.AddRange(sites.Select((site, i) => (
            Invariant($"client downtime at {site}"),
            PlotCanvas.Series(i),
            (Func<MigrationSummary, double?>)(m => m.ClientDowntimeMs.TryGetValue(site, out var ms) ? ms : null))));

        using var plot = PlotCanvas.Create(Invariant($"{Title}: {summary.Experiment} ({summary.Mechanism})"), "migration", "downtime (ms)");
        const double groupWidth = 0.8;
        var barWidth = groupWidth / series.Count;
        var highest = 0.0;
        foreach (var (name, colour, value, index) in series.Select((s, i) => (s.Name, s.Colour, s.Value, i)))
        {
            var bars = migrations.Select((m, position) => (Migration: m, Position: position)).Where(m => value(m.Migration) is not null).Select(m =>
            {
                var ms = value(m.Migration)!.Value;
                highest = Math.Max(highest, ms);
                return new Bar
                {
                    Position = m.Position - (groupWidth / 2) + ((index + 0.5) * barWidth),
                    Value = ms,
                    Size = barWidth * 0.92,
                    FillColor = colour,
                    LineWidth = 0,
                    Label = ms.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                };
            }).ToArray();
            if (bars.Length == 0)
            {
                continue;
            }

            var plotted = plot.Add.Bars(bars);
            plotted.LegendText = name;
            plotted.ValueLabelStyle.FontSize = 12;
        }

        plot.Axes.Bottom.TickGenerator = new NumericManual(
            [.. migrations.Select((_, i) => (double)i)],
            [.. migrations.Select(m => Invariant($"{m.Vm} {m.From}→{m.To} at {m.StartS:0.#} s"))]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;

        // Categories, not a scale: a vertical grid line would only cut through the bars.
        plot.Grid.XAxisStyle.IsVisible = false;
        // At least three migrations' room, so that one migration's bars stay bar-shaped.
        var room = Math.Max(0, 3 - migrations.Count) / 2.0;
        plot.Axes.SetLimits(-0.6 - room, migrations.Count - 0.4 + room, 0, Math.Max(highest, 1) * 1.18);
        plot.ShowLegend(Alignment.UpperRight);
        return PlotOutcome.Drawn(Title, PlotCanvas.Save(plot, directory, ReportFileNames.Downtime));
    }
}
