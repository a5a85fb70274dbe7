namespace Testbed.Results.Comparison;

/// <summary>
/// One point of a comparison: the experiment, the value of every label field (mechanism,
/// policy, and whatever else the sweep varied), the runs behind it, and each measure's estimate.
/// </summary>
public sealed record ComparisonRow(
    string Experiment,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<string> RunIds,
    int Completed,
    Estimate ClientDowntimeMs,
    Estimate QemuDowntimeMs,
    Estimate MigrationTotalS,
    Estimate BrokenConnections,
    Estimate FailedRequests,
    IReadOnlyDictionary<(string Group, string Phase), Estimate> P50Ms,
    IReadOnlyDictionary<(string Group, string Phase), Estimate> P95Ms)
{
    /// <summary>The field name that stands for <see cref="Experiment"/> among the labels.</summary>
    public const string ExperimentField = "experiment";

    /// <summary>The labels that tell this point from the others, e.g. "overlay" or "overlay, 50ms".</summary>
    public string Name(IEnumerable<string> fields) =>
        string.Join(", ", fields.Select(f => f == ExperimentField ? Experiment : Labels.TryGetValue(f, out var v) ? v : "–"));
}
