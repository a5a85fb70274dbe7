using ScottPlot;

namespace Testbed.Results.Plots;

/// <summary>The look every plot of a report shares: size, fonts, palette, grid, and how it is saved.</summary>
public static class PlotCanvas
{
    public const int Width = 1000;
    public const int Height = 500;

    /// <summary>
    /// Okabe and Ito's colour-blind safe colours, without their black (the colour of the axes
    /// and the marks) and their yellow (too faint on white).
    /// </summary>
    private static readonly Color[] Palette = Color.FromHex(["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#999999"]);

    /// <summary>
    /// A sans-serif family this machine has. ScottPlot's own guess takes the first family it
    /// finds, which on Debian is DejaVu Serif; fonts-dejavu-core (provision.sh) brings DejaVu Sans.
    /// </summary>
    private static readonly Lazy<string> SansFamily = new(() =>
        ((string[])["DejaVu Sans", "Liberation Sans", "Noto Sans", "Open Sans"])
            .FirstOrDefault(f => Fonts.GetTypeface(f, bold: false, italic: false)?.FamilyName == f) ?? Fonts.Default);

    public static Color Series(int index) => Palette[index % Palette.Length];

    /// <summary>The colour of what went wrong for users: downtime windows, failed requests.</summary>
    public static Color Trouble { get; } = Color.FromHex("#C0392B");

    public static Plot Create(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Font.Set(SansFamily.Value);
        plot.Title(title, 17);
        plot.XLabel(xLabel, 14);
        plot.YLabel(yLabel, 14);
        plot.Axes.Title.Label.Bold = true;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 12;
        plot.Axes.Left.TickLabelStyle.FontSize = 12;
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.1);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.04);
        plot.Grid.MinorLineWidth = 1;
        plot.Legend.FontSize = 12;
        plot.Legend.OutlineColor = Colors.Black.WithOpacity(0.3);
        return plot;
    }

    /// <summary>Writes the plot as a PNG of the report's size and returns its full path.</summary>
    public static string Save(Plot plot, string directory, string fileName) => Save(plot, directory, fileName, Height);

    /// <summary>Writes the plot at the report's width and <paramref name="height"/> (a map wants more than a time series).</summary>
    public static string Save(Plot plot, string directory, string fileName, int height)
    {
        var path = Path.Combine(directory, fileName);
        plot.SavePng(path, Width, height);
        return path;
    }
}
