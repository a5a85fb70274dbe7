namespace Testbed.Results.Summary;

/// <summary>
/// One migration in summary.json. <see cref="ConvergenceMs"/> and <see cref="ClientDowntimeMs"/>
/// are keyed by user site: from the destination's RESUME to the first answer to a probe sent
/// after it, and from the last answer before the RESUME to that same answer.
/// </summary>
public sealed record MigrationSummary(
    string Vm,
    string From,
    string To,
    string Reason,
    string Outcome,
    double StartS,
    double EndS,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? SwitchoverMs,
    IReadOnlyDictionary<string, double> ConvergenceMs,
    IReadOnlyDictionary<string, double> ClientDowntimeMs,
    long? Bytes,
    int BrokenConnections);
