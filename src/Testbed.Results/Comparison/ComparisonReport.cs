using System.Globalization;
using System.Text;

namespace Testbed.Results.Comparison;

/// <summary>
/// A comparison written for people: comparison.csv, comparison.md with its tables (mean ± the
/// half-width of the 95% confidence interval), and error-bar charts beside it.
/// </summary>
public static class ComparisonReport
{
    public const string CsvFile = "comparison.csv";
    public const string MarkdownFile = "comparison.md";
    public const string DowntimeChart = "comparison-downtime.png";
    public const string FailuresChart = "comparison-failures.png";

    /// <summary>Writes every file into <paramref name="directory"/> and returns their paths.</summary>
    public static IReadOnlyList<string> Write(string directory, ComparisonTable table, string title, IReadOnlyList<string> sources)
    {
        Directory.CreateDirectory(directory);
        var written = new List<string>();
        var csv = Path.Combine(directory, CsvFile);
        ComparisonCsv.Write(csv, table);
        written.Add(csv);

        var points = table.Rows.Select(r => r.Name(table.DistinguishingFields)).ToList();
        var pointsLabel = string.Join(", ", table.DistinguishingFields);
        var charts = new List<(string File, string Caption)>();
        if (ErrorBarChart.Write(Path.Combine(directory, DowntimeChart), "Downtime per migration (mean, 95% CI)", "ms", points,
            [("client-observed", [.. table.Rows.Select(r => r.ClientDowntimeMs)]), ("QEMU", [.. table.Rows.Select(r => r.QemuDowntimeMs)])]))
        {
            charts.Add((DowntimeChart, $"Client-observed and QEMU downtime per {pointsLabel}"));
        }

        if (ErrorBarChart.Write(Path.Combine(directory, FailuresChart), "Broken connections and failed requests per run (mean, 95% CI)", "count", points,
            [("broken connections", [.. table.Rows.Select(r => r.BrokenConnections)]), ("failed requests", [.. table.Rows.Select(r => r.FailedRequests)])]))
        {
            charts.Add((FailuresChart, $"Broken connections and failed requests per {pointsLabel}"));
        }

        foreach (var group in table.Phases.Select(p => p.Group).Distinct())
        {
            var phases = table.Phases.Where(p => p.Group == group).ToList();
            foreach (var (percentile, pick) in (ReadOnlySpan<(string, Func<ComparisonRow, IReadOnlyDictionary<(string, string), Estimate>>)>)[("p50", r => r.P50Ms), ("p95", r => r.P95Ms)])
            {
                var file = $"comparison-{Safe(group)}-{percentile}.png";
                if (ErrorBarChart.Write(Path.Combine(directory, file), $"{group}: response time {percentile} per phase (mean, 95% CI)", "ms",
                    [.. phases.Select(p => p.Phase)], [.. table.Rows.Select((r, i) => (points[i], (IReadOnlyList<Estimate>)[.. phases.Select(p => pick(r)[p])]))]))
                {
                    charts.Add((file, $"{group}: response-time {percentile} per timeline phase"));
                }
            }
        }

        written.AddRange(charts.Select(c => Path.Combine(directory, c.File)));
        var markdown = Path.Combine(directory, MarkdownFile);
        File.WriteAllText(markdown, Markdown(table, title, sources, points, charts));
        written.Add(markdown);
        return written;
    }

    private static string Markdown(ComparisonTable table, string title, IReadOnlyList<string> sources, List<string> points, List<(string File, string Caption)> charts)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# {title}\n\n");
        text.Append(CultureInfo.InvariantCulture,
            $"{table.Rows.Count} point(s), {table.Rows.Sum(r => r.RunIds.Count)} run(s), {table.Rows.Sum(r => r.Completed)} completed. Each cell is the mean over a point's completed runs ± the half-width of its 95% confidence interval (Student's t); a single run has no interval. Downtimes are per migration: client-observed is the gap in the users' probe answers around the destination's RESUME, QEMU's is its own figure.\n\n");
        text.Append("| point | runs | client downtime ms | QEMU downtime ms | migration s | broken connections | failed requests |\n");
        text.Append("|---|---:|---:|---:|---:|---:|---:|\n");
        for (var i = 0; i < table.Rows.Count; i++)
        {
            var row = table.Rows[i];
            text.Append(CultureInfo.InvariantCulture,
                $"| {Cell(points[i])} | {row.Completed}/{row.RunIds.Count} | {row.ClientDowntimeMs.Text()} | {row.QemuDowntimeMs.Text()} | {row.MigrationTotalS.Text("0.##")} | {row.BrokenConnections.Text("0.##")} | {row.FailedRequests.Text("0.##")} |\n");
        }

        foreach (var group in table.Phases.Select(p => p.Group).Distinct())
        {
            var phases = table.Phases.Where(p => p.Group == group).ToList();
            text.Append(CultureInfo.InvariantCulture, $"\n## Response time of {Cell(group)}, ms (p50 / p95)\n\n");
            text.Append("| point | " + string.Join(" | ", phases.Select(p => Cell(p.Phase))) + " |\n");
            text.Append("|---|" + string.Concat(phases.Select(_ => "---:|")) + "\n");
            for (var i = 0; i < table.Rows.Count; i++)
            {
                var row = table.Rows[i];
                var cells = string.Join(" | ", phases.Select(p => $"{row.P50Ms[p].Text()} / {row.P95Ms[p].Text()}"));
                text.Append(CultureInfo.InvariantCulture, $"| {Cell(points[i])} | {cells} |\n");
            }
        }

        if (charts.Count > 0)
        {
            text.Append("\n## Charts\n");
            foreach (var (file, caption) in charts)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n{caption}:\n\n![{caption}]({file})\n");
            }
        }

        text.Append("\n## Runs\n\n");
        for (var i = 0; i < table.Rows.Count; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"- {Cell(points[i])}: {string.Join(", ", table.Rows[i].RunIds)}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"\nFrom: {string.Join(", ", sources)}\n");
        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_'));
}
