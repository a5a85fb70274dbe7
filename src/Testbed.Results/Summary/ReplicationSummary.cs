using Testbed.Workload.Records;

namespace Testbed.Results.Summary;

/// <summary>One replica in summary.json: where it was cloned from, when, and when (if) it was dropped.</summary>
public sealed record ReplicationSummary(
    string Vm,
    string From,
    string DataCenter,
    string Reason,
    MigrationOutcome Outcome,
    double StartS,
    double EndS,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    long? Bytes,
    double? DroppedS);
