using Testbed.Results.Files;

namespace Testbed.Results.Comparison;

/// <summary>
/// comparison.csv: one row per point. Every measure has a _mean and a _ci95 column (the
/// half-width of the 95% confidence interval; empty from a single run); response times
/// have one pair per group and phase, named like "travellers.15s-25s.p50_ms_mean".
/// </summary>
public static class ComparisonCsv
{
    public static void Write(string path, ComparisonTable table)
    {
        var header = new List<string> { "experiment" };
        header.AddRange(table.LabelFields);
        header.AddRange(["runs", "completed"]);
        foreach (var measure in (string[])["client_downtime_ms", "qemu_downtime_ms", "migration_total_s", "broken_connections", "failed_requests"])
        {
            header.AddRange([$"{measure}_mean", $"{measure}_ci95"]);
        }

        foreach (var (group, phase) in table.Phases)
        {
            header.AddRange([$"{group}.{phase}.p50_ms_mean", $"{group}.{phase}.p50_ms_ci95", $"{group}.{phase}.p95_ms_mean", $"{group}.{phase}.p95_ms_ci95"]);
        }

        using var csv = ResultsCsv.Writer(new StreamWriter(path));
        foreach (var name in header)
        {
            csv.WriteField(name);
        }

        csv.NextRecord();
        foreach (var row in table.Rows)
        {
            var fields = new List<object?> { row.Experiment };
            fields.AddRange(table.LabelFields.Select(f => row.Labels.GetValueOrDefault(f)));
            fields.AddRange([row.RunIds.Count, row.Completed]);
            foreach (var estimate in (Estimate[])[row.ClientDowntimeMs, row.QemuDowntimeMs, row.MigrationTotalS, row.BrokenConnections, row.FailedRequests])
            {
                fields.AddRange([estimate.Mean, estimate.Ci95]);
            }

            foreach (var key in table.Phases)
            {
                var p50 = row.P50Ms[key];
                var p95 = row.P95Ms[key];
                fields.AddRange([p50.Mean, p50.Ci95, p95.Mean, p95.Ci95]);
            }

            foreach (var field in fields)
            {
                csv.WriteField(field);
            }

            csv.NextRecord();
        }
    }
}
