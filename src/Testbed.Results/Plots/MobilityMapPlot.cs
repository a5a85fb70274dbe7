using ScottPlot;
using Testbed.Results.Reading;
using Testbed.Results.Records;
using Testbed.Results.Reporting;
using Testbed.Results.Summary;
using Testbed.Workload.Records;
using static System.FormattableString;

namespace Testbed.Results.Plots;

/// <summary>
/// The map: the WAN's links, routers, user sites and data centers on latitude and longitude,
/// each mobile user's track coloured by the site it was attached to, and where each VM ran
/// over time (its data centers ringed, their times in the legend).
/// </summary>
public static class MobilityMapPlot
{
    public const string Title = "Map";

    /// <summary>Taller than the time series: a map with its legend beside it.</summary>
    public const int MapHeight = 700;

    public static PlotOutcome Draw(RunResults run, RunSummary summary, string directory)
    {
        var map = run.Recorded.MapRows;
        if (map.All(r => r.Kind == MapRow.Link))
        {
            return PlotOutcome.Skipped(Title, "no node of the topology has a location");
        }

        // A degree of longitude is shorter than one of latitude away from the equator: longitudes
        // are drawn shrunk by the cosine of the middle latitude, with square units, so that the
        // map's shapes and distances are the Earth's (an equirectangular projection).
        var middle = (map.Where(r => r.Kind != MapRow.Link).Min(r => r.Lat) + map.Where(r => r.Kind != MapRow.Link).Max(r => r.Lat)) / 2;
        var scale = Math.Cos(middle * Math.PI / 180);
        using var plot = PlotCanvas.Create(Invariant($"{Title}: {summary.Experiment} ({summary.Policy})"), "longitude (°)", "latitude (°)");

        foreach (var link in map.Where(r => r.Kind == MapRow.Link && r.EndLat is not null))
        {
            var line = plot.Add.Line(link.Lon * scale, link.Lat, link.EndLon!.Value * scale, link.EndLat!.Value);
            line.LineColor = Colors.Gray.WithAlpha(0.6);
            line.LineWidth = 1;
        }

        var sites = map.Where(r => r.Kind == MapRow.UserSite).Select(r => r.Name).ToList();
        Color SiteColour(string site) => PlotCanvas.Series(Math.Max(0, sites.IndexOf(site)));

        // Each user's track, one line for each stretch it stayed attached to one site.
        foreach (var track in run.Recorded.TrackRows.GroupBy(t => (t.Group, t.User)))
        {
            var points = track.OrderBy(t => t.TimeS).ToList();
            for (var start = 0; start < points.Count;)
            {
                var end = start;
                while (end + 1 < points.Count && points[end + 1].Site == points[start].Site)
                {
                    end++;
                }

                // Joined to the next stretch's first point, so the track has no gaps.
                var stretch = points.Skip(start).Take(end - start + 1 + (end + 1 < points.Count ? 1 : 0)).ToList();
                var line = plot.Add.ScatterLine(stretch.Select(p => p.Lon * scale).ToArray(), stretch.Select(p => p.Lat).ToArray(), SiteColour(points[start].Site).WithAlpha(0.45));
                line.LineWidth = 1.5f;
                start = end + 1;
            }
        }

        Marks(plot, map, scale, MapRow.WanRouter, MarkerShape.FilledCircle, 5, Colors.Gray, legend: "WAN router");
        foreach (var site in map.Where(r => r.Kind == MapRow.UserSite))
        {
            var mark = plot.Add.Marker(site.Lon * scale, site.Lat, MarkerShape.FilledTriangleUp, 12, SiteColour(site.Name));
            mark.LegendText = Invariant($"user site {site.Name} (and users attached to it)");
            Label(plot, site, scale, SiteColour(site.Name));
        }

        var dataCenters = map.Where(r => r.Kind == MapRow.DataCenter).ToList();
        Marks(plot, map, scale, MapRow.DataCenter, MarkerShape.FilledSquare, 11, Colors.Black, legend: "data center");
        foreach (var dc in dataCenters)
        {
            Label(plot, dc, scale, Colors.Black);
        }

        // Where each VM ran: its first data center, then each completed migration's destination.
        foreach (var (vm, stays) in VmStays(run, summary))
        {
            foreach (var (dc, index) in stays.Select(s => s.DataCenter).Distinct().Select((d, i) => (d, i)))
            {
                if (dataCenters.FirstOrDefault(d => d.Name == dc) is not { } at)
                {
                    continue;
                }

                var ring = plot.Add.Marker(at.Lon * scale, at.Lat, MarkerShape.OpenCircle, 26 + (6 * index), PlotCanvas.Trouble);
                ring.MarkerLineWidth = 2;
                if (index == 0)
                {
                    ring.LegendText = Invariant($"VM {vm}: ") + string.Join(", ", stays.Select(s => Invariant($"{s.DataCenter} from {s.FromS:0.#} s")));
                }
            }
        }

        // Its replicas: where each was cloned, and until when.
        foreach (var replica in summary.Replications.Where(r => r.Outcome == MigrationOutcome.Completed))
        {
            if (dataCenters.FirstOrDefault(d => d.Name == replica.DataCenter) is not { } at)
            {
                continue;
            }

            var ring = plot.Add.Marker(at.Lon * scale, at.Lat, MarkerShape.OpenDiamond, 26, PlotCanvas.Series(5));
            ring.MarkerLineWidth = 2;
            ring.LegendText = Invariant($"replica of {replica.Vm} at {replica.DataCenter} from {replica.EndS:0.#} s") + (replica.DroppedS is { } dropped ? Invariant($" to {dropped:0.#} s") : "");
        }

        // The map frames where the users and the service are (sites, data centers, tracks);
        // the rest of a large WAN runs off its edges.
        var framed = map.Where(r => r.Kind is MapRow.UserSite or MapRow.DataCenter).Select(r => (r.Lat, r.Lon))
            .Concat(run.Recorded.TrackRows.Select(t => (t.Lat, t.Lon))).ToList();
        if (framed.Count == 0)
        {
            framed = [.. map.Where(r => r.Kind != MapRow.Link).Select(r => (r.Lat, r.Lon))];
        }

        var (south, north) = (framed.Min(r => r.Lat), framed.Max(r => r.Lat));
        var (west, east) = (framed.Min(r => r.Lon) * scale, framed.Max(r => r.Lon) * scale);
        var margin = Math.Max(0.01, Math.Max(north - south, east - west) * 0.12);
        plot.Axes.SetLimits(west - margin, east + margin, south - margin, north + margin);
        plot.Axes.SquareUnits();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = x => (x / scale).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) };
        plot.ShowLegend(Edge.Right);
        return PlotOutcome.Drawn(Title, PlotCanvas.Save(plot, directory, ReportFileNames.Map, MapHeight));
    }

    private static void Marks(Plot plot, IReadOnlyList<MapRow> map, double scale, string kind, MarkerShape shape, float size, Color colour, string legend)
    {
        var rows = map.Where(r => r.Kind == kind).ToList();
        if (rows.Count == 0)
        {
            return;
        }

        var marks = plot.Add.ScatterPoints(rows.Select(r => r.Lon * scale).ToArray(), rows.Select(r => r.Lat).ToArray(), colour);
        marks.MarkerShape = shape;
        marks.MarkerSize = size;
        marks.LegendText = legend;
    }

    private static void Label(Plot plot, MapRow node, double scale, Color colour)
    {
        var text = plot.Add.Text(node.Name, node.Lon * scale, node.Lat);
        text.LabelFontSize = 11;
        text.LabelFontColor = colour;
        text.LabelOffsetX = 7;
        text.LabelOffsetY = -7;
    }

    /// <summary>Each VM's data centers in time order: where it booted, then where each completed migration took it.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<(string DataCenter, double FromS)>> VmStays(RunResults run, RunSummary summary)
    {
        var stays = new Dictionary<string, IReadOnlyList<(string, double)>>(StringComparer.Ordinal);
        foreach (var booted in run.Events.Where(e => e.Kind == "vm-booted"))
        {
            var vm = booted.Text("vm") ?? "";
            var list = new List<(string, double)> { (booted.Text("data_center") ?? "", 0) };
            list.AddRange(summary.Migrations.Where(m => m.Vm == vm && m.Outcome == MigrationOutcome.Completed).OrderBy(m => m.StartS).Select(m => (m.To, m.EndS)));
            stays[vm] = list;
        }

        return stays;
    }
}
