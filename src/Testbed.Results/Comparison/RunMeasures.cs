using Testbed.Results.Summary;
using Testbed.Workload.Records;

namespace Testbed.Results.Comparison;

/// <summary>
/// What one run contributes to a comparison. Downtimes are means over the run's completed
/// migrations (client downtime over every user site that saw each one); null when the run
/// migrated nothing. Response times are keyed by (group, phase).
/// </summary>
public sealed record RunMeasures(
    double? ClientDowntimeMs,
    double? QemuDowntimeMs,
    double? MigrationTotalS,
    double BrokenConnections,
    double FailedRequests,
    IReadOnlyDictionary<(string Group, string Phase), ResponseTimeStatistics> ResponseTimes)
{
    public static RunMeasures Of(RunSummary summary)
    {
        var completed = summary.Migrations.Where(m => m.Outcome == MigrationOutcome.Completed).ToList();
        var clientDowntimes = completed.SelectMany(m => m.ClientDowntimeMs.Values).ToList();
        var qemuDowntimes = completed.Where(m => m.QemuDowntimeMs is not null).Select(m => (double)m.QemuDowntimeMs!.Value).ToList();
        var totals = completed.Where(m => m.QemuTotalMs is not null).Select(m => m.QemuTotalMs!.Value / 1000.0).ToList();
        return new RunMeasures(
            clientDowntimes.Count > 0 ? clientDowntimes.Average() : null,
            qemuDowntimes.Count > 0 ? qemuDowntimes.Average() : null,
            totals.Count > 0 ? totals.Average() : null,
            summary.Requests.BrokenConnections,
            summary.Requests.Failed,
            summary.ResponseTimeMs.SelectMany(g => g.Value.Select(p => KeyValuePair.Create((g.Key, p.Key), p.Value))).ToDictionary());
    }
}
