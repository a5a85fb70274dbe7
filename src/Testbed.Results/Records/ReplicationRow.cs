using Testbed.Workload.Records;

namespace Testbed.Results.Records;

/// <summary>A replica cloned from a running VM (<see cref="Kind"/> "replicate") or dropped ("drop").</summary>
public sealed record ReplicationRow(
    string Kind,
    string Vm,
    string From,
    string DataCenter,
    double StartS,
    double EndS,
    MigrationOutcome Outcome,
    long? QemuTotalMs,
    long? QemuDowntimeMs,
    long? Bytes,
    string Reason,
    string? Error)
{
    public const string Replicate = "replicate";
    public const string Drop = "drop";

    public bool Succeeded => Outcome == MigrationOutcome.Completed;
}
