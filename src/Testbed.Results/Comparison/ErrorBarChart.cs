using ScottPlot;
using Testbed.Results.Plots;

namespace Testbed.Results.Comparison;

/// <summary>
/// A grouped bar chart with 95% confidence intervals as error bars: one cluster per category
/// on the x axis, one coloured bar per series in each cluster. A missing estimate leaves a gap.
/// </summary>
public static class ErrorBarChart
{
    public const int Width = 1000;
    public const int Height = 520;

    /// <summary>Writes the chart as a PNG; false (and nothing written) when no series has any value.</summary>
    public static bool Write(
        string path, string title, string yLabel, IReadOnlyList<string> categories, IReadOnlyList<(string Name, IReadOnlyList<Estimate> Values)> series)
    {
        if (!series.Any(s => s.Values.Any(v => v.Mean is not null)))
        {
            return false;
        }

        var plot = PlotCanvas.Create(title, "", yLabel);
        var width = 0.8 / series.Count;
        var bars = new List<Bar>();
        for (var s = 0; s < series.Count; s++)
        {
            // A series with nothing here stays out of the legend, and keeps its colour elsewhere.
            if (series[s].Values.All(v => v.Mean is null))
            {
                continue;
            }

            var color = PlotCanvas.Series(s);
            for (var c = 0; c < categories.Count; c++)
            {
                if (series[s].Values[c] is { Mean: { } mean } estimate)
                {
                    bars.Add(new Bar
                    {
                        Position = c + ((s + 0.5) * width) - 0.4,
                        Value = mean,
                        Error = estimate.Ci95 ?? 0,
                        Size = width * 0.9,
                        FillColor = color,
                        // The line draws the error bar (and a thin border).
                        LineWidth = 1.2f,
                        LineColor = Colors.Black,
                    });
                }
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = series[s].Name, FillColor = color });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. Enumerable.Range(0, categories.Count).Select(i => (double)i)], [.. categories]);
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        // Every measure here is positive; an interval that reaches below zero is cut at the axis.
        plot.Axes.AutoScale();
        plot.Axes.SetLimitsY(0, plot.Axes.GetLimits().Top);
        plot.Axes.SetLimitsX(-0.6, categories.Count - 0.4);
        plot.Legend.IsVisible = plot.Legend.ManualItems.Count > 1;
        plot.Legend.Alignment = Alignment.UpperRight;
        plot.SavePng(path, Width, Height);
        return true;
    }
}
