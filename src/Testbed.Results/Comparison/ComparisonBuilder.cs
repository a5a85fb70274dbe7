using Testbed.Results.Summary;

namespace Testbed.Results.Comparison;

/// <summary>
/// Groups runs into points and estimates each measure per point. Runs of a sweep are grouped
/// by the experiment and the sweep's values; other runs by the experiment, mechanism and
/// policy. Runs that did not complete are listed but measured not at all: a cut-short run
/// would bias every mean.
/// </summary>
public static class ComparisonBuilder
{
    public const string Mechanism = "mechanism";
    public const string Policy = "policy";

    /// <summary>Sweep fields that name the mechanism or the policy, which every row shows anyway.</summary>
    private static readonly string[] Shown = [Mechanism, Policy, "policy.kind"];

    public static ComparisonTable Build(IEnumerable<RunSummary> runs)
    {
        var points = new List<(string Experiment, Dictionary<string, string> Labels, List<RunSummary> Runs)>();
        var fields = new List<string> { Mechanism, Policy };
        foreach (var run in runs)
        {
            var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [Mechanism] = run.Mechanism, [Policy] = run.Policy };
            foreach (var (field, value) in run.Sweep?.Values ?? new Dictionary<string, string>())
            {
                if (!Shown.Contains(field))
                {
                    labels[field] = value;
                    if (!fields.Contains(field))
                    {
                        fields.Add(field);
                    }
                }
            }

            var point = points.FirstOrDefault(p => p.Experiment == run.Experiment && Same(p.Labels, labels));
            if (point.Runs is null)
            {
                points.Add((run.Experiment, labels, [run]));
            }
            else
            {
                point.Runs.Add(run);
            }
        }

        var phases = new List<(string Group, string Phase)>();
        foreach (var run in points.SelectMany(p => p.Runs).Where(r => r.Completed))
        {
            foreach (var phase in run.ResponseTimeMs.SelectMany(g => run.Phases.Select(p => (g.Key, p.Name))).Where(k => !phases.Contains(k)))
            {
                phases.Add(phase);
            }
        }

        var rows = points.Select(p => Row(p.Experiment, p.Labels, p.Runs, phases)).ToList();
        var distinguishing = fields.Where(f => rows.Select(r => r.Labels.GetValueOrDefault(f)).Distinct().Count() > 1).ToList();
        if (rows.Select(r => r.Experiment).Distinct().Count() > 1)
        {
            distinguishing.Insert(0, ComparisonRow.ExperimentField);
        }

        return new ComparisonTable(fields, distinguishing.Count > 0 ? distinguishing : [Mechanism], phases, rows);
    }

    private static ComparisonRow Row(string experiment, Dictionary<string, string> labels, List<RunSummary> runs, List<(string Group, string Phase)> phases)
    {
        var measured = runs.Where(r => r.Completed).Select(RunMeasures.Of).ToList();
        Estimate Of(Func<RunMeasures, double?> measure) => Estimate.Of([.. measured.Select(measure).OfType<double>()]);
        return new ComparisonRow(
            experiment,
            labels,
            [.. runs.Select(r => r.RunId)],
            measured.Count,
            Of(m => m.ClientDowntimeMs),
            Of(m => m.QemuDowntimeMs),
            Of(m => m.MigrationTotalS),
            Of(m => m.BrokenConnections),
            Of(m => m.FailedRequests),
            phases.ToDictionary(k => k, k => Of(m => m.ResponseTimes.GetValueOrDefault(k)?.P50)),
            phases.ToDictionary(k => k, k => Of(m => m.ResponseTimes.GetValueOrDefault(k)?.P95)));
    }

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(e => b.TryGetValue(e.Key, out var v) && v == e.Value);
}
