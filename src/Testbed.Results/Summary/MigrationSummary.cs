using Testbed.Workload.Records;

namespace Testbed.Results.Summary;

/// <summary>
/// One migration in summary.json. <see cref="ConvergenceMs"/> and <see cref="ClientDowntimeMs"/>
/// are keyed by user site: from the destination's RESUME to the first answer to a probe sent
/// after it, and from the last answer before the RESUME to that same answer. Both come from
/// the site's worst probe stream, and so does <see cref="AnswersInFlightMs"/>: from the
/// source's STOP to that last answer before the RESUME, the answers the guest had sent
/// before it stopped that were still on their way. <see cref="Parts"/> and these add up to
/// the client downtime (see <see cref="MigrationParts"/>).
/// </summary>
public sealed record MigrationSummary(
    string Vm,
    string From,
    string To,
    string Reason,
    MigrationOutcome Outcome,
    double StartS,
    double EndS,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    double? RestoreMs,
    double? SwitchoverMs,
    IReadOnlyDictionary<string, double> ConvergenceMs,
    IReadOnlyDictionary<string, double> ClientDowntimeMs,
    long? Bytes,
    int BrokenConnections)
{
    public IReadOnlyDictionary<string, double> AnswersInFlightMs { get; init; } = new Dictionary<string, double>();

    public MigrationParts? Parts { get; init; }

    /// <summary>The migration settings QEMU really used (migrations.csv's settings); null when not read.</summary>
    public string? Settings { get; init; }
}
