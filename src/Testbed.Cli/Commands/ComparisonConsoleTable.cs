using Spectre.Console;
using Testbed.Results.Comparison;

namespace Testbed.Cli.Commands;

/// <summary>The printed comparison of `testbed compare` and of a finished sweep: one row per point, mean ± 95% CI.</summary>
internal static class ComparisonConsoleTable
{
    public static void Write(ComparisonTable table)
    {
        var points = new Table().Title("comparison: mean ± 95% CI over each point's completed runs")
            .AddColumns("point", "runs", "client downtime ms", "QEMU downtime ms", "migration s", "broken", "failed");
        var phases = table.Phases.ToList();
        foreach (var (group, phase) in phases)
        {
            points.AddColumn($"{group} {phase} p50 ms");
        }

        foreach (var row in table.Rows)
        {
            var cells = new List<string>
            {
                row.Name(table.DistinguishingFields), $"{row.Completed}/{row.RunIds.Count}", row.ClientDowntimeMs.Text(), row.QemuDowntimeMs.Text(),
                row.MigrationTotalS.Text("0.##"), row.BrokenConnections.Text("0.##"), row.FailedRequests.Text("0.##"),
            };
            cells.AddRange(phases.Select(p => row.P50Ms[p].Text()));
            points.AddRow([.. cells.Select(Markup.Escape)]);
        }

        AnsiConsole.Write(points);
    }
}
